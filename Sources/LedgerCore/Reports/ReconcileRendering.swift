import Foundation

// MARK: - Rendering

extension ReconcileReport {
  public func json() -> JSONValue {
    .object([
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "knownAt": .date(knownAt),
      "linesChecked": .number(String(linesChecked)),
      "lines": .array(
        lines.map { l in
          .sortedObject([
            "breaks": .array(l.breaks.map(\.json)),
            "derivative": .bool(l.derivative),
            "exercisePrice": .amount(l.exercisePrice),
            "expirationDate": .date(l.expirationDate),
            "issuer": l.issuer.json,
            "nature": .string(l.nature),
            "natureFootnotes": .array(l.natureFootnotes.map(\.json)),
            "owners": .array(l.owners.map(\.json)),
            "ownership": .string(l.ownership.rawValue),
            "security": .string(l.security),
            "underlying": .string(l.underlying),
          ])
        }),
      "staleLines": .array(staleLines.map(\.json)),
    ])
  }

  public static let csvHeader = [
    "issuer_cik", "issuer_name", "owners", "security", "derivative", "ownership", "nature", "nature_footnotes", "exercise_price",
    "expiration_date", "date", "accession", "form", "filed_at", "row", "code", "acquired_disposed", "delta", "previous",
    "previous_date", "previous_accession", "expected", "reported", "difference", "cause", "cause_text",
  ]

  public func csv() -> CSVTable {
    CSVTable(
      header: ReconcileReport.csvHeader,
      rows: lines.flatMap { l in
        l.breaks.map { b in
          [
            l.issuer.cik?.rawValue ?? "", l.issuer.name, l.owners.map(\.name).joined(separator: "; "), l.security,
            l.derivative ? "true" : "false", l.ownership.rawValue, l.nature, l.natureFootnotes.csvCell, l.exercisePrice?.description ?? "",
            l.expirationDate?.description ?? "", b.date.description, b.filing.rawValue, b.form.rawValue,
            b.filedAt.description, b.row, b.code?.rawValue ?? "", b.acquiredDisposed?.rawValue ?? "",
            b.delta?.description ?? "", b.previous?.description ?? "", b.previousDate?.description ?? "",
            b.previousFiling?.rawValue ?? "", b.expected.description, b.reported.description, b.difference.description,
            b.cause?.kind ?? "", b.cause?.text ?? "",
          ]
        }
      }
        + staleLines.map { l in
          [
            l.issuer.cik?.rawValue ?? "", l.issuer.name, l.owners.map(\.name).joined(separator: "; "), l.security,
            l.derivative ? "true" : "false", l.ownership.rawValue, l.nature, l.natureFootnotes.csvCell, l.exercisePrice?.description ?? "",
            l.expirationDate?.description ?? "", l.filedAt.description, l.filing.rawValue, "3", l.filedAt.description, "", "", "", "",
            l.balance?.description ?? "", "", "", "", "", "", "stale-line", l.reason,
          ]
        })
  }

  public func table() -> String {
    let who = Terminal.printable(person?.name ?? issuer.map { "\($0.name) (all owners)" } ?? "everyone")
    let count = lines.reduce(0) { $0 + $1.breaks.count }
    var out = "\(who): reconciliation" + (knownAt.map { " as known at \($0)" } ?? "")
    out += " (\(linesChecked) line\(linesChecked == 1 ? "" : "s") checked, \(count) break\(count == 1 ? "" : "s") on \(lines.count))\n"
    for l in lines {
      let owners = person == nil ? " · " + l.owners.map(\.name).joined(separator: "; ") : ""
      out += "\n" + Terminal.printable("\(l.issuer.name)\(l.issuer.ticker.map { " (\($0))" } ?? ""): \(l.label)\(owners)") + "\n"
      out += l.natureFootnotes.listed
      out += TextTable(
        columns: [
          .init("DATE"), .init("FILING"), .init("FORM"), .init("ROW"), .init("PREVIOUS", right: true), .init("FROM"),
          .init("ROW AMOUNT", right: true), .init("EXPECTED", right: true), .init("REPORTED", right: true),
          .init("DIFFERENCE", right: true), .init("LIKELY CAUSE"),
        ],
        rows: l.breaks.map { b in
          [
            b.date.description, b.filing.rawValue, b.form.rawValue, b.row.shortRowPath, b.previous?.grouped ?? "none",
            b.previousDate.map { "\($0)" } ?? "", b.delta.map { ($0.isNegative ? "" : "+") + $0.grouped } ?? "holding",
            b.expected.grouped, b.reported.grouped, (b.difference.isNegative ? "" : "+") + b.difference.grouped,
            b.cause?.text ?? "unexplained",
          ]
        }
      ).rendered()
    }
    if !staleLines.isEmpty {
      out += "\nStale lines (opened by a Form 3, never reported again):\n"
      for l in staleLines {
        let balance = l.balance?.grouped ?? "unknown"
        let held = l.ownership == .direct ? "D" : "I: " + l.nature + l.natureFootnotes.marker
        out += Terminal.printable("\(l.issuer.name): \(l.security) · \(held), \(balance): \(l.reason)") + "\n"
        out += l.natureFootnotes.listed
      }
    }
    return out
  }
}

extension StaleLine {
  var json: JSONValue {
    .sortedObject([
      "accession": .string(filing.rawValue),
      "balance": .amount(balance),
      "derivative": .bool(derivative),
      "exercisePrice": .amount(exercisePrice),
      "expirationDate": .date(expirationDate),
      "filedAt": .string(filedAt.description),
      "issuer": issuer.json,
      "laterAccession": .string(laterFiling.rawValue),
      "laterDate": .string(laterDate.description),
      "laterSecurity": .string(laterSecurity),
      "nature": .string(nature),
      "natureFootnotes": .array(natureFootnotes.map(\.json)),
      "owners": .array(owners.map(\.json)),
      "ownership": .string(ownership.rawValue),
      "reason": .string(reason),
      "security": .string(security),
      "underlying": .string(underlying),
    ])
  }
}

extension Break {
  var json: JSONValue {
    var cause: JSONValue = .null
    if let c = self.cause {
      var fields: [String: JSONValue] = ["kind": .string(c.kind), "text": .string(c.text)]
      switch c {
      case .split(let n), .reverseSplit(let n): fields["ratio"] = .number(String(n))
      case .splitPastForm5(let n, let filing, _):
        fields["ratio"] = .number(String(n))
        fields["source"] = .string(filing.rawValue)
      case .movedBetweenLines(let other, let date):
        fields["otherLine"] = .string(other)
        fields["otherDate"] = .string(date.description)
      case .form5(let filing, _): fields["source"] = .string(filing.rawValue)
      case .lateForm5(let filing, _, _): fields["source"] = .string(filing.rawValue)
      case .flagContradiction(let flag, _): fields["flag"] = .string(flag.rawValue)
      case .firstAppearance: break
      }
      cause = .object(fields)
    }
    return .sortedObject([
      "accession": .string(filing.rawValue),
      "acquiredDisposed": .string(acquiredDisposed?.rawValue),
      "cause": cause,
      "code": .string(code?.rawValue),
      "date": .string(date.description),
      "delta": .amount(delta),
      "difference": .amount(difference),
      "expected": .amount(expected),
      "filedAt": .string(filedAt.description),
      "form": .string(form.rawValue),
      "kind": .string(kind.rawValue),
      "previous": .amount(previous),
      "previousAccession": .string(previousFiling?.rawValue),
      "previousDate": .date(previousDate),
      "reported": .amount(reported),
      "row": .string(row),
    ])
  }
}

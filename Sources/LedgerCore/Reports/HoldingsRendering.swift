import Foundation

extension HoldingsReport {
  public func json() -> JSONValue {
    var fields = headerJSON
    fields["positions"] = .array(positions.map(\.json))
    return .object(fields)
  }

  /// Every field of the JSON but the positions, which sort last.
  public var headerJSON: [String: JSONValue] {
    [
      "asOf": .string(asOf.description),
      "knownAt": .date(knownAt),
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "beneficialOwnership": .array(beneficialOwnership.map(\.json)),
    ]
  }

  /// `json()` as it renders, a piece at a time, each position's as it is made: a holder of
  /// thousands of lines need not have their value tree in memory.
  public func writeJSON(to write: @escaping (String) -> Void) {
    var writer = JSONArrayWriter(key: "positions", leading: headerJSON, write: write)
    for p in positions { writer.append(p.json) }
    writer.finish(with: [:])
  }

  /// `csv()` as it renders, a piece at a time.
  public func writeCSV(to write: (String) -> Void) {
    CSVTable.write(header: HoldingsReport.csvHeader, rows: positions.lazy.map(HoldingsReport.csvRow), to: write)
  }

  public static let csvHeader = [
    "owner_cik", "owner_name", "joint_owners", "issuer_cik", "issuer_name", "issuer_ticker", "security", "derivative",
    "ownership", "nature", "shares", "shares_from", "value", "exercise_price", "expiration_date", "status", "underlying",
    "underlying_amount", "exercisable", "vesting_basis", "vesting_rule", "grants", "since", "accession", "accession_estimated",
    "filed_at", "filed_at_estimated", "form", "delta_sum", "footnotes",
  ]

  public func csv() -> CSVTable {
    CSVTable(header: HoldingsReport.csvHeader, rows: positions.map(HoldingsReport.csvRow))
  }

  static func csvRow(_ p: Position) -> [String] {
    [
      p.owner.cik?.rawValue ?? "", p.owner.name, p.owners.filter { $0 != p.owner }.map(\.name).joined(separator: "; "),
      p.issuer.cik?.rawValue ?? "", p.issuer.name, p.issuer.ticker ?? "", p.security, p.derivative ? "true" : "false",
      p.ownership.rawValue, p.nature, p.unit == .shares ? p.balance?.description ?? "" : "", p.sharesFrom.rawValue,
      p.unit == .value ? p.balance?.description ?? "" : "", p.exercisePrice?.description ?? "",
      p.expirationDate?.description ?? "", p.status.rawValue, p.underlying ?? "", p.underlyingAmount?.description ?? "",
      p.exercisable?.description ?? "", p.vesting?.basis?.rawValue ?? "", p.vesting?.rule ?? "", String(p.grants.count),
      p.since.description, p.filing.rawValue, p.filing.isEstimated ? "true" : "false", p.filedAt.description,
      p.filedAtEstimated ? "true" : "false", p.form.rawValue, p.deltaSum?.description ?? "",
      p.allFootnotes.csvCell,
    ]
  }

  /// The table for people; `grants` lists each line's grants under it.
  public func table(grants: Bool = false) -> String {
    let who = Terminal.printable(person?.name ?? issuer.map { "\($0.name) (all owners)" } ?? "everyone")
    var out = "\(who): holdings as of \(asOf)" + (knownAt.map { ", as known at \($0)" } ?? "") + "\n"
    if positions.isEmpty {
      return out + "No positions.\n"
    }
    out += "\n"
    var rows: [[String]] = []
    for p in positions {
      var expires = p.expirationDate?.description ?? (p.expirationDateFootnotes.isEmpty ? "" : "see" + p.expirationDateFootnotes.marker)
      if p.status == .expired { expires += " (expired)" }
      var exercisable = ""
      if p.derivative && p.unit == .shares {
        exercisable = p.exercisable?.grouped ?? ("unknown" + p.vestingFootnotes.marker)
      }
      rows.append([
        person == nil ? p.owner.name : "", person == nil ? p.ownerRole : "", p.issuer.name + (p.issuer.ticker.map { " (\($0))" } ?? ""), p.security,
        p.ownership == .direct ? "D" : "I: " + p.nature + p.natureFootnotes.marker,
        p.unit == .shares ? (p.balance?.grouped ?? "unknown" + p.balanceFootnotes.marker) : "",
        p.unit == .value ? (p.balance?.grouped ?? "unknown" + p.balanceFootnotes.marker) : "",
        exercisable, p.exercisePrice?.description ?? (p.exercisePriceFootnotes.isEmpty ? "" : "see" + p.exercisePriceFootnotes.marker),
        expires, p.underlying ?? "", (p.underlyingAmount?.grouped ?? "") + (p.sharesFrom == .underlying ? " *" : ""),
        p.since.description, p.filing.rawValue + (p.filing.isEstimated ? " (estimated)" : ""),
        p.owners.filter { $0 != p.owner }.map(\.name).joined(separator: "; "),
      ])
      if grants && p.grants.count > 1 {
        for g in p.grants {
          rows.append([
            "", "", "", "  grant \(g.number): opened \(g.opened) by \(g.filing.rawValue) \(g.row.shortRowPath)", "", g.shares.grouped, "", "", "",
            "", "", "", "", "", "",
          ])
        }
      }
    }
    let table = TextTable(
      columns: [
        .init("OWNER"), .init("ROLE"), .init("ISSUER"), .init("SECURITY"), .init("HELD"), .init("SHARES", right: true), .init("VALUE $", right: true),
        .init("EXERCISABLE", right: true), .init("EXERCISE", right: true), .init("EXPIRES"), .init("UNDERLYING"),
        .init("UNDERLYING AMT", right: true), .init("SINCE"), .init("FILING"), .init("JOINT WITH"),
      ],
      rows: rows)
    out += table.rendered()
    if positions.contains(where: { $0.sharesFrom == .underlying }) {
      out += "\n* a derivative holding that reports only its underlying amount: the line's amount is that amount\n"
    }
    var seen = Set<FootnoteRef.Listed>()
    var notes: [String] = []
    for p in positions {
      for n in p.allFootnotes where seen.insert(FootnoteRef.Listed(n)).inserted {
        notes.append("[\(n.id)] \(Terminal.printable(n.text ?? "(footnote not in the filing)"))")
      }
    }
    if !notes.isEmpty { out += "\n" + notes.joined(separator: "\n") + "\n" }
    if !beneficialOwnership.isEmpty {
      out += "\nBeneficial ownership (Rule 13d-3: held, plus rights exercisable by \(asOf.adding(days: Holdings.rightToAcquireDays))):\n\n"
      let summary = TextTable(
        columns: [
          .init("OWNER"), .init("ISSUER"), .init("CLASS"), .init("SHARES", right: true), .init("RIGHT TO ACQUIRE", right: true),
          .init("TOTAL", right: true), .init("LINES", right: true), .init("UNKNOWN", right: true),
        ],
        rows: beneficialOwnership.map { b in
          [
            b.owner.name, b.issuer.name + (b.issuer.ticker.map { " (\($0))" } ?? ""), b.security, b.shares.grouped, b.rightToAcquire.grouped,
            b.total.grouped, String(b.lines), b.unknownLines == 0 ? "" : String(b.unknownLines),
          ]
        })
      out += summary.rendered()
    }
    return out
  }
}

extension Position {
  /// The footnotes a position cites: nature, balance, exercise price, expiration, vesting.
  var allFootnotes: [FootnoteRef] {
    natureFootnotes + balanceFootnotes + exercisePriceFootnotes + expirationDateFootnotes + vestingFootnotes
  }

  /// Its fields in the byte order of their keys (`sortedObject`): a big holder's JSON has
  /// thousands of positions.
  var json: JSONValue {
    .sortedObject([
      "accession": .string(filing.rawValue),
      "accessionEstimated": .bool(filing.isEstimated),
      "deltaSum": .amount(deltaSum),
      "derivative": .bool(derivative),
      "exercisable": .amount(exercisable),
      "exercisePrice": .amount(exercisePrice),
      "exercisePriceFootnotes": .array(exercisePriceFootnotes.map(\.json)),
      "expirationDate": .date(expirationDate),
      "expirationDateFootnotes": .array(expirationDateFootnotes.map(\.json)),
      "filedAt": .string(filedAt.description),
      "filedAtEstimated": .bool(filedAtEstimated),
      "form": .string(form.rawValue),
      "grants": .array(grants.map(\.json)),
      "issuer": issuer.json,
      "jointOwners": .array(owners.filter { $0 != owner }.map(\.json)),
      "nature": .string(nature),
      "natureFootnotes": .array(natureFootnotes.map(\.json)),
      "owner": owner.json,
      "ownership": .string(ownership.rawValue),
      "security": .string(security),
      "shares": unit == .shares ? .amount(balance) : .null,
      "sharesFootnotes": .array(unit == .shares ? balanceFootnotes.map(\.json) : []),
      "sharesFrom": .string(sharesFrom.rawValue),
      "since": .string(since.description),
      "status": .string(status.rawValue),
      "underlying": .string(underlying),
      "underlyingAmount": .amount(underlyingAmount),
      "value": unit == .value ? .amount(balance) : .null,
      "valueFootnotes": .array(unit == .value ? balanceFootnotes.map(\.json) : []),
      "vesting": vesting?.json ?? .null,
      "vestingFootnotes": .array(vestingFootnotes.map(\.json)),
    ])
  }
}

extension Vesting {
  var json: JSONValue {
    .sortedObject([
      "basis": .string(basis?.rawValue),
      "footnote": .string(footnote),
      "rule": .string(rule),
      "schedule": .array(schedule.map { .sortedObject(["date": .string($0.date.description), "shares": .amount($0.shares)]) }),
    ])
  }
}

extension PositionGrant {
  var json: JSONValue {
    .sortedObject([
      "accession": .string(filing.rawValue),
      "grant": .number(String(number)),
      "opened": .string(opened.description),
      "row": .string(row),
      "shares": .amount(shares),
    ])
  }
}

extension BeneficialOwnership {
  var json: JSONValue {
    .sortedObject([
      "issuer": issuer.json,
      "lines": .number(String(lines)),
      "owner": owner.json,
      "rightToAcquire": .amount(rightToAcquire),
      "security": .string(security),
      "shares": .amount(shares),
      "total": .amount(total),
      "unknownLines": .number(String(unknownLines)),
    ])
  }
}

extension PartyRef {
  public var json: JSONValue { .sortedObject(["cik": .string(cik?.rawValue), "name": .string(name)]) }
}

extension IssuerRef {
  public var json: JSONValue { .sortedObject(["cik": .string(cik?.rawValue), "name": .string(name), "ticker": .string(ticker)]) }
}

extension FootnoteRef {
  var json: JSONValue { .sortedObject(["id": .string(id), "text": .string(text)]) }

  /// A footnote as a set of those already listed holds it: equal as footnotes are, hashed by
  /// its id and its text's length only, not the whole text (a big holder's positions cite the
  /// same few long texts thousands of times; texts of one id and length compare whole).
  struct Listed: Hashable {
    var footnote: FootnoteRef

    init(_ footnote: FootnoteRef) { self.footnote = footnote }

    func hash(into hasher: inout Hasher) {
      hasher.combine(footnote.id)
      hasher.combine(footnote.text?.utf8.count ?? -1)
    }
  }
}

extension [FootnoteRef] {
  /// ` [F1,F2]`, for a cell whose value is only in footnotes.
  var marker: String { map(\.id).marker }

  /// `F1: text | F2: text`, a CSV cell.
  var csvCell: String { map { "\($0.id): \($0.text ?? "")" }.joined(separator: " | ") }

  /// `[F1] text`, a line each, under the heading of a line that cites them.
  var listed: String { map { "[\($0.id)] " + Terminal.printable($0.text ?? "(footnote not in the filing)") + "\n" }.joined() }

  /// The texts, for sorting lines whose other fields are equal (two "See Footnote" holders).
  var sortKey: String { map { $0.text ?? $0.id }.joined(separator: "\u{1E}") }
}

extension [String] {
  /// ` [F1,F2]`: footnote ids after a cell (nothing for none).
  var marker: String { isEmpty ? "" : " [" + joined(separator: ",") + "]" }
}

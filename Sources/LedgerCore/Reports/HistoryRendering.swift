import Foundation

// MARK: - Rendering

extension HistoryReport {
  public func json() -> JSONValue {
    var fields = headerJSON
    fields["entries"] = .array(entries.map(\.json))
    return .object(fields)
  }

  /// Every field of the JSON but the entries (which sort first, so that they can be written as
  /// they come before these).
  public var headerJSON: [String: JSONValue] {
    [
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "knownAt": .date(knownAt),
      "vesting": vesting.map { .array($0.map(\.json)) } ?? .null,
    ]
  }

  public static let csvHeader = [
    "date", "accession", "accession_estimated", "filed_at", "filed_at_estimated", "form", "source", "row", "kind", "issuer_cik",
    "issuer_name", "issuer_ticker", "owner_ciks", "owners", "security", "derivative", "ownership", "nature", "exercise_price", "expiration_date",
    "underlying", "code", "acquired_disposed", "shares", "value", "price", "shares_after", "value_after",
    "underlying_amount", "balance", "delta_sum", "grant", "linked_row", "status", "superseded_by", "footnotes",
  ]

  public func csv() -> CSVTable {
    CSVTable(header: HistoryReport.csvHeader, rows: entries.map(HistoryReport.csvRow))
  }

  /// One entry's CSV fields, in `csvHeader`'s order.
  public static func csvRow(_ e: HistoryEntry) -> [String] {
    [
      e.date.description, e.filing.rawValue, e.filing.isEstimated ? "true" : "false", e.filedAt.description,
      e.filedAtEstimated ? "true" : "false", e.form.rawValue, e.source, e.row, e.kind.rawValue, e.issuer.cik?.rawValue ?? "",
      e.issuer.name, e.issuer.ticker ?? "", e.owners.map { $0.cik?.rawValue ?? "" }.joined(separator: "; "),
      e.owners.map(\.name).joined(separator: "; "), e.security, e.derivative ? "true" : "false",
      e.ownership.rawValue, e.nature, e.exercisePrice?.description ?? "", e.expirationDate?.description ?? "",
      e.underlying ?? "", e.code?.rawValue ?? "", e.acquiredDisposed?.rawValue ?? "", e.shares?.description ?? "",
      e.value?.description ?? "", e.price?.description ?? "", e.sharesAfter?.description ?? "",
      e.valueAfter?.description ?? "", e.underlyingAmount?.description ?? "", e.balance?.description ?? "",
      e.deltaSum?.description ?? "", e.grant.map(String.init) ?? "", e.linkedRow ?? "", e.status.rawValue,
      e.supersededBy?.rawValue ?? "",
      e.footnotes.map { "\($0.id): \($0.text ?? "")" }.joined(separator: " | "),
    ]
  }

  public func table() -> String {
    var table = HistoryTable(showsOwners: person == nil)
    for e in entries { table.add(e) }
    return table.rendered(self)
  }
}

/// `ledger history`'s table, built an entry at a time: each row's cells, and each footnote and
/// source the first time a row names it. It is rendered once every row is in, since the
/// column widths depend on them all; the entries themselves are not kept.
public struct HistoryTable {
  /// Whether the OWNER column is filled: a history of an issuer's owners, not of a person.
  let showsOwners: Bool
  private var rows: [[String]] = []
  private var notes: [String] = []
  private var seenNotes = Set<String>()
  private var sources: [String] = []
  private var listed = Set<String>()

  public init(showsOwners: Bool) {
    self.showsOwners = showsOwners
  }

  public mutating func add(_ e: HistoryEntry) {
    let amount = e.shares?.grouped ?? e.value.map { "$" + $0.grouped } ?? (e.kind == .transaction ? "unknown" : "")
    let after = e.sharesAfter?.grouped ?? e.valueAfter.map { "$" + $0.grouped } ?? "unknown"
    var security = e.security
    if e.derivative {
      var terms: [String] = []
      if let p = e.exercisePrice { terms.append("@" + p.description) }
      if let x = e.expirationDate { terms.append("exp " + x.description) }
      if !terms.isEmpty { security += " (" + terms.joined(separator: ", ") + ")" }
    }
    var status = e.status.rawValue
    if let by = e.supersededBy { status += " by " + by.rawValue }
    rows.append([
      e.date.description, showsOwners ? e.owners.map(\.name).joined(separator: "; ") : "",
      e.filing.rawValue + (e.filing.isEstimated ? " (est.)" : ""), e.form.rawValue,
      e.filedAt.description + (e.filedAtEstimated ? " (est.)" : ""), e.row.shortRowPath, security,
      e.ownership == .direct ? "D" : "I: " + e.nature + e.natureFootnoteIds.marker, e.code?.rawValue ?? "", e.acquiredDisposed?.rawValue ?? "",
      amount, e.price?.description ?? "", after, e.deltaSum?.grouped ?? "", e.grant.map(String.init) ?? "",
      e.linkedRow?.shortRowPath ?? "", status,
    ])
    for f in e.footnotes where seenNotes.insert(e.filing.rawValue + f.id).inserted {
      notes.append("\(e.filing.rawValue) [\(f.id)] \(Terminal.printable(f.text ?? "(footnote not in the filing)"))")
    }
    if listed.insert(e.filing.rawValue).inserted { sources.append("\(e.filing.rawValue)  \(Terminal.printable(e.source))") }
  }

  /// The table under the report's title, then the footnotes, the sources and (when asked for)
  /// the vesting schedules.
  public func rendered(_ report: HistoryReport) -> String {
    var out = ""
    write(report) { out += $0 }
    return out
  }

  /// `rendered(_:)` a piece at a time, to `write`.
  public func write(_ report: HistoryReport, to write: (String) -> Void) {
    let who = Terminal.printable(report.person?.name ?? report.issuer.map { "\($0.name) (all owners)" } ?? "everyone")
    write("\(who): history" + (report.knownAt.map { " as known at \($0)" } ?? "") + "\n")
    if rows.isEmpty { return write("No entries.\n") }
    write("\n")
    let table = TextTable(
      columns: [
        .init("DATE"), .init("OWNER"), .init("FILING"), .init("FORM"), .init("FILED"), .init("ROW"), .init("SECURITY"), .init("HELD"),
        .init("CODE"), .init("A/D"), .init("AMOUNT", right: true), .init("PRICE", right: true),
        .init("AFTER", right: true), .init("DELTA SUM", right: true), .init("GRANT", right: true), .init("LINKED"), .init("STATUS"),
      ],
      rows: rows)
    table.write(write)
    if !notes.isEmpty {
      write("\nFootnotes:\n")
      for note in notes { write(note + "\n") }
    }
    write("\nRecorded from:\n")
    for source in sources { write(source + "\n") }
    for line in report.vesting ?? [] { write("\n" + line.table()) }
  }
}

extension LineSchedule {
  /// "Vesting of SECURITY (@3.99, exp 2014-04-06), D: footnote F1, cliff+installments", then
  /// each installment with the running total.
  func table() -> String {
    var title = security
    var terms: [String] = []
    if let p = exercisePrice { terms.append("@" + p.description) }
    if let x = expirationDate { terms.append("exp " + x.description) }
    if !terms.isEmpty { title += " (" + terms.joined(separator: ", ") + ")" }
    title += ", " + (ownership == .direct ? "D" : "I: " + nature)
    guard let vesting else { return "Vesting of \(Terminal.printable(title)): no grant row to read it from\n" }
    var source = vesting.basis?.rawValue ?? "unknown"
    if let f = vesting.footnote { source += " " + f }
    var out = "Vesting of \(Terminal.printable(title)): \(source), \(vesting.rule)\n"
    out += footnotes.listed
    guard !vesting.schedule.isEmpty else { return out }
    var total = Amount.zero
    let table = TextTable(
      columns: [.init("DATE"), .init("SHARES", right: true), .init("CUMULATIVE", right: true)],
      rows: vesting.schedule.map { i in
        total = total + i.shares
        return [i.date.description, i.shares.grouped, total.grouped]
      })
    return out + table.rendered()
  }

  var json: JSONValue {
    .sortedObject([
      "exercisePrice": .amount(exercisePrice),
      "expirationDate": .date(expirationDate),
      "issuer": issuer.json,
      "nature": .string(nature),
      "owners": .array(owners.map(\.json)),
      "ownership": .string(ownership.rawValue),
      "security": .string(security),
      "underlying": .string(underlying),
      "vesting": vesting?.json ?? .null,
      "vestingFootnotes": .array(footnotes.map(\.json)),
    ])
  }
}

extension HistoryEntry {
  var json: JSONValue {
    .sortedObject([
      "accession": .string(filing.rawValue),
      "accessionEstimated": .bool(filing.isEstimated),
      "acquiredDisposed": .string(acquiredDisposed?.rawValue),
      "balance": .amount(balance),
      "code": .string(code?.rawValue),
      "date": .string(date.description),
      "deltaSum": .amount(deltaSum),
      "derivative": .bool(derivative),
      "exercisePrice": .amount(exercisePrice),
      "expirationDate": .date(expirationDate),
      "filedAt": .string(filedAt.description),
      "filedAtEstimated": .bool(filedAtEstimated),
      "footnotes": .array(footnotes.map(\.json)),
      "form": .string(form.rawValue),
      "grant": grant.map { .number(String($0)) } ?? .null,
      "issuer": issuer.json,
      "kind": .string(kind.rawValue),
      "linkedRow": .string(linkedRow),
      "nature": .string(nature),
      "owners": .array(owners.map(\.json)),
      "ownership": .string(ownership.rawValue),
      "price": .amount(price),
      "row": .string(row),
      "security": .string(security),
      "shares": .amount(shares),
      "sharesAfter": .amount(sharesAfter),
      "source": .string(source),
      "status": .string(status.rawValue),
      "supersededBy": .string(supersededBy?.rawValue),
      "underlying": .string(underlying),
      "underlyingAmount": .amount(underlyingAmount),
      "value": .amount(value),
      "valueAfter": .amount(valueAfter),
    ])
  }
}

extension String {
  /// `derivativeTable.transactions[0]` as `II T0`, for narrow tables.
  /// Read from the bytes: a history lists every row of a person's lines.
  var shortRowPath: String {
    let bytes = Array(utf8)
    let table = hasPrefix("derivative") ? "II" : "I"
    let dot = bytes.firstIndex(of: UInt8(ascii: ".")).map { $0 + 1 } ?? bytes.count
    let kind = bytes[dot...].starts(with: "transactions".utf8) ? "T" : "H"
    let open = bytes.lastIndex(of: UInt8(ascii: "[")).map { $0 + 1 } ?? bytes.count
    let close = bytes.last == UInt8(ascii: "]") ? bytes.count - 1 : bytes.count
    return table + " " + kind + String(decoding: bytes[open..<max(open, close)], as: UTF8.self)
  }
}

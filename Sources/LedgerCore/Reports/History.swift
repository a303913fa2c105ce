import Foundation
import GRDB

/// What `ledger history` asks.
public struct HistoryRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  public var security: String?
  public var knownAt: LedgerDate?

  public init(person: PersonSelector?, issuer: String? = nil, security: String? = nil, knownAt: LedgerDate? = nil) {
    self.person = person
    self.issuer = issuer
    self.security = security
    self.knownAt = knownAt
  }
}

/// Every row of the selected lines, in balance order, with the running balance and provenance.
public struct HistoryReport: Sendable {
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var knownAt: LedgerDate?
  public var entries: [HistoryEntry]
}

public struct HistoryEntry: Sendable {
  public enum Status: String, Sendable {
    case inForce = "in force"
    case superseded
    case pending
  }

  public var date: LedgerDate
  public var filing: FilingID
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  public var form: FormType
  public var row: String
  public var kind: RowKind
  public var issuer: IssuerRef
  public var owners: [PartyRef]
  public var security: String
  public var derivative: Bool
  public var ownership: DirectOrIndirect
  public var nature: String
  public var unit: LineFacts.Unit
  public var exercisePrice: Amount?
  public var expirationDate: LedgerDate?
  public var underlying: String?
  public var code: TransactionCode?
  public var acquiredDisposed: AcquiredDisposed?
  public var shares: Amount?
  public var value: Amount?
  public var price: Amount?
  public var sharesAfter: Amount?
  public var valueAfter: Amount?
  public var underlyingAmount: Amount?
  /// The line's balance after this row: the reported amount, when the row is in force.
  public var balance: Amount?
  /// The running sum of signed amounts on the line; nil once a row's amount is unknown.
  public var deltaSum: Amount?
  public var status: Status
  public var supersededBy: FilingID?
  /// Every footnote the row refers to, with its text.
  public var footnotes: [FootnoteRef]
}

extension LedgerStore {
  public func history(_ request: HistoryRequest) throws(LedgerError) -> HistoryReport {
    try read { db in try History.compute(request, db, statements: statements) }
  }
}

enum History {
  static func compute(_ request: HistoryRequest, _ db: Database, statements: StatementCache = StatementCache()) throws -> HistoryReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    let needle = request.security?.trimmed.lowercased()
    var all: [(LineRecord, EntryRecord)] = []
    var lines: [Int64: LineRecord] = [:]
    for line in try reader.lines(person: person?.id, issuer: issuer?.id) {
      if let needle, !needle.isEmpty,
        !line.security.lowercased().contains(needle), !(line.underlying?.lowercased().contains(needle) ?? false)
      {
        continue
      }
      lines[line.id] = line
      for e in try reader.entries(line: line.id, knownAt: request.knownAt) { all.append((line, e)) }
    }
    all.sort { EntryRecord.precedes($0.1, $1.1) }
    let statuses = try scope.statuses(all.map(\.1))
    var balances: [Int64: Amount?] = [:]
    var sums: [Int64: Amount?] = [:]
    var issuers: [Int64: IssuerRef] = [:]
    var owners: [String: [PartyRef]] = [:]
    var out: [HistoryEntry] = []
    for (i, (line, e)) in all.enumerated() {
      let (status, supersededBy) = statuses[i]
      let counts = status != .superseded
      if counts {
        balances[line.id] = .some(e.post)
        if e.kind == .transaction {
          let previous = sums[line.id] ?? .some(.zero)
          if let p = previous, let d = e.delta { sums[line.id] = .some(p + d) } else { sums[line.id] = .some(nil) }
        }
      }
      let reported = try reader.row(of: e)
      let row = reported.row
      let doc = try reader.document(filing: e.filingID)
      let filing = try reader.filing(e.filingID)
      if issuers[line.issuerID] == nil { issuers[line.issuerID] = try Lookup.issuer(id: line.issuerID, db) }
      if owners[line.ownerGroup] == nil { owners[line.ownerGroup] = try Lookup.parties(group: line.ownerGroup, db) }
      out.append(
        HistoryEntry(
          date: e.validDate, filing: filing.filing, filedAt: filing.filedAt, filedAtEstimated: filing.filedEstimated,
          form: filing.form, row: reported.tableRow.path, kind: e.kind, issuer: issuers[line.issuerID]!,
          owners: owners[line.ownerGroup]!, security: line.security, derivative: line.derivative,
          ownership: line.ownership, nature: line.nature, unit: line.unit, exercisePrice: line.exercisePrice,
          expirationDate: line.expirationDate, underlying: line.underlying, code: e.code,
          acquiredDisposed: e.acquiredDisposed, shares: row.transactionAmounts?.transactionShares?.value,
          value: row.transactionAmounts?.transactionTotalValue?.value,
          price: row.transactionAmounts?.transactionPricePerShare?.value,
          sharesAfter: row.postTransactionAmounts?.sharesOwnedFollowingTransaction?.value,
          valueAfter: row.postTransactionAmounts?.valueOwnedFollowingTransaction?.value,
          underlyingAmount: e.underlyingAmount,
          balance: counts ? e.post : nil, deltaSum: counts ? (sums[line.id] ?? nil) : nil, status: status,
          supersededBy: supersededBy, footnotes: doc.footnoteRefs(row.allFootnoteIds)))
    }
    return HistoryReport(person: person, issuer: issuer, knownAt: request.knownAt, entries: out)
  }
}

extension ReportedRow {
  /// Every footnote id the row refers to, in first-use order.
  var allFootnoteIds: [String] {
    var ids: [String] = []
    func add(_ list: [String]?) {
      for id in list ?? [] where !ids.contains(id) { ids.append(id) }
    }
    add(securityTitle.footnoteIds)
    add(conversionOrExercisePrice?.footnoteIds)
    add(transactionDate?.footnoteIds)
    add(deemedExecutionDate?.footnoteIds)
    add(transactionCoding?.footnoteIds)
    add(transactionTimeliness?.footnoteIds)
    add(transactionAmounts?.transactionShares?.footnoteIds)
    add(transactionAmounts?.transactionTotalValue?.footnoteIds)
    add(transactionAmounts?.transactionPricePerShare?.footnoteIds)
    add(transactionAmounts?.transactionAcquiredDisposedCode?.footnoteIds)
    add(exerciseDate?.footnoteIds)
    add(expirationDate?.footnoteIds)
    add(underlyingSecurity?.underlyingSecurityTitle?.footnoteIds)
    add(underlyingSecurity?.underlyingSecurityShares?.footnoteIds)
    add(underlyingSecurity?.underlyingSecurityValue?.footnoteIds)
    add(postTransactionAmounts?.sharesOwnedFollowingTransaction?.footnoteIds)
    add(postTransactionAmounts?.valueOwnedFollowingTransaction?.footnoteIds)
    add(ownershipNature.directOrIndirectOwnership.footnoteIds)
    add(ownershipNature.natureOfOwnership?.footnoteIds)
    return ids
  }
}

// MARK: - Rendering

extension HistoryReport {
  public func json() -> JSONValue {
    .object([
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "knownAt": .date(knownAt),
      "entries": .array(entries.map(\.json)),
    ])
  }

  public static let csvHeader = [
    "date", "accession", "accession_estimated", "filed_at", "filed_at_estimated", "form", "row", "issuer_cik",
    "issuer_name", "owners", "security", "derivative", "ownership", "nature", "exercise_price", "expiration_date",
    "underlying", "code", "acquired_disposed", "shares", "value", "price", "shares_after", "value_after",
    "underlying_amount", "balance", "delta_sum", "status", "superseded_by", "footnotes",
  ]

  public func csv() -> CSVTable {
    CSVTable(
      header: HistoryReport.csvHeader,
      rows: entries.map { e in
        [
          e.date.description, e.filing.rawValue, e.filing.isEstimated ? "true" : "false", e.filedAt.description,
          e.filedAtEstimated ? "true" : "false", e.form.rawValue, e.row, e.issuer.cik?.rawValue ?? "", e.issuer.name,
          e.owners.map(\.name).joined(separator: "; "), e.security, e.derivative ? "true" : "false",
          e.ownership.rawValue, e.nature, e.exercisePrice?.description ?? "", e.expirationDate?.description ?? "",
          e.underlying ?? "", e.code?.rawValue ?? "", e.acquiredDisposed?.rawValue ?? "", e.shares?.description ?? "",
          e.value?.description ?? "", e.price?.description ?? "", e.sharesAfter?.description ?? "",
          e.valueAfter?.description ?? "", e.underlyingAmount?.description ?? "", e.balance?.description ?? "",
          e.deltaSum?.description ?? "", e.status.rawValue, e.supersededBy?.rawValue ?? "",
          e.footnotes.map { "\($0.id): \($0.text ?? "")" }.joined(separator: " | "),
        ]
      })
  }

  public func table() -> String {
    let who = Terminal.printable(person?.name ?? issuer.map { "\($0.name) (all owners)" } ?? "everyone")
    var out = "\(who): history" + (knownAt.map { " as known at \($0)" } ?? "") + "\n"
    if entries.isEmpty { return out + "No entries.\n" }
    out += "\n"
    let table = TextTable(
      columns: [
        .init("DATE"), .init("FILING"), .init("FORM"), .init("FILED"), .init("ROW"), .init("SECURITY"), .init("HELD"),
        .init("CODE"), .init("A/D"), .init("AMOUNT", right: true), .init("PRICE", right: true),
        .init("AFTER", right: true), .init("DELTA SUM", right: true), .init("STATUS"),
      ],
      rows: entries.map { e in
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
        return [
          e.date.description, e.filing.rawValue + (e.filing.isEstimated ? " (est.)" : ""), e.form.rawValue,
          e.filedAt.description + (e.filedAtEstimated ? " (est.)" : ""), e.row.shortRowPath, security,
          e.ownership == .direct ? "D" : "I: " + e.nature, e.code?.rawValue ?? "", e.acquiredDisposed?.rawValue ?? "",
          amount, e.price?.description ?? "", after, e.deltaSum?.grouped ?? "", status,
        ]
      })
    out += table.rendered()
    var seen = Set<String>()
    var notes: [String] = []
    for e in entries {
      for f in e.footnotes where seen.insert(e.filing.rawValue + f.id).inserted {
        notes.append("\(e.filing.rawValue) [\(f.id)] \(Terminal.printable(f.text ?? "(footnote not in the filing)"))")
      }
    }
    if !notes.isEmpty { out += "\nFootnotes:\n" + notes.joined(separator: "\n") + "\n" }
    return out
  }
}

extension HistoryEntry {
  var json: JSONValue {
    .object([
      "date": .string(date.description),
      "accession": .string(filing.rawValue),
      "accessionEstimated": .bool(filing.isEstimated),
      "filedAt": .string(filedAt.description),
      "filedAtEstimated": .bool(filedAtEstimated),
      "form": .string(form.rawValue),
      "row": .string(row),
      "kind": .string(kind.rawValue),
      "issuer": issuer.json,
      "owners": .array(owners.map(\.json)),
      "security": .string(security),
      "derivative": .bool(derivative),
      "ownership": .string(ownership.rawValue),
      "nature": .string(nature),
      "exercisePrice": .amount(exercisePrice),
      "expirationDate": .date(expirationDate),
      "underlying": .string(underlying),
      "code": .string(code?.rawValue),
      "acquiredDisposed": .string(acquiredDisposed?.rawValue),
      "shares": .amount(shares),
      "value": .amount(value),
      "price": .amount(price),
      "sharesAfter": .amount(sharesAfter),
      "valueAfter": .amount(valueAfter),
      "underlyingAmount": .amount(underlyingAmount),
      "balance": .amount(balance),
      "deltaSum": .amount(deltaSum),
      "status": .string(status.rawValue),
      "supersededBy": .string(supersededBy?.rawValue),
      "footnotes": .array(footnotes.map(\.json)),
    ])
  }
}

extension String {
  /// `derivativeTable.transactions[0]` as `II T0`, for narrow tables.
  var shortRowPath: String {
    let table = hasPrefix("derivative") ? "II" : "I"
    let kind = contains(".transactions") ? "T" : "H"
    let index = split(separator: "[").last.map { $0.dropLast() } ?? ""
    return "\(table) \(kind)\(index)"
  }
}

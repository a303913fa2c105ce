import Foundation
import GRDB

/// What `ledger amendments` asks.
public struct AmendmentsRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  public var status: AmendmentResolved.Status?
  public var knownAt: LedgerDate?

  public init(person: PersonSelector? = nil, issuer: String? = nil, status: AmendmentResolved.Status? = nil, knownAt: LedgerDate? = nil) {
    self.person = person
    self.issuer = issuer
    self.status = status
    self.knownAt = knownAt
  }
}

/// Every amendment with its link, as known at a date.
public struct AmendmentsReport: Sendable {
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var knownAt: LedgerDate?
  public var amendments: [AmendmentListing]
}

public struct AmendmentListing: Sendable {
  public var filing: FilingID
  public var form: FormType
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  public var issuer: IssuerRef
  public var owners: [PartyRef]
  public var dateOfOriginalSubmission: LedgerDate?
  public var amends: AccessionNumber?
  public var status: AmendmentResolved.Status
  public var method: AmendmentResolved.Method?
  public var original: FilingID?
  public var originalFiledAt: LedgerDate?
  public var candidates: [(filing: FilingID, filedAt: LedgerDate)]
  public var reason: String
  /// Tables whose rows this amendment restates (its rows in force replace the original's).
  public var tables: [TableKind]
}

enum AmendmentList {
  static func compute(
    _ request: AmendmentsRequest, _ db: Database, statements: StatementCache = StatementCache(), each: (AmendmentListing) -> Void
  ) throws -> AmendmentsReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var scope = Scope.filings(person: person?.id, issuer: issuer?.id)
    scope.add("f.form LIKE '%/A'")
    scope.add("f.duplicate_of IS NULL")
    if let k = request.knownAt { scope.add("f.filed_at <= ?", k.description) }
    let sql = "SELECT DISTINCT f.id, i.name, f.filed_at, f.filing FROM filing f JOIN issuer i ON i.id = f.issuer_id" + scope.join + scope.whereClause
    let args = scope.arguments
    // The order of the listing (issuer name, filing date, filing), sorted as Swift sorts the
    // strings (SQLite's byte order differs for names not in NFC).
    struct Key { var issuer, filedAt, filing: String; var id: Int64 }
    var keys: [Key] = []
    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
    while let row = try rows.next() { keys.append(Key(issuer: row[1], filedAt: row[2], filing: row[3], id: row[0])) }
    keys.sort { ($0.issuer, $0.filedAt, $0.filing) < ($1.issuer, $1.filedAt, $1.filing) }
    for id in keys.lazy.map(\.id) {
      guard let a = try AmendmentLinker.amendment(id: id, db, statements) else { continue }
      let r = AmendmentLinker.resolve(
        a, candidates: try AmendmentLinker.candidates(for: a, db, statements), explicit: try AmendmentLinker.explicitTarget(for: a, db, statements),
        knownAt: request.knownAt)
      if let wanted = request.status, wanted != r.status { continue }
      let row = try Row.fetchOne(db, cached: "SELECT filed_estimated, table1_rows, table2_rows FROM filing WHERE id = ?", arguments: [id])!
      var tables: [TableKind] = []
      if (row["table1_rows"] as Int) > 0 { tables.append(.nonDerivative) }
      if (row["table2_rows"] as Int) > 0 { tables.append(.derivative) }
      each(
        AmendmentListing(
          filing: a.filing, form: a.form, filedAt: a.filedAt, filedAtEstimated: row["filed_estimated"],
          issuer: try Lookup.issuer(id: a.issuerID, db), owners: try Lookup.parties(group: a.ownerGroup, db),
          dateOfOriginalSubmission: a.originalDate, amends: a.amends, status: r.status, method: r.method,
          original: r.original?.filing, originalFiledAt: r.original?.filedAt,
          candidates: r.considered.map { ($0.filing, $0.filedAt) }, reason: r.reason, tables: tables))
    }
    return AmendmentsReport(person: person, issuer: issuer, knownAt: request.knownAt, amendments: [])
  }
}

// MARK: - Rendering

extension AmendmentsReport {
  public func json() -> JSONValue {
    var fields = headerJSON
    fields["amendments"] = .array(amendments.map(Self.json))
    return .object(fields)
  }

  /// The report's fields other than `amendments` (which sorts before them).
  public var headerJSON: [String: JSONValue] {
    ["person": person.map(\.json) ?? .null, "issuer": issuer.map(\.json) ?? .null, "knownAt": .date(knownAt)]
  }

  public static func json(_ a: AmendmentListing) -> JSONValue {
    .object([
      "accession": .string(a.filing.rawValue),
      "accessionEstimated": .bool(a.filing.isEstimated),
      "form": .string(a.form.rawValue),
      "filedAt": .string(a.filedAt.description),
      "filedAtEstimated": .bool(a.filedAtEstimated),
      "issuer": a.issuer.json,
      "owners": .array(a.owners.map(\.json)),
      "dateOfOriginalSubmission": .date(a.dateOfOriginalSubmission),
      "amends": .string(a.amends?.rawValue),
      "status": .string(a.status.rawValue),
      "method": .string(a.method?.rawValue),
      "original": .string(a.original?.rawValue),
      "originalFiledAt": .date(a.originalFiledAt),
      "candidates": .array(a.candidates.map { .object(["accession": .string($0.filing.rawValue), "filedAt": .string($0.filedAt.description)]) }),
      "reason": .string(a.reason),
      "tables": .array(a.tables.map { .string($0.rawValue) }),
    ])
  }

  public func table() -> String { Self.table(rows: amendments.map(Self.tableRow), knownAt: knownAt) }

  /// The table's row for one amendment.
  public static let csvHeader = [
    "accession", "accession_estimated", "form", "filed_at", "filed_at_estimated", "issuer_cik", "issuer_name", "owner_ciks", "owners",
    "date_of_original_submission", "status", "method", "original", "original_filed_at", "restates", "candidates", "reason",
  ]

  /// One amendment as a CSV line (`csvHeader`).
  public static func csvRow(_ a: AmendmentListing) -> [String] {
    [
      a.filing.rawValue, a.filing.isEstimated ? "true" : "false", a.form.rawValue, a.filedAt.description, a.filedAtEstimated ? "true" : "false",
      a.issuer.cik?.rawValue ?? "", a.issuer.name, a.owners.map { $0.cik?.rawValue ?? "" }.joined(separator: "; "),
      a.owners.map(\.name).joined(separator: "; "), a.dateOfOriginalSubmission?.description ?? "", a.status.rawValue,
      a.method?.rawValue ?? "", a.original?.rawValue ?? "", a.originalFiledAt?.description ?? "",
      a.tables.map { $0 == .derivative ? "Table II" : "Table I" }.joined(separator: "; "),
      a.candidates.map { "\($0.filing.rawValue) (filed \($0.filedAt))" }.joined(separator: "; "), a.reason,
    ]
  }

  public static func tableRow(_ a: AmendmentListing) -> [String] {
    [
      a.filing.rawValue + (a.filing.isEstimated ? " (est.)" : ""), a.form.rawValue,
      a.filedAt.description + (a.filedAtEstimated ? " (est.)" : ""), a.issuer.name,
      a.owners.map(\.name).joined(separator: "; "), a.dateOfOriginalSubmission?.description ?? "", a.status.rawValue,
      a.method?.rawValue ?? "", a.original.map { "\($0) (filed \(a.originalFiledAt!))" } ?? "",
      a.tables.map { $0 == .derivative ? "Table II" : "Table I" }.joined(separator: ", "), a.reason,
    ]
  }

  /// The table of the amendments whose rows `tableRow` gave.
  public static func table(rows: [[String]], knownAt: LedgerDate?) -> String {
    var out = "Amendments" + (knownAt.map { " as known at \($0)" } ?? "") + ": \(rows.count)\n"
    if rows.isEmpty { return out }
    out += "\n"
    out += TextTable(
      columns: [
        .init("AMENDMENT"), .init("FORM"), .init("FILED"), .init("ISSUER"), .init("OWNERS"), .init("ORIGINAL DATE"),
        .init("STATUS"), .init("METHOD"), .init("AMENDS"), .init("RESTATES"), .init("WHY"),
      ],
      rows: rows
    ).rendered()
    return out
  }
}

import Foundation
import GRDB

/// What `ledger filings` asks.
public struct FilingsRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?

  public init(person: PersonSelector? = nil, issuer: String? = nil) {
    self.person = person
    self.issuer = issuer
  }
}

/// The recorded filings, with where each came from and what became of it.
public struct FilingsReport: Sendable {
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var filings: [FilingListing]
}

public struct FilingListing: Sendable {
  public var filing: FilingID
  public var form: FormType
  public var period: LedgerDate
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  public var issuer: IssuerRef
  public var owners: [PartyRef]
  /// The file it was recorded from, as the user named it (a data set's name and accession).
  public var source: String
  /// `recorded`; for a copy without accession, `duplicate of ACCESSION`; for an amendment, its
  /// link: `amends ACCESSION`, `pending` or `ambiguous`.
  public var status: String
}

extension Directory {
  static func filings(_ request: FilingsRequest, _ db: Database, statements: StatementCache) throws -> FilingsReport {
    var listings: [FilingListing] = []
    var report = try filings(request, db, statements: statements) { listings.append($0) }
    report.filings = listings
    return report
  }

  /// The filings in the report's order, one at a time, to `each` (read through a cursor, so
  /// that a listing of a million filings holds one at a time); returns the report without them.
  static func filings(
    _ request: FilingsRequest, _ db: Database, statements: StatementCache, each: (FilingListing) throws -> Void
  ) throws -> FilingsReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    var sql = """
      SELECT DISTINCT f.id, f.filing, f.form, f.period, f.filed_at, f.filed_estimated, f.issuer_id, f.owner_group, f.source_name,
        d.filing AS duplicateOf, a.status AS link, o.filing AS original
      FROM filing f LEFT JOIN filing d ON d.id = f.duplicate_of LEFT JOIN amendment a ON a.filing_id = f.id
        LEFT JOIN filing o ON o.id = a.original_id
      """
    let scope = Scope.filings(person: person?.id, issuer: issuer?.id)
    sql += scope.join + scope.whereClause + " ORDER BY f.filed_at, f.filing"
    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(scope.arguments))
    while let row = try rows.next() {
      var status = "recorded"
      if let dup: String = row["duplicateOf"] {
        status = "duplicate of \(dup)"
      } else if let link: String = row["link"] {
        status = link == "linked" ? "amends \((row["original"] as String?) ?? "?")" : link
      }
      try each(
        FilingListing(
          filing: FilingID(rawValue: row["filing"]), form: FormType(rawValue: row["form"]) ?? .form4,
          period: LedgerDate(row["period"] as String) ?? LedgerDate(dayNumber: 0),
          filedAt: LedgerDate(row["filed_at"] as String) ?? LedgerDate(dayNumber: 0), filedAtEstimated: row["filed_estimated"],
          issuer: try reader.issuer(row["issuer_id"]), owners: try reader.parties(row["owner_group"]), source: row["source_name"],
          status: status))
    }
    return FilingsReport(person: person, issuer: issuer, filings: [])
  }
}

extension FilingsReport {
  public func json() -> JSONValue {
    var fields = headerJSON
    fields["filings"] = .array(filings.map(FilingsReport.json))
    return .object(fields)
  }

  /// Every field of the JSON but the filings, which sort first.
  public var headerJSON: [String: JSONValue] {
    ["person": person.map(\.json) ?? .null, "issuer": issuer.map(\.json) ?? .null]
  }

  static func json(_ f: FilingListing) -> JSONValue {
    .object([
      "accession": .string(f.filing.rawValue), "accessionEstimated": .bool(f.filing.isEstimated), "form": .string(f.form.rawValue),
      "periodOfReport": .string(f.period.description), "filedAt": .string(f.filedAt.description),
      "filedAtEstimated": .bool(f.filedAtEstimated), "issuer": f.issuer.json, "owners": .array(f.owners.map(\.json)),
      "source": .string(f.source), "status": .string(f.status),
    ])
  }

  public static let csvHeader = [
    "accession", "accession_estimated", "form", "period_of_report", "filed_at", "filed_at_estimated", "issuer_cik", "issuer_name",
    "owner_ciks", "owners", "source", "status",
  ]

  public func csv() -> CSVTable {
    CSVTable(header: FilingsReport.csvHeader, rows: filings.map(FilingsReport.csvRow))
  }

  public static func csvRow(_ f: FilingListing) -> [String] {
    [
      f.filing.rawValue, f.filing.isEstimated ? "true" : "false", f.form.rawValue, f.period.description, f.filedAt.description,
      f.filedAtEstimated ? "true" : "false", f.issuer.cik?.rawValue ?? "", f.issuer.name,
      f.owners.map { $0.cik?.rawValue ?? "" }.joined(separator: "; "), f.owners.map(\.name).joined(separator: "; "), f.source, f.status,
    ]
  }

  public func table() -> String {
    FilingsReport.table(rows: filings.map(FilingsReport.tableRow), person: person, issuer: issuer)
  }

  /// One filing's cells in the table.
  public static func tableRow(_ f: FilingListing) -> [String] {
    [
      f.filedAt.description + (f.filedAtEstimated ? " (est.)" : ""), f.filing.rawValue + (f.filing.isEstimated ? " (est.)" : ""),
      f.form.rawValue, f.period.description, f.issuer.name, f.owners.map(\.name).joined(separator: "; "), f.status, f.source,
    ]
  }

  /// The table of these rows (`tableRow`), under a title naming whose filings they are.
  public static func table(rows: [[String]], person: PartyRef?, issuer: IssuerRef?) -> String {
    let who = person?.name ?? issuer?.name ?? "All"
    var out = Terminal.printable("\(who): \(rows.count) filing\(rows.count == 1 ? "" : "s")") + "\n"
    guard !rows.isEmpty else { return out }
    out += "\n"
      + TextTable(
        columns: [.init("FILED"), .init("ACCESSION"), .init("FORM"), .init("PERIOD"), .init("ISSUER"), .init("OWNERS"), .init("STATUS"), .init("SOURCE")],
        rows: rows
      ).rendered()
    return out
  }
}

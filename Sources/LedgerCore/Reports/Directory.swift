import Foundation
import GRDB

/// What `ledger people` asks: the insiders, at one issuer or all, as of a date.
public struct PeopleRequest: Sendable {
  public var issuer: String?
  public var asOf: LedgerDate

  public init(issuer: String? = nil, asOf: LedgerDate) {
    self.issuer = issuer
    self.asOf = asOf
  }
}

/// The insiders: one row per person and issuer, with the person's relationship to the issuer
/// as the latest filing on or before the date states it.
public struct PeopleReport: Sendable {
  public var asOf: LedgerDate
  public var issuer: IssuerRef?
  public var people: [Insider]
}

public struct Insider: Sendable {
  public var person: PartyRef
  /// Every name the person filed under, sorted.
  public var names: [String]
  public var issuer: IssuerRef
  /// Director, officer (title), 10% owner, other: from `filing`.
  public var role: String
  public var filing: FilingID
  public var filedAt: LedgerDate
}

/// The issuers: CIK, tickers, names, and how many filings and insiders the ledger holds.
public struct IssuersReport: Sendable {
  public var issuers: [IssuerListing]
}

public struct IssuerListing: Sendable {
  public var issuer: IssuerRef
  /// Every ticker it was filed under, and every name (as compared: upper case, no punctuation).
  public var tickers: [String]
  public var names: [String]
  public var filings: Int
  public var insiders: Int
}

enum Directory {
  static func people(_ request: PeopleRequest, _ db: Database, statements: StatementCache) throws -> PeopleReport {
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    var sql = """
      SELECT o.person_id AS person, f.issuer_id AS issuer, f.id AS filing, f.filed_at AS filedAt, f.filing AS identity
      FROM filing f JOIN filing_owner o ON o.filing_id = f.id
      WHERE f.duplicate_of IS NULL AND f.filed_at <= ?
      """
    if issuer != nil { sql += " AND f.issuer_id = ?" }
    struct Key: Hashable {
      var person: Int64
      var issuer: Int64
    }
    struct Latest {
      var filing: Int64
      var filedAt: String
      var identity: String
    }
    // Each person's latest filing at each issuer: by filing date, then accession. A whole
    // ledger has a row per filing and owner, read by position into a dictionary keyed by two
    // integers.
    var latest: [Key: Latest] = [:]
    var rows = try RawStatement.cached(db, sql)
    defer { rows.finish() }
    rows.bind(request.asOf.description)
    if let issuer { rows.bind(issuer.id) }
    while try rows.step(db) {
      let key = Key(person: rows.int64(0), issuer: rows.int64(1))
      let filedAt = rows.string(3) ?? ""
      if let known = latest[key] {
        guard filedAt > known.filedAt || (filedAt == known.filedAt && rows.string(4) ?? "" > known.identity) else { continue }
      }
      latest[key] = Latest(filing: rows.int64(2), filedAt: filedAt, identity: rows.string(4) ?? "")
    }
    // The people, their names, the filings and their owners' roles in a few statements each.
    try reader.prefetch(filings: latest.values.map(\.filing), footnotes: false, roles: true)
    let personIDs = Set(latest.keys.map(\.person)).sorted()
    var persons: [Int64: PartyRef] = [:]
    try RawStatement.forEachRow(in: personIDs, db, { "SELECT id, cik, name FROM person WHERE id IN (\($0))" }) { s in
      persons[s.int64(0)] = PartyRef(id: s.int64(0), cik: s.string(1).flatMap { CIK($0) }, name: s.string(2) ?? "")
    }
    var namesOf: [Int64: [String]] = [:]
    try RawStatement.forEachRow(in: personIDs, db, { "SELECT person_id, name FROM person_name WHERE person_id IN (\($0)) ORDER BY person_id, name" }) { s in
      namesOf[s.int64(0), default: []].append(s.string(1) ?? "")
    }
    var people: [Insider] = []
    for (key, l) in latest {
      // A filing owner who is not a person: the derived tables are damaged.
      guard let person = persons[key.person] else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "no person \(key.person)") }
      let names = namesOf[key.person] ?? []
      let filing = try reader.filing(l.filing)
      people.append(
        Insider(
          person: person, names: names, issuer: try reader.issuer(key.issuer),
          role: try reader.role(of: person, filing: l.filing), filing: filing.filing, filedAt: filing.filedAt))
    }
    // Issuers of one name (a company and its successor, say) are told apart by CIK, then by
    // their place in the ledger, so that the order never depends on a hash table's.
    people.sort {
      ($0.person.name, $0.person.cik?.rawValue ?? "", $0.person.id, $0.issuer.name, $0.issuer.cik?.rawValue ?? "", $0.issuer.id)
        < ($1.person.name, $1.person.cik?.rawValue ?? "", $1.person.id, $1.issuer.name, $1.issuer.cik?.rawValue ?? "", $1.issuer.id)
    }
    return PeopleReport(asOf: request.asOf, issuer: issuer, people: people)
  }

  /// Every issuer, read in four statements: its counts in one pass over the filings and their
  /// owners, its aliases in one over theirs, grouped by issuer (aliases are keyed by kind and
  /// key, so a statement per issuer would scan them all for each).
  static func issuers(_ db: Database) throws -> IssuersReport {
    // Filings and insiders per issuer: the filing table and the owners' table read side by
    // side, each in its own order (filing id), and counted here, keeping only the distinct
    // (issuer, person) pairs; grouping in SQL would sort every filing and owner of the ledger
    // in temporary b-trees.
    var filings: [Int64: Int] = [:]
    var insiders: [Int64: Int] = [:]
    struct Pair: Hashable {
      var issuer: Int64
      var person: Int64
    }
    var pairs = Set<Pair>()
    var owners = try RawStatement.cached(db, "SELECT filing_id, person_id FROM filing_owner ORDER BY filing_id")
    defer { owners.finish() }
    var more = try owners.step(db)
    var f = try RawStatement.cached(db, "SELECT id, issuer_id FROM filing NOT INDEXED WHERE duplicate_of IS NULL ORDER BY id")
    defer { f.finish() }
    while try f.step(db) {
      let (id, issuer) = (f.int64(0), f.int64(1))
      filings[issuer, default: 0] += 1
      while more && owners.int64(0) < id { more = try owners.step(db) }
      while more && owners.int64(0) == id {
        if pairs.insert(Pair(issuer: issuer, person: owners.int64(1))).inserted { insiders[issuer, default: 0] += 1 }
        more = try owners.step(db)
      }
    }
    var tickers: [Int64: [String]] = [:]
    var names: [Int64: [String]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT issuer_id, kind, key FROM issuer_alias ORDER BY issuer_id, kind, key") {
      let id: Int64 = row[0]
      if (row[1] as String) == "ticker" { tickers[id, default: []].append(row[2]) } else { names[id, default: []].append(row[2]) }
    }
    var listings: [IssuerListing] = []
    for row in try Row.fetchAll(db, sql: "SELECT id, cik, name, ticker FROM issuer") {
      let issuer = Lookup.issuer(row)
      listings.append(
        IssuerListing(
          issuer: issuer, tickers: tickers[issuer.id] ?? [], names: names[issuer.id] ?? [], filings: filings[issuer.id] ?? 0,
          insiders: insiders[issuer.id] ?? 0))
    }
    return IssuersReport(
      issuers: listings.sorted { ($0.issuer.name, $0.issuer.cik?.rawValue ?? "", $0.issuer.id) < ($1.issuer.name, $1.issuer.cik?.rawValue ?? "", $1.issuer.id) })
  }
}

// MARK: - Rendering

extension PeopleReport {
  public func json() -> JSONValue {
    .object([
      "asOf": .string(asOf.description),
      "issuer": issuer.map(\.json) ?? .null,
      "people": .array(
        people.map { p in
          .object([
            "person": p.person.json, "names": .array(p.names.map { .string($0) }), "issuer": p.issuer.json, "role": .string(p.role),
            "accession": .string(p.filing.rawValue), "filedAt": .string(p.filedAt.description),
          ])
        }),
    ])
  }

  public func csv() -> CSVTable {
    CSVTable(
      header: ["cik", "name", "names", "issuer_cik", "issuer_name", "issuer_ticker", "role", "accession", "filed_at"],
      rows: people.map { p in
        [
          p.person.cik?.rawValue ?? "", p.person.name, p.names.joined(separator: "; "), p.issuer.cik?.rawValue ?? "", p.issuer.name,
          p.issuer.ticker ?? "", p.role, p.filing.rawValue, p.filedAt.description,
        ]
      })
  }

  public func table() -> String {
    var out = Terminal.printable((issuer.map { "\($0.name): insiders" } ?? "Insiders") + " as of \(asOf)") + "\n"
    if people.isEmpty { return out + "None.\n" }
    out += "\n"
      + TextTable(
        columns: [.init("NAME"), .init("CIK"), .init("ISSUER"), .init("ROLE"), .init("AS FILED ON"), .init("OTHER NAMES")],
        rows: people.map { p in
          [
            p.person.name, p.person.cik?.rawValue ?? "", p.issuer.name + (p.issuer.ticker.map { " (\($0))" } ?? ""), p.role,
            p.filedAt.description, p.names.filter { $0 != p.person.name }.joined(separator: "; "),
          ]
        }
      ).rendered()
    return out
  }
}

extension IssuersReport {
  public func json() -> JSONValue {
    .object([
      "issuers": .array(
        issuers.map { i in
          .object([
            "issuer": i.issuer.json, "tickers": .array(i.tickers.map { .string($0) }), "names": .array(i.names.map { .string($0) }),
            "filings": .number(String(i.filings)), "insiders": .number(String(i.insiders)),
          ])
        })
    ])
  }

  public func csv() -> CSVTable {
    CSVTable(
      header: ["cik", "name", "ticker", "tickers", "names", "filings", "insiders"],
      rows: issuers.map { i in
        [
          i.issuer.cik?.rawValue ?? "", i.issuer.name, i.issuer.ticker ?? "", i.tickers.joined(separator: "; "), i.names.joined(separator: "; "),
          String(i.filings), String(i.insiders),
        ]
      })
  }

  public func table() -> String {
    guard !issuers.isEmpty else { return "No issuers.\n" }
    return TextTable(
      columns: [.init("ISSUER"), .init("CIK"), .init("TICKERS"), .init("FILINGS", right: true), .init("INSIDERS", right: true), .init("NAMES")],
      rows: issuers.map { i in
        [
          i.issuer.name, i.issuer.cik?.rawValue ?? "", i.tickers.joined(separator: ", "), String(i.filings), String(i.insiders),
          i.names.joined(separator: "; "),
        ]
      }
    ).rendered()
  }
}

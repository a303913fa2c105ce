import Foundation
import GRDB

/// Who a report is about: `--person NAME` (part of a name) or `--cik CIK`.
public enum PersonSelector: Sendable, Equatable {
  case name(String)
  case cik(CIK)
}

/// A person or entity as reports show it.
public struct PartyRef: Hashable, Sendable, Comparable {
  public var id: Int64
  public var cik: CIK?
  public var name: String

  public static func < (l: PartyRef, r: PartyRef) -> Bool {
    (l.name, l.cik?.rawValue ?? "") < (r.name, r.cik?.rawValue ?? "")
  }

  /// `NOTINI ALBERT A` or `Musk Elon (CIK 0001494730)`.
  public var labelWithCIK: String { cik.map { "\(name) (CIK \($0))" } ?? "\(name) (no CIK)" }
}

/// An issuer as reports show it.
public struct IssuerRef: Hashable, Sendable {
  public var id: Int64
  public var cik: CIK?
  public var name: String
  public var ticker: String?
}

enum Lookup {
  /// Resolves the selector to exactly one person, or fails with the candidates.
  static func person(_ selector: PersonSelector, _ db: Database) throws -> PartyRef {
    switch selector {
    case .cik(let cik):
      guard let row = try Row.fetchOne(db, cached: "SELECT id, cik, name FROM person WHERE cik = ?", arguments: [cik.rawValue])
      else { throw LedgerError.noMatch(what: "person with CIK \(cik) in the ledger") }
      return party(row)
    case .name(let text):
      guard !text.trimmed.isEmpty else { throw LedgerError.invalidOption(option: "--person", message: "is empty") }
      let matches = try people(named: text, db)
      if matches.isEmpty {
        let closest = try closestPeople(to: text, db)
        let hint = closest.isEmpty ? "" : "; the closest names: " + closest.map(\.labelWithCIK).joined(separator: "; ")
        throw LedgerError.noMatch(what: "person matches \(quoted(text)) in the ledger\(hint)")
      }
      if matches.count > 1 { throw LedgerError.ambiguousPerson(query: text, matches: matches.map(\.labelWithCIK)) }
      return matches[0]
    }
  }

  /// The people a `--person` text matches, sorted: a case-insensitive substring over every
  /// name the person has filed under (and the name shown, which for an owner filed without a
  /// name is its CIK). Done in Swift so that the text is never part of a query and LIKE's
  /// wildcards (% and _) mean nothing; streamed, since the whole history holds some hundred
  /// thousand names.
  static func people(named text: String, _ db: Database) throws -> [PartyRef] {
    let needle = text.trimmed.lowercased()
    guard !needle.isEmpty else { return [] }
    let matcher = NameMatcher(needle)
    var ids = Set<Int64>()
    for sql in ["SELECT person_id, name FROM person_name", "SELECT id, name FROM person"] {
      let statement = try RawStatement.cached(db, sql)
      while try statement.step(db) {
        let id = statement.int64(0)
        if !ids.contains(id), statement.withText(1, matcher.matches) { ids.insert(id) }
      }
    }
    return try ids.map { id in
      party(try Row.fetchOne(db, cached: "SELECT id, cik, name FROM person WHERE id = ?", arguments: [id])!)
    }.sorted()
  }

  /// The people whose names are nearest `text` by edit distance over their words in order
  /// (case, punctuation and word order ignored), at most `limit`, within a third of its length.
  static func closestPeople(to text: String, _ db: Database, limit: Int = 5) throws -> [PartyRef] {
    let target = Array(NameKey.person(text).utf8)
    guard !target.isEmpty else { return [] }
    let bound = max(2, target.count / 3)
    var best: [Int64: Int] = [:]
    let statement = try RawStatement.cached(db, "SELECT person_id, name_key FROM person_name")
    while try statement.step(db) {
      let id = statement.int64(0)
      let d = statement.withText(1) { EditDistance.between(Array($0), target, atMost: bound) }
      if let d, d < best[id] ?? .max { best[id] = d }
    }
    let nearest = best.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(limit)
    return try nearest.map { party(try Row.fetchOne(db, cached: "SELECT id, cik, name FROM person WHERE id = ?", arguments: [$0.key])!) }
  }

  /// Resolves `--issuer` to one issuer: a CIK; else a ticker; else a name (the exact name
  /// ignoring case and punctuation, else any issuer whose name contains the text or each of its
  /// words). Several issuers for one ticker or name fail with the candidates, each with its CIK
  /// (and, for a ticker, the filing dates between which it used it).
  static func issuer(_ text: String, _ db: Database) throws -> IssuerRef {
    let t = text.trimmed
    guard !t.isEmpty else { throw LedgerError.invalidOption(option: "--issuer", message: "is empty") }
    let (matches, byTicker) = try issuers(matching: t, db)
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 {
      let labels = try matches.map { c -> String in
        let label = "\(c.name) (CIK \(c.cik?.rawValue ?? "none"))"
        guard byTicker, let (first, last) = try tickerDates(issuer: c.id, ticker: t.uppercased(), db) else { return label }
        return label + " from \(first) to \(last)"
      }
      throw LedgerError.ambiguousIssuer(query: t, matches: labels)
    }
    throw LedgerError.noMatch(what: "issuer with CIK, ticker or name \(quoted(t)) in the ledger")
  }

  /// The issuers an `--issuer` text names, sorted by name: the one with that CIK; else those
  /// filed under that ticker; else those with that exact name; else those whose name contains
  /// the text or each of its words. `byTicker` says the ticker chose them.
  static func issuers(matching text: String, _ db: Database) throws -> (issuers: [IssuerRef], byTicker: Bool) {
    let t = text.trimmed
    guard !t.isEmpty else { return ([], false) }
    if let cik = CIK(t), let row = try Row.fetchOne(db, cached: "SELECT * FROM issuer WHERE cik = ?", arguments: [cik.rawValue]) {
      return ([issuer(row)], false)
    }
    func sorted(_ ids: some Sequence<Int64>) throws -> [IssuerRef] {
      try ids.map { try issuer(id: $0, db) }.sorted { ($0.name, $0.cik?.rawValue ?? "") < ($1.name, $1.cik?.rawValue ?? "") }
    }
    let byTicker = try Int64.fetchAll(
      db, cached: "SELECT DISTINCT issuer_id FROM issuer_alias WHERE kind = 'ticker' AND key = ? ORDER BY issuer_id",
      arguments: [t.uppercased()])
    if !byTicker.isEmpty { return (try sorted(byTicker), true) }
    let exact = try Int64.fetchAll(
      db, cached: "SELECT DISTINCT issuer_id FROM issuer_alias WHERE kind = 'name' AND key = ? ORDER BY issuer_id",
      arguments: [NameKey.issuer(t)])
    if !exact.isEmpty { return (try sorted(exact), false) }
    var ids = Set<Int64>()
    let matcher = NameMatcher(t.lowercased())
    let statement = try RawStatement.cached(db, "SELECT id, name FROM issuer")
    while try statement.step(db) {
      if statement.withText(1, matcher.matches) { ids.insert(statement.int64(0)) }
    }
    return (try sorted(ids), false)
  }

  /// The first and last filing dates of an issuer's filings that give `ticker`.
  static func tickerDates(issuer: Int64, ticker: String, _ db: Database) throws -> (LedgerDate, LedgerDate)? {
    var first: LedgerDate?
    var last: LedgerDate?
    var statement = try RawStatement.cached(
      db, "SELECT f.filed_at, e.payload FROM filing f JOIN event e ON e.seq = f.event_seq WHERE f.issuer_id = ? ORDER BY f.filed_at")
    statement.bind(issuer)
    while try statement.step(db) {
      let used = try statement.withPayload(1, db) { PayloadScanner.filingFacts($0)?.issuer.issuerTradingSymbol?.trimmed.uppercased() }
      guard used == ticker, let date = statement.string(0).flatMap({ LedgerDate($0) }) else { continue }
      if first == nil { first = date }
      last = date
    }
    guard let first, let last else { return nil }
    return (first, last)
  }

  static func party(_ row: Row) -> PartyRef {
    PartyRef(id: row["id"], cik: (row["cik"] as String?).flatMap { CIK($0) }, name: row["name"])
  }

  static func issuer(_ row: Row) -> IssuerRef {
    IssuerRef(id: row["id"], cik: (row["cik"] as String?).flatMap { CIK($0) }, name: row["name"], ticker: row["ticker"])
  }

  static func issuer(id: Int64, _ db: Database) throws -> IssuerRef {
    issuer(try Row.fetchOne(db, cached: "SELECT * FROM issuer WHERE id = ?", arguments: [id])!)
  }

  static func parties(group: String, _ db: Database) throws -> [PartyRef] {
    // Read by column position: a holdings query reads the owners of each of its lines' groups.
    var owners: [PartyRef] = []
    for id in group.split(separator: ",").compactMap({ Int64($0) }) {
      var s = try RawStatement.cached(db, "SELECT id, cik, name FROM person WHERE id = ?")
      defer { s.finish() }
      s.bind(id)
      // The group's ids are people's rows (the projector writes both in one transaction).
      guard try s.step(db) else { preconditionFailure("person \(id) of an owner group is missing") }
      owners.append(PartyRef(id: s.int64(0), cik: s.string(1).flatMap { CIK($0) }, name: s.string(2) ?? ""))
    }
    // Sorted by name (not by internal id, which depends on the order of appends).
    return owners.sorted()
  }
}

/// Whether a name answers a `--person` text: contains it, ignoring case as `String.lowercased()`
/// does; or, for a text of several words, has a word beginning with each of them, in any order
/// and ignoring punctuation ("Elon Musk" finds "MUSK ELON", "musk, e." finds it too). Names in
/// plain ASCII (nearly all) are compared byte by byte without building a string.
struct NameMatcher {
  private let text: SubstringMatcher
  /// The text's words (upper case), when it has several.
  private let words: [String]
  /// The longest of them: a name without it cannot match by words.
  private let longest: SubstringMatcher?

  /// `needle` already lowercased.
  init(_ needle: String) {
    text = SubstringMatcher(needle)
    let words = NameKey.words(needle)
    self.words = words.count > 1 ? words : []
    longest = words.count > 1 ? words.max { $0.count < $1.count }.map { SubstringMatcher($0.lowercased()) } : nil
  }

  func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    if text.contains(name) { return true }
    guard let longest, longest.contains(name) else { return false }
    let nameWords = NameKey.words(String(decoding: name, as: UTF8.self))
    return words.allSatisfy { w in nameWords.contains { $0.hasPrefix(w) } }
  }
}

/// Whether a name contains a text, ignoring case as `String.lowercased()` does. Names in plain
/// ASCII (nearly all) are compared byte by byte without building a string.
struct SubstringMatcher {
  let needle: String
  private let needleBytes: [UInt8]
  private let needleIsASCII: Bool

  /// `needle` already lowercased.
  init(_ needle: String) {
    self.needle = needle
    needleBytes = Array(needle.utf8)
    needleIsASCII = needleBytes.allSatisfy { $0 < 0x80 }
  }

  func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    guard name.allSatisfy({ $0 < 0x80 }) else {
      return String(decoding: name, as: UTF8.self).lowercased().contains(needle)
    }
    // An ASCII name lowercases to ASCII: it cannot contain a needle that is not.
    guard needleIsASCII else { return false }
    let n = needleBytes.count
    guard n <= name.count else { return false }
    if n == 0 { return true }
    for start in 0...(name.count - n) {
      var i = 0
      while i < n {
        var b = name[start + i]
        if b >= 0x41 && b <= 0x5A { b |= 0x20 }
        if b != needleBytes[i] { break }
        i += 1
      }
      if i == n { return true }
    }
    return false
  }
}

/// Levenshtein distance between two byte strings, or nil when it exceeds `bound` (computed in a
/// band, so that comparing against every name stays cheap).
enum EditDistance {
  static func between(_ a: [UInt8], _ b: [UInt8], atMost bound: Int) -> Int? {
    guard abs(a.count - b.count) <= bound else { return nil }
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowBest = i
      for j in 1...max(b.count, 1) where j <= b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        rowBest = min(rowBest, current[j])
      }
      if rowBest > bound { return nil }
      swap(&previous, &current)
    }
    return previous[b.count] <= bound ? previous[b.count] : nil
  }
}

/// What a query adds to keep the rows of a person and of an issuer: a join through the owners'
/// table, and conditions with their arguments, in order.
struct Scope {
  var join = ""
  var conditions: [String] = []
  var arguments: [(any DatabaseValueConvertible)?] = []

  /// Filings (`filing f`) a person is an owner of, of an issuer.
  static func filings(person: Int64?, issuer: Int64?) -> Scope {
    Scope(table: "f", owners: "filing_owner fo ON fo.filing_id = f.id", owner: "fo", person: person, issuer: issuer)
  }

  /// Position lines (`line l`) a person is an owner of, of an issuer.
  static func lines(person: Int64?, issuer: Int64?) -> Scope {
    Scope(table: "l", owners: "line_owner o ON o.line_id = l.id", owner: "o", person: person, issuer: issuer)
  }

  /// A query for the ids of the lines a `lines` scope keeps: a person's alone need only the
  /// owners' table.
  var lineIDs: String {
    conditions == ["o.person_id = ?"] ? "SELECT o.line_id FROM line_owner o WHERE o.person_id = ?" : "SELECT l.id FROM line l" + join + whereClause
  }

  private init(table: String, owners: String, owner: String, person: Int64?, issuer: Int64?) {
    if let person {
      join = " JOIN " + owners
      add("\(owner).person_id = ?", person)
    }
    if let issuer { add("\(table).issuer_id = ?", issuer) }
  }

  mutating func add(_ condition: String, _ argument: (any DatabaseValueConvertible)? = nil) {
    conditions.append(condition)
    if let argument { arguments.append(argument) }
  }

  var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }
}

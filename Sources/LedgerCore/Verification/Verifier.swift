import Foundation
import GRDB

/// What `ledger verify` found.
public struct VerifyReport: Sendable {
  public var eventCount: Int
  /// The hash of the last event (hex), or 64 zeros for an empty log.
  public var head: String
  public var problems: [VerifyProblem]

  public var passed: Bool { problems.isEmpty }

  /// `<head hash> <event count>`: what a user records elsewhere to check later that the ledger was
  /// only appended to.
  public var digest: String { "\(head) \(eventCount)" }
}

public enum VerifyProblem: Sendable, Equatable, CustomStringConvertible {
  /// Sequence numbers do not follow each other.
  case sequenceGap(after: Int64, next: Int64)
  /// The event's stored hash is not the hash of its content chained to the previous hash.
  case hashMismatch(seq: Int64, following: Int)
  /// The payload is not a valid event of its type.
  case undecodable(seq: Int64, type: String)
  /// A filing's row events are missing or misplaced.
  case incompleteFiling(filing: String, expected: Int, found: Int)
  /// The stored projections differ from a replay of the log.
  case projectionMismatch(table: String, detail: String)
  /// The digest recorded earlier is not in the chain.
  case digestNotFound(hash: String, count: Int?)
  /// The event table or a trigger guarding the log is missing or altered.
  case schema(String)
  /// SQLite's own check of the file found damage (a page, an index that no longer matches its
  /// table).
  case damaged(String)

  public var description: String {
    switch self {
    case .sequenceGap(let after, let next):
      return "sequence numbers jump from \(after) to \(next): \(next - after - 1 > 0 ? "\(next - after - 1) missing" : "out of order")"
    case .hashMismatch(let seq, let following):
      return "event \(seq) does not match its hash: its content or hash was altered (\(following) event\(following == 1 ? "" : "s") follow it)"
    case .undecodable(let seq, let type):
      return "event \(seq) (\(type)) has a payload that is not a valid \(type) event"
    case .incompleteFiling(let filing, let expected, let found):
      return "filing \(filing) announces \(expected) rows but \(found) follow it"
    case .projectionMismatch(let table, let detail):
      return "derived table \(table) differs from a replay of the log: \(detail) (run 'ledger rebuild' after investigating)"
    case .schema(let finding):
      return "schema: \(finding)"
    case .damaged(let detail):
      return "the file is damaged (SQLite's integrity check: \(detail)); restore it from a copy, or run 'ledger rebuild' if only derived tables or indexes are named"
    case .digestNotFound(let hash, let count):
      return "the recorded head \(hash)\(count.map { " (event \($0))" } ?? "") is not in the chain: the log was rewritten, not only appended to"
    }
  }
}

extension LedgerStore {
  /// Checks the hash chain, the sequence, that every filing is whole, and that the stored
  /// projections equal a replay of the log into a fresh ledger. All in one read
  /// transaction, so a concurrent writer cannot make it see half a filing.
  ///
  /// First the file itself: SQLite's `integrity_check` (every page, and every index against
  /// its table; `quick` runs `quick_check`, which skips the indexes), and the schema that
  /// guards the log (the event table, the triggers).
  public func verify(sinceDigest: String? = nil, compareProjections: Bool = true, quick: Bool = false) throws(LedgerError) -> VerifyReport {
    let path = queue.path
    return try read { db in
      let damage = try Verifier.integrity(db, quick: quick)
      let schema = try SchemaGuard.findings(db).map(VerifyProblem.schema)
      guard damage.isEmpty else {
        // A damaged file is not read further: its answers cannot be trusted, and reading on may
        // only fail.
        let count = (try? EventLog.count(db)) ?? 0
        return VerifyReport(eventCount: count, head: EventLog.genesis.hex, problems: damage + schema)
      }
      var report = try Verifier.verify(db, path: path, sinceDigest: sinceDigest, compareProjections: compareProjections, cacheMiB: configuration.cacheMiB)
      report.problems = schema + report.problems
      return report
    }
  }
}

enum Verifier {
  /// SQLite's integrity check, one problem per line it reports (at most 20).
  static func integrity(_ db: Database, quick: Bool) throws -> [VerifyProblem] {
    let lines = try String.fetchAll(db, sql: quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)")
    return lines == ["ok"] ? [] : lines.map { .damaged($0) }
  }

  static func verify(_ db: Database, path: String, sinceDigest: String?, compareProjections: Bool, cacheMiB: Int) throws -> VerifyReport {
    var problems: [VerifyProblem] = []
    var previousHash = EventLog.genesis
    var previousSeq: Int64 = 0
    var index = 0
    var firstMismatch: Int64?
    var mismatchIndex = 0
    var open: (filing: String, expected: Int, found: Int)?
    var wanted: (hash: Data, count: Int?)?
    var digestFound = false
    if let sinceDigest {
      let parts = sinceDigest.split(separator: " ")
      if let hex = parts.first, let hash = Data(hex: String(hex)) {
        wanted = (hash, parts.count > 1 ? Int(parts[1]) : nil)
      } else {
        throw LedgerError.invalidOption(option: "--since-digest", message: "\(quoted(sinceDigest)) is not a digest (64 hex digits, optionally followed by the event count)")
      }
    }
    func close() {
      if let o = open, o.found != o.expected { problems.append(.incompleteFiling(filing: o.filing, expected: o.expected, found: o.found)) }
      open = nil
    }
    let cursor = try Row.fetchCursor(db, sql: "SELECT seq, type, filing, payload, hash FROM event ORDER BY seq")
    while let row = try cursor.next() {
      index += 1
      let seq: Int64 = row["seq"]
      let type: String = row["type"]
      let filing: String = row["filing"]
      let payload: Data
      do {
        payload = try PayloadCodec.shared.canonical(row["payload"], db)
      } catch {
        problems.append(.undecodable(seq: seq, type: type))
        payload = Data()
      }
      let stored: Data = row["hash"]
      if seq != previousSeq + 1 { problems.append(.sequenceGap(after: previousSeq, next: seq)) }
      let computed = EventLog.chain(previous: previousHash, seq: seq, type: type, filing: filing, payload: payload)
      if computed != stored && firstMismatch == nil {
        firstMismatch = seq
        mismatchIndex = index
      }
      if let w = wanted, stored == w.hash, w.count == nil || w.count == index { digestFound = true }
      // Whole filings: each FilingRecorded announces its row count. (Whether every payload
      // decodes is checked by the replay below.)
      switch LedgerEvent.Kind(rawValue: type) {
      case .filingRecorded:
        close()
        let rowCount =
          payload.withUnsafeBytes { PayloadScanner.filingFacts($0.bindMemory(to: UInt8.self))?.rowCount }
          ?? (try? JSONDecoder().decode(FilingRecorded.self, from: payload))?.rowCount
        if let rowCount {
          open = (filing, rowCount, 0)
        } else {
          problems.append(.undecodable(seq: seq, type: type))
        }
      case .rowReported:
        if let o = open, o.filing == filing, o.found < o.expected {
          open!.found += 1
        } else {
          problems.append(.incompleteFiling(filing: filing, expected: open?.filing == filing ? open!.expected : 0, found: (open?.found ?? 0) + 1))
        }
      case nil:
        problems.append(.undecodable(seq: seq, type: type))
        close()
      default:
        close()
      }
      previousHash = stored
      previousSeq = seq
    }
    close()
    // Every event was walked once: the count needs no pass of its own.
    let total = index
    if let firstMismatch {
      problems.insert(.hashMismatch(seq: firstMismatch, following: total - mismatchIndex), at: 0)
    }
    if let w = wanted, !digestFound {
      problems.append(.digestNotFound(hash: w.hash.hex, count: w.count))
    }
    if compareProjections && !problems.contains(where: { if case .undecodable = $0 { return true } else { return false } }) {
      do {
        problems += try compare(db, path: path, through: previousSeq, cacheMiB: cacheMiB)
      } catch ProjectionError.undecodable(let seq, let type) {
        problems.append(.undecodable(seq: seq, type: type))
      } catch ProjectionError.rowWithoutFiling(let seq) {
        problems.append(.undecodable(seq: seq, type: "RowReported"))
      }
    }
    return VerifyReport(eventCount: total, head: total == 0 ? EventLog.genesis.hex : previousHash.hex, problems: problems)
  }

  /// Replays the log into a fresh ledger and compares every derived table. The fresh ledger is
  /// a private temporary file (SQLite's anonymous database: unlinked as soon as it is opened,
  /// so nothing is left behind even by a killed process) with the same bounded page cache as
  /// any connection: in memory, a replay of the whole SEC history would need gigabytes.
  ///
  /// For a ledger on disk, the log is read and decoded on a second thread, through a connection
  /// of its own, while this one writes (as a rebuild does). That connection may see events
  /// appended since this read transaction began; it reads only up to `last`, the last event
  /// this transaction sees, and those events are the same in both (the log is append-only).
  static func compare(_ db: Database, path: String, through last: Int64, cacheMiB: Int) throws -> [VerifyProblem] {
    var config = GRDB.Configuration()
    config.prepareDatabase { db in
      try db.execute(sql: "PRAGMA cache_size = -\(cacheMiB * 1024)")
      try db.execute(sql: "PRAGMA journal_mode = OFF")
      try db.execute(sql: "PRAGMA synchronous = OFF")
    }
    let fresh = try DatabaseQueue(path: "", configuration: config)
    try Schema.migrator.migrate(fresh)
    try fresh.write { target in _ = try Projections.replay(from: db, file: path, through: last, into: target, cacheKiB: cacheMiB * 1024) }
    var problems: [VerifyProblem] = []
    try fresh.read { replayed in
      for table in Schema.projectionTables.reversed() {
        let order = try primaryKeyOrder(table, db)
        let a = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
        let b = try Row.fetchCursor(replayed, sql: "SELECT * FROM \(table) ORDER BY \(order)")
        var n = 0
        while true {
          let x = try a.next()
          let y = try b.next()
          if x == nil && y == nil { break }
          n += 1
          guard let x, let y else {
            problems.append(.projectionMismatch(table: table, detail: x == nil ? "row \(n) is missing" : "row \(n) should not exist"))
            break
          }
          if x != y {
            let column = x.columnNames.first { x[$0] as DatabaseValue != y[$0] as DatabaseValue } ?? "?"
            problems.append(
              .projectionMismatch(
                table: table,
                detail: "row \(n), column \(column): stored \(describe(x[column] as DatabaseValue)), replayed \(describe(y[column] as DatabaseValue))"))
            break
          }
        }
      }
    }
    return problems
  }

  static func primaryKeyOrder(_ table: String, _ db: Database) throws -> String {
    let pk = try db.primaryKey(table)
    return pk.columns.joined(separator: ", ")
  }

  static func describe(_ value: DatabaseValue) -> String {
    switch value.storage {
    case .null: "NULL"
    case .int64(let i): String(i)
    case .double(let d): String(d)
    case .string(let s): quoted(s)
    case .blob(let b): "blob(\(b.count) bytes)"
    }
  }
}

import Crypto
import Foundation
import GRDB

/// An event ready for the log: its type, the filing it belongs to, and its canonical payload.
protocol LogEntry {
  var kind: LedgerEvent.Kind { get }
  var filing: FilingID { get }
  var payload: Data { get }
}

/// The append-only, hash-chained log of events.
///
/// `hash(n) = SHA-256(hash(n-1) ‖ seq as 8 bytes big-endian ‖ type ‖ 0x00 ‖ filing ‖ 0x00 ‖ payload)`,
/// with 32 zero bytes before the first event. SQLite refuses UPDATE and DELETE on the table.
public enum EventLog {
  public static let genesis = Data(repeating: 0, count: 32)

  public static func chain(previous: Data, seq: Int64, type: String, filing: String, payload: Data) -> Data {
    var hasher = SHA256()
    hasher.update(data: previous)
    var be = seq.bigEndian
    withUnsafeBytes(of: &be) { hasher.update(bufferPointer: $0) }
    var t = type
    t.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    var zero: UInt8 = 0
    withUnsafeBytes(of: &zero) { hasher.update(bufferPointer: $0) }
    var f = filing
    f.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    withUnsafeBytes(of: &zero) { hasher.update(bufferPointer: $0) }
    hasher.update(data: payload)
    return hasher.finalize().withUnsafeBytes { Data($0) }
  }

  /// The last event's sequence number and hash, or (0, genesis) for an empty log.
  static func head(_ db: Database) throws -> (seq: Int64, hash: Data) {
    if let row = try Row.fetchOne(db, cached: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1") {
      return (row["seq"], row["hash"])
    }
    return (0, genesis)
  }

  /// Appends events after `head` (read from the table when nil), and moves `head` to the last
  /// one. A writer keeps the head for the length of its transaction, during which no other
  /// connection can append. Returns the sequence number of the first.
  static func append<Entry: LogEntry>(_ events: [Entry], in db: Database, head: inout (seq: Int64, hash: Data)?, sql: StatementCache) throws -> Int64 {
    var (seq, previous) = try head ?? self.head(db)
    let first = seq + 1
    // By index: an entry (its payload, and whatever else it carries) is read in place, not
    // copied.
    for i in events.indices {
      seq += 1
      let type = events[i].kind.rawValue
      let filing = events[i].filing.rawValue
      let hash = chain(previous: previous, seq: seq, type: type, filing: filing, payload: events[i].payload)
      var insert = try sql.raw(db, "INSERT INTO event (seq, type, filing, hash, payload) VALUES (?, ?, ?, ?, ?)")
      insert.bind(seq)
      insert.bind(type)
      insert.bind(filing)
      insert.bind(hash)
      try insert.run(db, text: events[i].payload)
      previous = hash
    }
    head = (seq, previous)
    return first
  }

  static func count(_ db: Database) throws -> Int {
    try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM event") ?? 0
  }
}

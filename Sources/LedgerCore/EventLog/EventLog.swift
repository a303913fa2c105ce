import Crypto
import Foundation
import GRDB

/// An event ready for the log: its type, the filing it belongs to, and its canonical payload.
protocol LogEntry {
  var kind: LedgerEvent.Kind { get }
  var filing: FilingID { get }
  var payload: Data { get }
  /// The payload as a zstd frame, when compressed ahead of the writer.
  var frame: Data? { get }
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
  static func append<Entry: LogEntry>(
    _ events: [Entry], in db: Database, head: inout (seq: Int64, hash: Data)?, payloads: inout PayloadWriter, sql: StatementCache
  ) throws -> Int64 {
    var (seq, previous) = try head ?? self.head(db)
    let first = seq + 1
    try payloads.prepare(db, nextSeq: first, sql: sql)
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
      if payloads.compress {
        insert.bind(payloads.frame(events[i].payload, ahead: events[i].frame))
        try insert.run(db)
      } else {
        try insert.run(db, text: events[i].payload)
      }
      previous = hash
    }
    head = (seq, previous)
    return first
  }

  static func count(_ db: Database) throws -> Int {
    try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM event") ?? 0
  }
}

/// How one transaction stores the payloads it appends: as canonical text, or as zstd frames with
/// the ledger's latest dictionary. A ledger without a dictionary trains one from its payloads
/// once it holds `PayloadCodec.trainingEvents` events; the dictionary is written before the
/// first event that uses it and never changes.
struct PayloadWriter {
  var compress = true
  /// Where the dictionary read from the committed log is published for the preparing threads.
  var box: PayloadDictionaryBox?
  private var dictionary: (id: UInt32, bytes: Data)?
  private var checked = false
  private var trainingTried = false

  mutating func prepare(_ db: Database, nextSeq: Int64, sql: StatementCache) throws {
    guard compress, !checked || dictionary == nil else { return }
    guard try db.tableExists("payload_dictionary") else {
      compress = false
      return
    }
    checked = true
    if let row = try Row.fetchOne(db, cached: "SELECT dict_id, bytes FROM payload_dictionary ORDER BY version DESC LIMIT 1") {
      let stored = (id: UInt32(truncatingIfNeeded: row["dict_id"] as Int64), bytes: row["bytes"] as Data)
      dictionary = stored
      box?.publish(stored)
      return
    }
    guard nextSeq > Int64(PayloadCodec.trainingEvents), !trainingTried else { return }
    trainingTried = true
    // The latest events' payloads, decoded, as the sample.
    var samples: [Data] = []
    for row in try Row.fetchAll(db, cached: "SELECT payload FROM event WHERE seq >= ? ORDER BY seq", arguments: [nextSeq - Int64(PayloadCodec.trainingEvents)]) {
      samples.append(try PayloadCodec.shared.canonical(row["payload"], db))
    }
    guard let trained = PayloadCodec.train(samples) else { return }
    let version = (try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(version), 0) + 1 FROM payload_dictionary")) ?? 1
    try db.execute(
      sql: "INSERT INTO payload_dictionary (version, dict_id, first_seq, bytes, sha256) VALUES (?, ?, ?, ?, ?)",
      arguments: [version, Int64(trained.id), nextSeq, trained.bytes, Data(SHA256.hash(data: trained.bytes))])
    dictionary = trained
    // The preparing threads may use it at once: a frame naming it is stored only by a writer
    // holding it, which (should this transaction roll back) reads the log again first.
    box?.publish(trained)
  }

  /// The frame to store: the one compressed ahead when it names the dictionary this
  /// transaction writes with (or none when it has none), else the payload compressed now. A
  /// frame is thus never stored naming a dictionary the log does not hold.
  func frame(_ payload: Data, ahead: Data? = nil) -> Data {
    if let ahead, PayloadCodec.dictionaryID(of: ahead) == dictionary?.id ?? 0 { return ahead }
    return PayloadCodec.shared.compress(payload, dictionary: dictionary)
  }
}

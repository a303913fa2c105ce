import Crypto
import Foundation
import GRDB

/// What `ledger compact` did.
public struct CompactionReport: Sendable {
  public var events: Int
  /// `HEAD-HASH EVENT-COUNT`, the same before and after.
  public var digest: String
  public var bytesBefore: Int64
  public var bytesAfter: Int64
  public var dictionaryBytes: Int
}

extension LedgerStore {
  /// Rewrites the ledger at `path` with every payload compressed, with a dictionary trained on
  /// its own payloads.
  ///
  /// A new file is written beside it: the same events (same sequence numbers, types, filings
  /// and hashes, each hash checked against its canonical payload on the way), then the derived
  /// tables replayed. Its chain head and event count must equal the old file's. The old file is
  /// then replaced by SQLite's backup of the new one, in one step, under an exclusive lock
  /// taken after checking that nothing was appended meanwhile (if something was, the work is
  /// done again, up to three times). No event is ever updated: the old file's log is replaced
  /// whole, never edited.
  public static func compact(path: String, configuration: LedgerConfiguration = .init()) throws(LedgerError) -> CompactionReport {
    guard FileManager.default.fileExists(atPath: path) else { throw .databaseMissing(path: path) }
    let before = fileSize(path)
    for _ in 0..<3 {
      let temporary = path + ".compacting-\(UUID().uuidString)"
      defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) } }
      let (head, count, dictionary) = try build(from: path, into: temporary, configuration: configuration)
      if try replace(path, with: temporary, expecting: head, count: count) {
        return CompactionReport(
          events: count, digest: head.hash.hex + " \(count)", bytesBefore: before, bytesAfter: fileSize(path), dictionaryBytes: dictionary)
      }
    }
    throw .databaseUnavailable(path: path, reason: "kept changing while it was being compacted; run 'ledger compact' when no append is running")
  }

  static func fileSize(_ path: String) -> Int64 {
    ["", "-wal"].reduce(Int64(0)) { sum, suffix in
      sum + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value ?? 0)
    }
  }

  /// Writes the compacted copy; returns the head and count it holds and its dictionary's size.
  private static func build(
    from path: String, into temporary: String, configuration: LedgerConfiguration
  ) throws(LedgerError) -> (head: (seq: Int64, hash: Data), count: Int, dictionary: Int) {
    let source = try LedgerStore(path: path, mode: .readWrite, configuration: configuration)
    let (head, count, pageSize) = try source.read { db in
      (try EventLog.head(db), try EventLog.count(db), try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 16384)
    }
    // A sample of payloads spread over the whole log trains the dictionary.
    let step = max(1, count / 4_000)
    let samples = try source.read { db in
      try Row.fetchAll(db, sql: "SELECT payload FROM event WHERE seq % ? = 0 ORDER BY seq", arguments: [step]).map {
        try PayloadCodec.shared.canonical($0["payload"], db)
      }
    }
    let dictionary = PayloadCodec.train(samples)
    var target = configuration
    target.pageKiB = max(1, pageSize / 1024)
    target.compressPayloads = true
    let copy = try LedgerStore(path: temporary, mode: .readWrite, configuration: target)
    try copy.write { db in
      if let dictionary {
        try db.execute(
          sql: "INSERT INTO payload_dictionary (version, dict_id, first_seq, bytes, sha256) VALUES (1, ?, 1, ?, ?)",
          arguments: [Int64(dictionary.id), dictionary.bytes, Data(SHA256.hash(data: dictionary.bytes))])
      }
    }
    var previous = EventLog.genesis
    var next: Int64 = 1
    while next <= head.seq {
      let rows = try source.read { db in
        try Row.fetchAll(db, sql: "SELECT seq, type, filing, payload, hash FROM event WHERE seq >= ? ORDER BY seq LIMIT 10000", arguments: [next])
          .map { r -> (Int64, String, String, Data, Data) in (r["seq"], r["type"], r["filing"], try PayloadCodec.shared.canonical(r["payload"], db), r["hash"]) }
      }
      guard !rows.isEmpty else { break }
      try copy.write { db in
        for (seq, type, filing, payload, hash) in rows {
          guard seq == next, EventLog.chain(previous: previous, seq: seq, type: type, filing: filing, payload: payload) == hash else {
            throw LedgerError.databaseUnavailable(path: path, reason: "does not verify at event \(seq); run 'ledger verify'")
          }
          try db.execute(
            sql: "INSERT INTO event (seq, type, filing, hash, payload) VALUES (?, ?, ?, ?, ?)",
            arguments: [seq, type, filing, hash, PayloadCodec.shared.compress(payload, dictionary: dictionary)])
          previous = hash
          next += 1
        }
      }
    }
    _ = try copy.rebuild()
    let copied = try copy.read { db in (try EventLog.head(db), try EventLog.count(db)) }
    guard copied.0.seq == head.seq, copied.0.hash == head.hash, copied.1 == count else {
      throw .databaseUnavailable(path: path, reason: "could not be copied whole (the copy's chain head differs); nothing was changed")
    }
    return (head, count, dictionary?.bytes.count ?? 0)
  }

  /// Replaces `path` by `temporary` with SQLite's backup, under an exclusive lock, if its head
  /// is still `head`. Returns false, changing nothing, when it is not.
  private static func replace(_ path: String, with temporary: String, expecting head: (seq: Int64, hash: Data), count: Int) throws(LedgerError) -> Bool {
    do {
      var exclusive = GRDB.Configuration()
      exclusive.busyMode = .timeout(600)
      exclusive.prepareDatabase { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
      let destination = try DatabaseQueue(path: path, configuration: exclusive)
      // The first write takes the lock, which exclusive mode keeps until the connection closes.
      let unchanged = try destination.write { db in
        let now = try EventLog.head(db)
        return now.seq == head.seq && now.hash == head.hash
      }
      guard unchanged else { return false }
      let source = try DatabaseQueue(path: temporary)
      try source.backup(to: destination)
      try destination.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
      try destination.close()
      try source.close()
      return true
    } catch let error as LedgerError {
      throw error
    } catch {
      throw translate(error, path: path)
    }
  }
}

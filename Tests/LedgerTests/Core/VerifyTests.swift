import Foundation
import GRDB
@testable import LedgerCore
import Testing

/// Tampering with the file behind the triggers' back is caught by `verify`.
@Suite struct VerifyTests {
  /// A forger's connection to the file: each write drops the triggers, edits, and puts them
  /// back, so that only the hash chain (not a missing trigger) can tell.
  struct Forger {
    let queue: DatabaseQueue

    func write(_ body: (Database) throws -> Void) throws {
      try queue.write { db in
        for t in SchemaGuard.triggers where t.table == "event" { try db.execute(sql: "DROP TRIGGER IF EXISTS \(t.name)") }
        try body(db)
        for t in SchemaGuard.triggers where t.table == "event" { try db.execute(sql: t.sql) }
      }
    }
  }

  /// A ledger file with a few filings, and a forger's connection to it.
  static func tamperable() throws -> (store: LedgerStore, raw: Forger, path: String) {
    let path = Paths.temporaryDirectory().appendingPathComponent("l.sqlite").path
    // Payloads stored as text, as ledgers written before compression hold them, so that a test
    // can edit one; `aChangedCompressedPayloadIsCaught` covers compressed ones.
    let store = try LedgerStore(path: path, mode: .readWrite, configuration: StoredPayloads.textConfiguration)
    for (i, day) in ["2024-01-02", "2024-02-05", "2024-03-04"].enumerated() {
      try store.append(Filings.imported(Filings.document(
        period: day, accession: String(format: "0000000001-24-%06d", i + 1), filed: day,
        table1: [Filings.trade(day, shares: "10", after: String((i + 1) * 10)), Filings.trade(day, shares: "1", after: String((i + 1) * 10 + 1))])))
    }
    return (store, Forger(queue: try DatabaseQueue(path: path)), path)
  }

  @Test func anUntouchedLedgerVerifies() throws {
    let (store, _, _) = try Self.tamperable()
    let report = try store.verify()
    #expect(report.passed)
    #expect(report.eventCount == 9)
    #expect(report.digest.count == 64 + 1 + 1)
  }

  @Test func oneChangedByteOfAPayloadIsNamed() throws {
    let (store, raw, _) = try Self.tamperable()
    try raw.write { db in
      try db.execute(sql: "UPDATE event SET payload = replace(payload, '\"transactionShares\":\"10\"', '\"transactionShares\":\"19\"') WHERE seq = 5")
    }
    let report = try store.verify()
    #expect(report.problems.first == .hashMismatch(seq: 5, following: 4))
    #expect(report.problems.first?.description == "event 5 does not match its hash: its content or hash was altered (4 events follow it)")
    // The replay now disagrees with the stored balances too.
    #expect(report.problems.contains { if case .projectionMismatch(table: "entry", _) = $0 { return true } else { return false } })
  }

  @Test func aChangedHashIsNamed() throws {
    let (store, raw, _) = try Self.tamperable()
    try raw.write { db in try db.execute(sql: "UPDATE event SET hash = zeroblob(32) WHERE seq = 7") }
    #expect(try store.verify().problems.first == .hashMismatch(seq: 7, following: 2))
  }

  @Test func aChangedSequenceNumberIsAGapAndABrokenChain() throws {
    let (store, raw, _) = try Self.tamperable()
    try raw.write { db in try db.execute(sql: "UPDATE event SET seq = 12 WHERE seq = 9") }
    let problems = try store.verify().problems
    #expect(problems.contains(.sequenceGap(after: 8, next: 12)))
    #expect(problems.first == .hashMismatch(seq: 12, following: 0))
  }

  @Test func aDeletedEventIsAGapAndAnIncompleteFiling() throws {
    let (store, raw, _) = try Self.tamperable()
    try raw.write { db in try db.execute(sql: "DELETE FROM event WHERE seq = 5") }
    let problems = try store.verify().problems
    #expect(problems.contains(.sequenceGap(after: 4, next: 6)))
    #expect(problems.contains(.hashMismatch(seq: 6, following: 3)))
    #expect(problems.contains(.incompleteFiling(filing: "0000000001-24-000002", expected: 2, found: 1)))
  }

  @Test func anEditedProjectionIsNamed() throws {
    let (store, raw, _) = try Self.tamperable()
    try raw.write { db in try db.execute(sql: "UPDATE entry SET post = '999999' WHERE id = 3") }
    let problems = try store.verify().problems
    #expect(problems == [.projectionMismatch(table: "entry", detail: #"row 3, column post: stored "999999", replayed "20""#)])
  }

  @Test func aRewrittenChainIsCaughtByTheDigestRecordedBefore() throws {
    let (store, raw, _) = try Self.tamperable()
    let digest = try store.verify().digest
    // Appending more keeps the old head in the chain.
    try store.append(Filings.imported(Filings.document(period: "2024-04-01", accession: "0000000001-24-000009", filed: "2024-04-01", table1: [Filings.trade("2024-04-01", shares: "1", after: "32")])))
    #expect(try store.verify(sinceDigest: digest).passed)
    // A forger edits an early event and recomputes every hash after it: the chain is valid again.
    try raw.write { db in
      try db.execute(sql: "UPDATE event SET payload = replace(payload, '\"transactionShares\":\"10\"', '\"transactionShares\":\"19\"') WHERE seq = 2")
      var previous = EventLog.genesis
      for row in try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY seq") {
        let hash = EventLog.chain(previous: previous, seq: row["seq"], type: row["type"], filing: row["filing"], payload: Data((row["payload"] as String).utf8))
        try db.execute(sql: "UPDATE event SET hash = ? WHERE seq = ?", arguments: [hash, row["seq"]])
        previous = hash
      }
    }
    let report = try store.verify(sinceDigest: digest, compareProjections: false)
    #expect(!report.problems.contains { if case .hashMismatch = $0 { return true } else { return false } })
    #expect(report.problems.contains(.digestNotFound(hash: String(digest.prefix(64)), count: 9)))
  }
}

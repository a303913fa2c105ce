import Foundation
import GRDB
import Testing

@testable import LedgerCore

/// Ledgers written by older (or newer) versions, and the file's own settings.
extension LedgerStoreTests {
  /// A ledger written before the amendment-candidate index (migration v4) answers queries, and
  /// opening it for writing adds the index and leaves its projections as they were (an
  /// index-only migration replays nothing); a ledger behind a migration that changes the
  /// projections has them replayed by its owner's first reader or writer (a reader who may not
  /// write it is refused: `ReadOnlyLedgerTests`).
  @Test func anIndexOnlyMigrationAddsTheIndexWithoutReplayingTheLog() throws {
    let (dir, path) = try Self.ledgerFile([AmendmentTests.original, AmendmentTests.amendment])
    defer { try? FileManager.default.removeItem(at: dir) }
    /// Forgets the migrations from version `migration` up to (not including) `until`, with the
    /// tables the forgotten ones created that the earlier ones leave alone.
    func olderLedger(before migration: Int, until: Int = .max) throws {
      let queue = try DatabaseQueue(path: path)
      try queue.write { db in
        try db.execute(sql: "DROP INDEX IF EXISTS amendment_candidate_by_amendment")
        try db.execute(sql: "DROP INDEX IF EXISTS filing_by_filed")
        try db.execute(sql: "DROP INDEX IF EXISTS filing_unaccessioned_by_content")
        if until > 10 { try db.execute(sql: "DROP TABLE footnote; DROP TABLE footnote_text") }
        let version = "CAST(substr(identifier, 2) AS INTEGER)"
        try db.execute(sql: "DELETE FROM grdb_migrations WHERE \(version) >= ? AND \(version) < ?", arguments: [migration, until])
        // A mark a replay would erase: the name shown is derived from the log.
        try db.execute(sql: "UPDATE person SET name = 'MARK'")
      }
      try queue.close()
    }
    func state() throws -> (index: Bool, name: String?, candidates: Int) {
      let queue = try DatabaseQueue(path: path)
      defer { try? queue.close() }
      return try queue.read { db in
        (
          try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'amendment_candidate_by_amendment')") ?? false,
          try String.fetchOne(db, sql: "SELECT name FROM person"),
          try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM amendment_candidate") ?? 0
        )
      }
    }

    // v4 to v6 only add indexes (v7 changes what the projections hold).
    try olderLedger(before: 4, until: 7)
    // Behind by an index only, the ledger answers queries as it is; a writer adds the index.
    let reader = try LedgerStore(path: path, mode: .readOnly)
    #expect(try reader.holdings(HoldingsRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2024-12-31")!)).positions.count == 2)
    _ = try LedgerStore(path: path, mode: .readWrite)
    var after = try state()
    #expect(after.index)
    #expect(after.name == "MARK")
    #expect(after.candidates == 1)
    let plan = try DatabaseQueue(path: path).read { db in
      try GRDB.Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN DELETE FROM amendment_candidate WHERE amendment_id = 1").map { $0["detail"] as String }
    }
    #expect(plan.contains { $0.contains("amendment_candidate_by_amendment") }, "\(plan)")

    try olderLedger(before: 3)
    // Behind by a change to what the projections hold (they may be wrong), a reader who may
    // write the file has it migrated and the log replayed, as a writer would, then answers.
    #expect(try LedgerStore(path: path, mode: .readOnly).holdings(HoldingsRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2024-12-31")!)).positions.count == 2)
    after = try state()
    #expect(after.index)
    #expect(after.name == "DOE JANE")
    #expect(after.candidates == 1)
  }

  /// `late` takes an issuer's fiscal year from its latest Form 5 through an index of Forms 5
  /// (migration v14). A ledger written before it judges the same (the lookup is only slower);
  /// a writer adds the index without replaying the log, and the lookup then goes through it.
  @Test func theForm5IndexJudgesAsBeforeAndAWriterAddsIt() throws {
    // A Form 5 for the fiscal year ended January 31, 2022, and a Form 4 reporting an L
    // transaction of December 2021, which may wait for that Form 5: due March 17, 2022 (with a
    // calendar year it would have been due February 14).
    let form5 = Filings.document(
      form: .form5, period: "2022-01-31", accession: "0000000001-22-000500", filed: "2022-03-10",
      holdings1: [Filings.holding("100")])
    let form4 = Filings.document(
      period: "2021-12-23", accession: "0000000001-22-000400", filed: "2022-03-01",
      table1: [Filings.trade("2021-12-23", code: .L, shares: "100", after: "100")])
    let (dir, path) = try Self.ledgerFile([form4, form5])
    defer { try? FileManager.default.removeItem(at: dir) }
    func judged() throws -> [String] {
      try LedgerStore(path: path, mode: .readOnly).late(LateRequest(all: true)).filings.map {
        "\($0.filing.rawValue) due \($0.dueDate) \($0.late ? "late" : "on time")"
      }
    }
    let expected = ["0000000001-22-000400 due 2022-03-17 on time", "0000000001-22-000500 due 2022-03-17 on time"]
    #expect(try judged() == expected)
    func state() throws -> (indexed: Bool, name: String?) {
      try DatabaseQueue(path: path).read { db in
        let plan = try GRDB.Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Late.fiscalYearQuery, arguments: [1, "9999-12-31"])
        return (plan.contains { ($0["detail"] as String).contains("filing_form5_by_issuer") }, try String.fetchOne(db, sql: "SELECT name FROM person"))
      }
    }
    #expect(try state().indexed)
    try DatabaseQueue(path: path).write { db in
      try db.execute(sql: "DROP INDEX filing_form5_by_issuer")
      try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v14:%'")
      // A mark a replay would erase: the name shown is derived from the log.
      try db.execute(sql: "UPDATE person SET name = 'MARK'")
    }
    #expect(try judged() == expected)
    #expect(try state() == (false, "MARK"))
    _ = try LedgerStore(path: path, mode: .readWrite)
    #expect(try state() == (true, "MARK"))
    #expect(try judged() == expected)
  }

  /// The event table checks an event's type by comparisons (migration v5): an IN list made
  /// SQLite build a temporary b-tree at every insert. An older ledger gets the new check when a
  /// writer opens it, its log untouched; either way an unknown type is still refused.
  @Test func theEventTypeCheckRefusesUnknownTypesWithoutATemporaryTable() throws {
    let (dir, path) = try Self.ledgerFile([AmendmentTests.original, AmendmentTests.amendment])
    defer { try? FileManager.default.removeItem(at: dir) }
    let digest = try LedgerStore(path: path, mode: .readOnly).verify().digest
    func definition() throws -> String {
      try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'event'") ?? "" }
    }
    func insertProgram() throws -> [String] {
      try DatabaseQueue(path: path).read { db in
        try GRDB.Row.fetchAll(db, sql: "EXPLAIN INSERT INTO event (seq, type, filing, payload, hash) VALUES (1, 'RowReported', 'x', '{}', zeroblob(32))").map { $0["opcode"] as String }
      }
    }
    func insertingAnUnknownType() throws -> String? {
      do {
        try DatabaseQueue(path: path).write { db in
          try db.execute(sql: "INSERT INTO event VALUES ((SELECT MAX(seq) + 1 FROM event), 'FilingErased', 'x', '{}', zeroblob(32))")
        }
        return nil
      } catch let e as DatabaseError {
        return e.message
      }
    }
    #expect(try definition().contains("type = 'FilingRecorded' OR type = 'RowReported' OR"))
    #expect(try !insertProgram().contains("OpenEphemeral"))
    #expect(try insertingAnUnknownType()?.hasPrefix("CHECK constraint failed") == true)

    // The ledger as version v4 left it: the IN list back in the definition.
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in
      let current = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'event'") ?? ""
      let old = current.replacingOccurrences(
        of: "type = 'FilingRecorded' OR type = 'RowReported' OR type = 'FilingDated' OR type = 'FilingDeduplicated' OR type = 'AmendmentResolved'",
        with: "type IN ('FilingRecorded', 'RowReported', 'FilingDated',\n                                    'FilingDeduplicated', 'AmendmentResolved')")
      let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
      try db.execute(sql: "PRAGMA writable_schema = ON")
      try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE name = 'event'", arguments: [old])
      try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
      try db.execute(sql: "PRAGMA writable_schema = OFF")
      try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%'")
    }
    try queue.close()
    #expect(try definition().contains("type IN ("))
    #expect(try insertProgram().contains("OpenEphemeral"))
    #expect(try insertingAnUnknownType()?.hasPrefix("CHECK constraint failed") == true)

    _ = try LedgerStore(path: path, mode: .readWrite)
    #expect(try definition().contains("type = 'FilingRecorded' OR type = 'RowReported' OR"))
    #expect(try !insertProgram().contains("OpenEphemeral"))
    #expect(try insertingAnUnknownType()?.hasPrefix("CHECK constraint failed") == true)
    let after = try LedgerStore(path: path, mode: .readOnly).verify()
    #expect(after.passed)
    #expect(after.digest == digest)
    #expect(try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
  }

  /// A ledger written by a newer version (a migration this one does not know) is refused by
  /// readers and writers alike, and left as it was.
  @Test func aLedgerFromANewerVersionIsRefusedAndLeftAlone() throws {
    let (dir, path) = try Self.ledgerFile([AmendmentTests.original])
    defer { try? FileManager.default.removeItem(at: dir) }
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
    try queue.close()
    let refusal = LedgerError.databaseUnavailable(path: path, reason: "was written by a newer version of ledger")
    #expect(throws: refusal) { try LedgerStore(path: path, mode: .readOnly) }
    #expect(throws: refusal) { try LedgerStore(path: path, mode: .readWrite) }
    let events = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") }
    #expect(events == 3)
  }

  /// A large append drops the indexes whose keys come in random order; what the writer looks up
  /// meanwhile (accessions, copies by content, amendment candidates, amendments a filing may
  /// settle) still goes through indexes, never a scan of a table, and a filing without an
  /// accession number, which needs every filing by content, builds that index first.
  @Test func withTheQueryIndexesDroppedTheWriterScansNoTable() throws {
    let store = try LedgerStore()
    try store.dropQueryIndexes()
    let later = Filings.document(
      period: "2024-04-01", accession: "0000000001-24-000300", filed: "2024-04-02", table1: [Filings.trade("2024-04-01", shares: "5", after: "1105")])
    // Filed before its original: pending, then linked when the original arrives.
    let early = Filings.document(
      form: .form4A, period: "2024-04-01", accession: "0000000001-24-000400", filed: "2024-04-09",
      table1: [Filings.trade("2024-04-01", shares: "6", after: "1106")], original: "2024-04-02")
    var prepared = try [early, AmendmentTests.original, AmendmentTests.amendment, later].map { PreparedFiling(try Filings.imported($0)) }
    // The same filing again, and one without an accession number.
    prepared.append(prepared[1])
    let unaccessioned = Filings.document(period: "2024-05-01", filed: "2024-05-02", table1: [Filings.trade("2024-05-01", shares: "7", after: "1112")])
    let indexes = "SELECT name FROM sqlite_master WHERE name IN ('filing_by_content', 'filing_by_issuer_filed') ORDER BY name"
    let (outcomes, scanned, present) = try store.write { db in
      var projector = Projector()
      let outcomes = try Recorder.record(prepared, in: db, savepoints: false, projector: &projector)
      let scanned = projector.sql.scannedRows
      let before = try String.fetchAll(db, sql: indexes)
      _ = try Recorder.record([PreparedFiling(try Filings.imported(unaccessioned))], in: db, savepoints: false, projector: &projector)
      return (outcomes, scanned, (before, try String.fetchAll(db, sql: indexes)))
    }
    #expect(outcomes.compactMap { try? $0.get() } == [
      // The pending amendment: its filing, its row and its resolution (pending).
      .recorded(filing: FilingID(rawValue: "0000000001-24-000400"), events: 3),
      .recorded(filing: FilingID(rawValue: "0000000001-24-000100"), events: 3),
      .recorded(filing: FilingID(rawValue: "0000000001-24-000200"), events: 4),
      // Its original: its filing, its row, and the amendment's resolution (linked).
      .recorded(filing: FilingID(rawValue: "0000000001-24-000300"), events: 3),
      .alreadyRecorded(filing: FilingID(rawValue: "0000000001-24-000100")),
    ])
    #expect(scanned == 0)
    #expect(present.0 == [])
    #expect(present.1 == ["filing_by_content"])
    let statuses = try store.amendments(AmendmentsRequest()).amendments.map { "\($0.filing.rawValue) \($0.status.rawValue)" }
    #expect(statuses == ["0000000001-24-000200 linked", "0000000001-24-000400 linked"])
  }

  @Test func aNewLedgerHas16KiBPagesAndAnOlderOneKeepsItsOwn() throws {
    let (dir, path) = try Self.ledgerFile([AmendmentTests.original])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16384)
    // A file made with SQLite's default page size (as ledgers were before) stays as it is and
    // takes filings as any other.
    let older = dir.appendingPathComponent("older.sqlite").path
    var config = Configuration()
    config.journalMode = .wal
    try DatabaseQueue(path: older, configuration: config).close()
    let store = try LedgerStore(path: older, mode: .readWrite)
    try store.append(Filings.imported(AmendmentTests.original))
    #expect(try store.eventCount() == 3)
    #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
  }

  /// A ledger file in a folder of its own holding `docs`, closed again.
  static func ledgerFile(_ docs: [OwnershipDocument]) throws -> (dir: URL, path: String) {
    let dir = Paths.temporaryDirectory()
    let path = dir.appendingPathComponent("ledger.sqlite").path
    let store = try LedgerStore(path: path, mode: .readWrite)
    for d in docs { try store.append(Filings.imported(d)) }
    return (dir, path)
  }
}

import Foundation
import GRDB
import LedgerCore
import Testing

/// A large append drops the indexes only queries use and builds them at the end; answers never
/// depend on it, and a writer rebuilds what a killed append left missing.
@Suite struct BulkIndexTests {
  /// The indexes a large append drops and builds at the end, by name.
  static let all = ["entry_by_line", "filing_by_content", "filing_by_issuer_filed", "filing_owner_by_person"]
  /// The same, as an SQL list.
  static let names = all.map { "'\($0)'" }.joined(separator: ", ")

  /// The query indexes present in the ledger's schema, by name.
  static func queryIndexes(_ db: URL) throws -> [String] {
    let queue = try DatabaseQueue(path: db.path, configuration: { var c = Configuration(); c.readonly = true; return c }())
    return try queue.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (\(names)) ORDER BY name")
    }
  }

  static let queries = [
    ["holdings", "--cik", "0001494730", "--asof", "2021-11-10", "--format", "json"],
    ["history", "--issuer", "0001318605", "--format", "json"],
    ["amendments", "--format", "json"],
    ["reconcile", "--cik", "0001494730", "--format", "json"],
  ]

  @Test(.needsCorpus) func appendingWithDeferredIndexesGivesTheSameLedger() throws {
    let deferred = CLI()
    let direct = CLI()
    #expect(deferred.run(["append", Paths.edgar.path], environment: ["LEDGER_DEFER_INDEXES": "always"]).status == 0)
    #expect(direct.run(["append", Paths.edgar.path], environment: ["LEDGER_DEFER_INDEXES": "never"]).status == 0)
    #expect(try Self.queryIndexes(deferred.db) == BulkIndexTests.all)
    #expect(try deferred.eventCount() == direct.eventCount())
    #expect(deferred.run(["verify"]).status == 0)
    for args in Self.queries {
      let answer = deferred.run(args)
      #expect(answer.status == 0)
      #expect(answer.stdout == direct.run(args).stdout, "\(args)")
    }
  }

  /// Many small transactions of a few small batches each (the default puts the corpus in one):
  /// the same summary, the same ledger.
  @Test(.needsCorpus) func smallTransactionsGiveTheSameLedger() throws {
    let small = CLI()
    let one = CLI()
    let r = small.run(["append", Paths.edgar.path], environment: ["LEDGER_TXN_FILINGS": "7", "LEDGER_LEAD_KIB": "16"])
    let reference = one.run(["append", Paths.edgar.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == reference.stdout)
    #expect(r.stdout.hasPrefix("Appended 193 filings"))
    let digest = { (cli: CLI) in cli.run(["verify", "--digest"]).stdout }
    #expect(digest(small) == digest(one))
    for args in Self.queries { #expect(small.run(args).stdout == one.run(args).stdout, "\(args)") }
  }

  @Test(.needsCorpus) func queriesAnswerWithoutTheIndexesAndTheNextWriterRebuildsThem() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.edgar.path]).status == 0)
    let before = Self.queries.map { cli.run($0).stdout }
    // What an append killed after dropping them leaves.
    let queue = try DatabaseQueue(path: cli.db.path)
    try queue.write { db in
      for name in Self.all { try db.execute(sql: "DROP INDEX \(name)") }
    }
    try queue.close()
    #expect(try Self.queryIndexes(cli.db).isEmpty)
    // Read-only queries cannot build them; they answer the same, only slower.
    #expect(Self.queries.map { cli.run($0).stdout } == before)
    #expect(cli.run(["verify"]).status == 0)
    #expect(try Self.queryIndexes(cli.db).isEmpty)
    // Any writer builds them.
    let again = cli.run(["append", Paths.seed.path])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try Self.queryIndexes(cli.db) == BulkIndexTests.all)
    #expect(Self.queries.map { cli.run($0).stdout } == before)
  }

  @Test(.needsCorpus) func droppingTheQueryIndexesDoesNotWriteTheirPagesAgain() throws {
    let cli = CLI()
    let copies = cli.directory.appendingPathComponent("copies")
    try FolderAppendTests.writeCopies(3_000, into: copies)
    #expect(cli.run(["append", copies.path], environment: ["LEDGER_DEFER_INDEXES": "never"]).status == 0)
    let queue = try DatabaseQueue(path: cli.db.path)
    let indexBytes = try queue.read { db in
      try Int.fetchOne(db, sql: "SELECT SUM(pgsize) FROM dbstat WHERE name IN (\(Self.names))") ?? 0
    }
    try queue.close()
    // The last connection to close folds the WAL into the file and deletes it: what the WAL
    // holds while the store below is open is what it wrote.
    func walBytes() -> Int { (try? FileManager.default.attributesOfItem(atPath: cli.db.path + "-wal")[.size] as? Int) ?? 0 }
    let store = try LedgerStore(path: cli.db.path, mode: .readWrite)
    let before = walBytes()
    try store.dropQueryIndexes()
    // The freed pages go on the free list as they are: only the list, the schema and the
    // file's first page are written (a few 16 KiB pages). (SQLite built with secure_delete on,
    // as Debian's is, would write every page again, zeroed, and keep a copy of each in memory
    // until the drop committed: at least all of their bytes.)
    let written = walBytes() - before
    #expect(indexBytes > 400_000)
    #expect(written < indexBytes / 4, "dropping \(indexBytes) bytes of indexes wrote \(written) bytes to the WAL")
  }
}

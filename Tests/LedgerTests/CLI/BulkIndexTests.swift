import Foundation
import GRDB
import Testing

/// A large append drops the indexes only queries use and builds them at the end; answers never
/// depend on it, and a writer rebuilds what a killed append left missing.
@Suite struct BulkIndexTests {
  /// The query indexes present in the ledger's schema, by name.
  static func queryIndexes(_ db: URL) throws -> [String] {
    let queue = try DatabaseQueue(path: db.path, configuration: { var c = Configuration(); c.readonly = true; return c }())
    return try queue.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('entry_by_line', 'filing_owner_by_person') ORDER BY name")
    }
  }

  static let queries = [
    ["holdings", "--cik", "0001494730", "--asof", "2021-11-10", "--format", "json"],
    ["history", "--issuer", "0001318605", "--format", "json"],
    ["amendments", "--format", "json"],
    ["reconcile", "--cik", "0001494730", "--format", "json"],
  ]

  @Test func appendingWithDeferredIndexesGivesTheSameLedger() throws {
    let deferred = CLI()
    let direct = CLI()
    #expect(deferred.run(["append", Paths.edgar.path], environment: ["LEDGER_DEFER_INDEXES": "always"]).status == 0)
    #expect(direct.run(["append", Paths.edgar.path], environment: ["LEDGER_DEFER_INDEXES": "never"]).status == 0)
    #expect(try Self.queryIndexes(deferred.db) == ["entry_by_line", "filing_owner_by_person"])
    #expect(try deferred.eventCount() == direct.eventCount())
    #expect(deferred.run(["verify"]).status == 0)
    for args in Self.queries {
      let answer = deferred.run(args)
      #expect(answer.status == 0)
      #expect(answer.stdout == direct.run(args).stdout, "\(args)")
    }
  }

  @Test func queriesAnswerWithoutTheIndexesAndTheNextWriterRebuildsThem() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.edgar.path]).status == 0)
    let before = Self.queries.map { cli.run($0).stdout }
    // What an append killed after dropping them leaves.
    let queue = try DatabaseQueue(path: cli.db.path)
    try queue.write { db in
      try db.execute(sql: "DROP INDEX entry_by_line")
      try db.execute(sql: "DROP INDEX filing_owner_by_person")
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
    #expect(try Self.queryIndexes(cli.db) == ["entry_by_line", "filing_owner_by_person"])
    #expect(Self.queries.map { cli.run($0).stdout } == before)
  }
}

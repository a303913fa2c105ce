import Foundation
import GRDB

extension LedgerStore {
  /// Drops the indexes only queries use, for a large append; `restoreQueryIndexes` builds them
  /// again. Queries stay correct meanwhile (only slower), and a writer opening the ledger
  /// builds any that a killed append left missing.
  public func dropQueryIndexes() throws(LedgerError) {
    try write { db in
      for (name, _) in Projections.queryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(name)") }
    }
  }

  /// Builds the indexes only queries use, where missing.
  public func restoreQueryIndexes() throws(LedgerError) {
    let cacheMiB = configuration.cacheMiB
    try translatingErrors {
      try LedgerStore.inTransaction(queue, journalsInFiles: true) { try LedgerStore.restoreQueryIndexes($0, cacheMiB: cacheMiB) }
    }
  }

  /// How many filings the ledger holds (their row ids: fast, and exact since none is deleted).
  public func filingCount() throws(LedgerError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM filing") ?? 0 }
  }
}

extension LedgerStore {
  /// Empties the projections and replays every event into them, in log order, as a bulk load:
  /// the indexes that inserts would fill in random order are built once at the end, and the
  /// log is read and decoded on a second thread (with its own connection) while this one writes.
  @discardableResult
  public func rebuild() throws(LedgerError) -> Int {
    try translatingErrors { try LedgerStore.rebuild(queue, cacheMiB: configuration.cacheMiB, progress: configuration.replayProgress) }
  }

  // MARK: - Indexes and replays, on the file

  /// The query indexes missing from the schema, with the statements that create them.
  static func missingQueryIndexes(_ db: Database) throws -> [(String, String)] {
    let present = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'"))
    return Projections.queryIndexes.filter { !present.contains($0.0) }
  }

  static func restoreQueryIndexes(_ db: Database, cacheMiB: Int) throws {
    let missing = try missingQueryIndexes(db)
    guard !missing.isEmpty else { return }
    try Projections.buildingIndexes(db, cacheKiB: cacheMiB * 1024) {
      for (_, sql) in missing { try db.execute(sql: sql) }
    }
  }

  /// Empties the projections and replays the whole log into them, in one transaction (readers
  /// see the old projections until it commits): `ledger rebuild`, and a migration that changes
  /// what the projections hold.
  static func rebuild(_ queue: DatabaseQueue, cacheMiB: Int, progress: (@Sendable (ReplayProgress) -> Void)? = nil) throws -> Int {
    try LedgerStore.inTransaction(queue, foreignKeys: false, journalsInFiles: true) { db in
      try clear(db)
      return try Projections.replay(from: db, file: queue.path, into: db, cacheKiB: cacheMiB * 1024, progress: progress)
    }
  }

  static func clear(_ db: Database) throws {
    for table in Schema.projectionTables {
      try db.execute(sql: "DELETE FROM \(table)")
    }
  }
}

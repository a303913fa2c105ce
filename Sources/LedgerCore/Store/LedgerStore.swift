import CLedgerSQLite
import Foundation
import GRDB

// LedgerCore's folders depend one way, each on those before it (LayeringTests checks it):
// Support, EventLog (events, payloads, the hash chain), Projections (the fold into derived
// tables, the replay), Amendments (links and what is in force), Reports (queries on the
// derived tables), Store (this file: the SQLite file, appends, migrations), Verification.
// Reading filings is EdgarOwnership's, a module of its own that knows nothing of SQLite.

/// The ledger's SQLite file: the event log and the projections derived from it.
///
/// One connection per process. Writers use IMMEDIATE transactions and wait for each other (WAL
/// journal, busy timeout), so several `ledger append` processes can share one file. Query
/// commands open the file read-only and never create it.
public final class LedgerStore: Sendable {
  public enum Mode: Sendable {
    case readWrite
    case readOnly
  }

  public let path: String
  let queue: DatabaseQueue
  /// Statements prepared on this connection, kept for its lifetime (used only inside the
  /// queue's closures, which run one at a time).
  let statements = StatementCache()
  /// The payload dictionary its writers last read from the committed log.
  let dictionaryBox = PayloadDictionaryBox()

  /// Reads the ledger's latest payload dictionary, committed, into `dictionaryBox`.
  func publishDictionary() throws(LedgerError) {
    let latest = try read { db -> (id: UInt32, bytes: Data)? in
      guard try db.tableExists("payload_dictionary"),
        let row = try Row.fetchOne(db, sql: "SELECT dict_id, bytes FROM payload_dictionary ORDER BY version DESC LIMIT 1")
      else { return nil }
      return (UInt32(truncatingIfNeeded: row["dict_id"] as Int64), row["bytes"] as Data)
    }
    if let latest { dictionaryBox.publish(latest) }
  }

  /// The tunables this store was opened with.
  public let configuration: LedgerConfiguration

  /// SQLite without its memory statistics, which nothing here reads: with them on, every
  /// allocation and free in SQLite takes a process-wide lock and updates counters. And a sorter
  /// (index builds) that writes its sorted runs to files past 64 pages, so that what it holds
  /// before spilling does not grow with the page size. Set once, before the process's first connection; a process that
  /// opened one before (through GRDB directly) keeps SQLite's defaults.
  public static let configureSQLite: Void = {
    _ = ledger_sqlite_memstatus_off()
    _ = ledger_sqlite_sorter_pages(64)
    _ = ledger_sqlite_uri_on()
  }()

  /// Opens (and, for writing, creates and migrates) the ledger at `path`.
  public init(path: String, mode: Mode, configuration: LedgerConfiguration = .init()) throws(LedgerError) {
    LedgerStore.configureSQLite
    self.path = path
    self.configuration = configuration
    var config = GRDB.Configuration()
    config.busyMode = .timeout(600)
    config.label = "ledger"
    config.prepareDatabase { db in
      // A fixed page cache (see `LedgerConfiguration.cacheMiB`). Readers also map the file
      // into memory.
      try db.execute(sql: "PRAGMA cache_size = -\(configuration.cacheMiB * 1024)")
      if mode == .readOnly { try db.execute(sql: "PRAGMA mmap_size = 268435456") }
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      // Freed pages are left as they are, not overwritten with zeros (Debian builds SQLite with
      // secure_delete on): only derived tables and indexes are ever cleared, all of them
      // derived from the log the file keeps anyway, and zeroing them wrote every page again and
      // journaled each one.
      try db.execute(sql: "PRAGMA secure_delete = OFF")
      if mode == .readWrite { try db.execute(sql: "PRAGMA wal_autocheckpoint = \(configuration.checkpointPages)") }
    }
    switch mode {
    case .readOnly:
      guard FileManager.default.fileExists(atPath: path) else { throw .databaseMissing(path: path) }
      config.readonly = true
    case .readWrite:
      config.journalMode = .wal
    }
    do {
      // A file that is not a ledger is refused before anything opens it for writing.
      var needsMark = false
      if mode == .readWrite {
        needsMark = try SchemaGuard.admit(path: path, readingPath: path)
        if !FileManager.default.fileExists(atPath: path) {
          try LedgerStore.create(at: path, configuration: config, pageKiB: configuration.pageKiB)
        }
      }
      var opened = try DatabaseQueue(path: mode == .readOnly ? LedgerStore.readingPath(path) : path, configuration: config)
      // A newer version may derive the tables differently: this one neither reads nor writes them.
      if try opened.read(Schema.migrator.hasBeenSuperseded) {
        throw LedgerError.databaseUnavailable(path: path, reason: "was written by a newer version of ledger")
      }
      // A ledger behind only by indexes answers correctly (the next writer adds them); one whose
      // projections an older version derived does not: its owner's first query upgrades it as
      // an append would (the log untouched, the derived tables replayed); anyone else is told
      // to rebuild.
      if mode == .readOnly, try LedgerStore.projectionsOutdated(opened, path: path) {
        guard LedgerStore.mayWrite(path) else {
          throw LedgerError.databaseUnavailable(path: path, reason: "was written by an older version of ledger; run 'ledger rebuild'")
        }
        try opened.close()
        _ = try LedgerStore(path: path, mode: .readWrite, configuration: configuration)
        opened = try DatabaseQueue(path: LedgerStore.readingPath(path), configuration: config)
      }
      queue = opened
      if mode == .readWrite {
        try queue.writeWithoutTransaction { db in
          try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try LedgerStore.migrate(queue, cacheMiB: configuration.cacheMiB, progress: configuration.replayProgress)
        // The triggers that keep the log append-only are put back if they were dropped; an
        // altered event table refuses every write.
        try queue.writeWithoutTransaction { db in
          try SchemaGuard.restore(db, path: path)
          if needsMark { try db.execute(sql: "PRAGMA application_id = \(SchemaGuard.applicationID)") }
        }
        // An append killed while it had dropped the query indexes left them missing.
        if try queue.read({ try !LedgerStore.missingQueryIndexes($0).isEmpty }) {
          try LedgerStore.inTransaction(queue, journalsInFiles: true) { try LedgerStore.restoreQueryIndexes($0, cacheMiB: configuration.cacheMiB) }
        }
      }
    } catch let error as LedgerError {
      throw error
    } catch {
      throw LedgerStore.translate(error, path: path, debug: configuration.debugSQL)
    }
  }

  /// The name a query opens the file by. A ledger in a folder it may not write to, or a file it
  /// may not write (an auditor's copy, read-only media), or one that belongs to another user,
  /// with no WAL beside it, is opened immutable: SQLite then reads it as it is, takes no lock,
  /// and creates no `-wal` or `-shm` file, which it could not create there, or which would
  /// belong to whoever queried and lock the owner out of their own ledger (SQLite gives such
  /// files to the database's owner only when it runs as root). A ledger with a WAL is opened as
  /// usual (its last commits are in the WAL).
  static func readingPath(_ path: String) -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    guard !mayWrite(path), !FileManager.default.fileExists(atPath: absolute + "-wal") else { return path }
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%")
    return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
  }

  /// Whether this user may write the ledger at `path` and its folder, and owns it (or is root).
  static func mayWrite(_ path: String) -> Bool {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let folder = (absolute as NSString).deletingLastPathComponent
    var info = stat()
    let someoneElses = stat(absolute, &info) == 0 && info.st_uid != getuid() && getuid() != 0
    return access(folder, W_OK) == 0 && access(absolute, W_OK) == 0 && !someoneElses
  }

  /// Whether the ledger a query opened has projections an older version derived; another
  /// application's database, an empty one, or one without an event table is refused.
  static func projectionsOutdated(_ queue: DatabaseQueue, path: String) throws -> Bool {
    try queue.read { db in
      _ = try SchemaGuard.identify(db, path: path)
      guard try db.tableExists("event") else { throw LedgerError.databaseUnavailable(path: path, reason: "is not a ledger database") }
      return try Schema.projectionsOutdated(db)
    }
  }

  /// A ledger in memory, for tests and for replaying the log during verification.
  public init(configuration: LedgerConfiguration = .init()) throws(LedgerError) {
    LedgerStore.configureSQLite
    path = ":memory:"
    self.configuration = configuration
    do {
      queue = try DatabaseQueue()
      try Schema.migrator.migrate(queue)
    } catch {
      throw LedgerStore.translate(error, path: path, debug: configuration.debugSQL)
    }
  }

  /// Creates a new ledger so that it appears at `path` with its schema already in place: built
  /// under a temporary name beside it, then hard-linked to `path` (which fails rather than
  /// replaces when another process created it first). A reader never finds the file half made.
  ///
  /// A new ledger gets pages of `pageKiB` (see `LedgerConfiguration.pageKiB`).
  static func create(at path: String, configuration: GRDB.Configuration, pageKiB: Int) throws {
    let temporary = path + ".new-\(UUID().uuidString)"
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
    }
    var configuration = configuration
    // Before the WAL is set up, which fixes the page size of an empty file.
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = \(pageKiB * 1024)") }
    let queue = try DatabaseQueue(path: temporary, configuration: configuration)
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    try Schema.migrator.migrate(queue)
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA application_id = \(SchemaGuard.applicationID)") }
    try queue.close()
    if link(temporary, path) != 0 && errno != EEXIST {
      throw LedgerError.databaseUnavailable(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))")
    }
  }

  /// Brings the schema up to date. Several processes may open a new ledger at once: GRDB's
  /// migrator reads which migrations are applied before it takes the write lock, so a process
  /// can lose the race and fail on a table another one just created. It then tries again and
  /// finds the work done. A ledger that already held events gets its projections rebuilt when a
  /// migration changed what they hold (not when it only added an index).
  static func migrate(_ queue: DatabaseQueue, cacheMiB: Int, progress: (@Sendable (ReplayProgress) -> Void)? = nil) throws {
    let migrator = Schema.migrator
    let hadEvents = try queue.read { db in
      try db.tableExists("event") && (try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") ?? 0) == 1
    }
    var attempt = 0
    while true {
      if try queue.read({ db in try migrator.hasCompletedMigrations(db) }) { break }
      do {
        let outdated = try queue.read(Schema.projectionsOutdated)
        try migrator.migrate(queue)
        if hadEvents && outdated {
          // The projections of an older ledger lack what newer code derives: rebuild them.
          _ = try LedgerStore.rebuild(queue, cacheMiB: cacheMiB, progress: progress)
        }
        break
      } catch {
        attempt += 1
        if attempt >= 20 { throw error }
        usleep(UInt32(20_000 * attempt))
      }
    }
  }

  // MARK: - Access

  /// Runs `body` in a read transaction; database failures become `LedgerError`s.
  public func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
    try translatingErrors { try queue.read(body) }
  }

  /// Runs `body` in an IMMEDIATE write transaction: all of it or nothing.
  func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
    try translatingErrors { try LedgerStore.inTransaction(queue, body) }
  }

  /// Runs `body` in an IMMEDIATE transaction on `queue`. With `foreignKeys` false, SQLite does
  /// not enforce foreign keys meanwhile (a rebuild empties and refills tables that refer to
  /// each other). With `journalsInFiles`, the transaction's statement journals go to files:
  /// SQLite decides where they go when a transaction begins, and with temp_store MEMORY they
  /// stay in memory however large they grow. Building an index over freed pages (those of the
  /// tables a rebuild cleared, of the indexes a large append dropped) journals every one of
  /// them, and memory would grow with the ledger.
  static func inTransaction<T>(
    _ queue: DatabaseQueue, foreignKeys: Bool = true, journalsInFiles: Bool = false, _ body: (Database) throws -> T
  ) throws -> T {
    try queue.writeWithoutTransaction { db in
      if !foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
      if journalsInFiles { try db.execute(sql: "PRAGMA temp_store = FILE") }
      defer {
        if journalsInFiles { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
        if !foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
      }
      var result: T?
      try db.inTransaction(.immediate) {
        result = try body(db)
        return .commit
      }
      return result!
    }
  }

  /// Runs `body`; database failures become `LedgerError`s.
  func translatingErrors<T>(_ body: () throws -> T) throws(LedgerError) -> T {
    do {
      return try body()
    } catch let error as LedgerError {
      throw error
    } catch {
      throw LedgerStore.translate(error, path: path, debug: configuration.debugSQL)
    }
  }

  public func eventCount() throws(LedgerError) -> Int {
    try read { try EventLog.count($0) }
  }

  /// Turns a database failure into a message a user can act on, never SQLite's own text.
  static func translate(_ error: any Error, path: String, debug: Bool = false) -> LedgerError {
    if debug {
      // For developers only: the raw error on standard error.
      FileHandle.standardError.write(Data("SQLite: \(error)\n".utf8))
    }
    guard let db = error as? DatabaseError else {
      if let e = error as? LedgerError { return e }
      // A replay (rebuild, a migration) met an event it cannot read: the log itself is damaged.
      switch error as? ProjectionError {
      case .undecodable(let seq, let type)?:
        return .databaseUnavailable(path: path, reason: "event \(seq) (\(type)) cannot be decoded: the log is damaged (see 'ledger verify')")
      case .rowWithoutFiling(let seq)?:
        return .databaseUnavailable(path: path, reason: "event \(seq) is a row with no filing before it: the log is damaged (see 'ledger verify')")
      case nil: break
      }
      if let failure = error as? PayloadCodec.Failure {
        return .databaseUnavailable(path: path, reason: "a stored payload cannot be read (\(failure.description)): the log is damaged (see 'ledger verify')")
      }
      return .databaseUnavailable(path: path, reason: "unexpected failure (\(type(of: error)))")
    }
    switch db.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return .databaseUnavailable(path: path, reason: "the database stayed busy with another process for too long")
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      return .databaseUnavailable(path: path, reason: "is not a ledger database, or it is damaged")
    case .SQLITE_CANTOPEN:
      return .databaseUnavailable(path: path, reason: "cannot be opened (check the path and its permissions)")
    case .SQLITE_READONLY:
      return .databaseUnavailable(path: path, reason: "is read-only here")
    case .SQLITE_FULL:
      return .databaseUnavailable(path: path, reason: "the disk is full")
    case .SQLITE_IOERR:
      return .databaseUnavailable(path: path, reason: "input/output error while using the database")
    case .SQLITE_CONSTRAINT:
      return .databaseUnavailable(path: path, reason: "the database refused a change that would break the ledger's rules")
    default:
      return .databaseUnavailable(path: path, reason: "database error \(db.resultCode.rawValue)")
    }
  }
}

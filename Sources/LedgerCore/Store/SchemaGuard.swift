import Foundation
import GRDB

/// What makes a SQLite file a ledger, and what keeps its log append-only: the application id in
/// its header, the event table as some version of the migrations defined it, and the triggers
/// that refuse changes to the log and to the payload dictionaries.
///
/// A writer refuses a file that is not a ledger before anything writes to it (no table added,
/// journal mode unchanged), restores a trigger that was dropped or altered, and refuses to write
/// when the event table itself was altered. `ledger verify` reports all of it.
enum SchemaGuard {
  /// `PRAGMA application_id` of a ledger: "LEDG".
  static let applicationID: Int32 = 0x4C45_4447

  /// The triggers, as the migrations create them (compared with whitespace collapsed).
  static let triggers: [(name: String, table: String, sql: String)] = [
    ("event_no_update", "event", "CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE is refused'); END"),
    ("event_no_delete", "event", "CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE is refused'); END"),
    (
      "event_contiguous", "event",
      "CREATE TRIGGER event_contiguous BEFORE INSERT ON event WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM event) BEGIN SELECT RAISE(ABORT, 'event sequence numbers must follow the last one'); END"
    ),
    (
      "payload_dictionary_no_update", "payload_dictionary",
      "CREATE TRIGGER payload_dictionary_no_update BEFORE UPDATE ON payload_dictionary BEGIN SELECT RAISE(ABORT, 'payload dictionaries are immutable: UPDATE is refused'); END"
    ),
    (
      "payload_dictionary_no_delete", "payload_dictionary",
      "CREATE TRIGGER payload_dictionary_no_delete BEFORE DELETE ON payload_dictionary BEGIN SELECT RAISE(ABORT, 'payload dictionaries are immutable: DELETE is refused'); END"
    ),
  ]

  /// The event table as each shipped version left it: v1, after v5 (the type check without an
  /// IN list), after v8 (payload of any type), the last being what a new ledger has.
  static let eventDefinitions: [String] = [
    "CREATE TABLE event ( seq INTEGER PRIMARY KEY CHECK (seq > 0), type TEXT NOT NULL CHECK (type IN ('FilingRecorded', 'RowReported', 'FilingDated', 'FilingDeduplicated', 'AmendmentResolved')), filing TEXT NOT NULL CHECK (filing <> ''), payload TEXT NOT NULL, hash BLOB NOT NULL CHECK (length(hash) = 32) ) STRICT",
    "CREATE TABLE event ( seq INTEGER PRIMARY KEY CHECK (seq > 0), type TEXT NOT NULL CHECK (type = 'FilingRecorded' OR type = 'RowReported' OR type = 'FilingDated' OR type = 'FilingDeduplicated' OR type = 'AmendmentResolved'), filing TEXT NOT NULL CHECK (filing <> ''), payload TEXT NOT NULL, hash BLOB NOT NULL CHECK (length(hash) = 32) ) STRICT",
    "CREATE TABLE event ( seq INTEGER PRIMARY KEY CHECK (seq > 0), type TEXT NOT NULL CHECK (type = 'FilingRecorded' OR type = 'RowReported' OR type = 'FilingDated' OR type = 'FilingDeduplicated' OR type = 'AmendmentResolved'), filing TEXT NOT NULL CHECK (filing <> ''), payload ANY NOT NULL, hash BLOB NOT NULL CHECK (length(hash) = 32) ) STRICT",
  ]

  static let dictionaryDefinition =
    "CREATE TABLE payload_dictionary ( version INTEGER PRIMARY KEY CHECK (version > 0), dict_id INTEGER NOT NULL UNIQUE CHECK (dict_id > 0), first_seq INTEGER NOT NULL, bytes BLOB NOT NULL, sha256 BLOB NOT NULL CHECK (length(sha256) = 32) ) STRICT"

  /// SQL with every run of white space made one space: SQLite keeps a definition as it was
  /// written, line breaks and indentation included.
  static func normalized(_ sql: String) -> String {
    sql.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// Every table's and trigger's definition, by name.
  static func definitions(_ db: Database) throws -> [String: String] {
    try Dictionary(
      Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')").map { ($0["name"] as String, $0["sql"] as String? ?? "") },
      uniquingKeysWith: { a, _ in a })
  }

  /// What is wrong with the guarded schema, one line each; empty when all is in place.
  static func findings(_ db: Database) throws -> [String] {
    var found: [String] = []
    let defined = try definitions(db)
    if let event = defined["event"] {
      if !eventDefinitions.contains(normalized(event)) {
        found.append("the event table's definition is not one any version of ledger created: it was altered")
      }
    } else {
      found.append("the event table is missing")
    }
    let dictionaries = defined["payload_dictionary"] != nil
    if let d = defined["payload_dictionary"], normalized(d) != dictionaryDefinition {
      found.append("the payload_dictionary table's definition was altered")
    }
    for t in triggers where t.table == "event" || dictionaries {
      guard let sql = defined[t.name] else {
        found.append("trigger \(t.name) is missing: the log's \(t.table == "event" ? "append-only guard" : "dictionaries' guard") is off")
        continue
      }
      if normalized(sql) != t.sql { found.append("trigger \(t.name) was altered") }
    }
    return found
  }

  /// Puts back every trigger that is missing or altered; refuses (a `LedgerError`) when the
  /// event table is missing or not one ledger created. Run by every writer when it opens.
  static func restore(_ db: Database, path: String) throws {
    let defined = try definitions(db)
    guard let event = defined["event"], eventDefinitions.contains(normalized(event)) else {
      throw LedgerError.databaseUnavailable(path: path, reason: "its event table was altered; refused to write (see 'ledger verify')")
    }
    let wrong = triggers.filter { t in
      (t.table == "event" || defined["payload_dictionary"] != nil) && defined[t.name].map(normalized) != t.sql
    }
    guard !wrong.isEmpty else { return }
    try db.inTransaction(.immediate) {
      for t in wrong {
        try db.execute(sql: "DROP TRIGGER IF EXISTS \(t.name)")
        try db.execute(sql: t.sql)
      }
      return .commit
    }
  }

  /// Refuses a file that is not a ledger, reading it only (no table added, journal mode left as
  /// it is): a file that exists must be empty, a SQLite database with no table, a ledger
  /// (marked by its application id), or one an older version wrote (its event table one a
  /// version of ledger defined). Returns whether the file still needs the application id.
  @discardableResult
  static func admit(path: String, readingPath: String) throws(LedgerError) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }  // absent: a writer creates it
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw .databaseUnavailable(path: path, reason: "is not a regular file") }
    if info.st_size == 0 { return true }
    var configuration = GRDB.Configuration()
    configuration.readonly = true
    do {
      let queue = try DatabaseQueue(path: readingPath, configuration: configuration)
      defer { try? queue.close() }
      return try queue.read { db in try identify(db, path: path) }
    } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
      throw .databaseUnavailable(path: path, reason: "is not a SQLite database, so not a ledger; refused and left as it is")
    } catch let error as LedgerError {
      throw error
    } catch {
      throw LedgerStore.translate(error, path: path)
    }
  }

  /// Whether the open database is a ledger (false), one that still needs its application id
  /// (true: an older ledger, or an empty database), or not a ledger (a `LedgerError`).
  static func identify(_ db: Database, path: String) throws -> Bool {
    let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    if id == applicationID { return false }
    if id != 0 {
      throw LedgerError.databaseUnavailable(
        path: path, reason: "is another application's SQLite database (application_id \(String(format: "0x%08X", UInt32(bitPattern: id)))); refused and left as it is")
    }
    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    if tables.isEmpty { return true }
    guard let event = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'event'"),
      tables.contains("grdb_migrations")
    else {
      let listed = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", ..." : "")
      throw LedgerError.databaseUnavailable(path: path, reason: "is a SQLite database of another application (tables: \(listed)); refused and left as it is")
    }
    guard eventDefinitions.contains(normalized(event)) else {
      throw LedgerError.databaseUnavailable(path: path, reason: "has an event table of another shape: not a ledger; refused and left as it is")
    }
    return true
  }
}

import Foundation
import GRDB

/// The database schema, as migrations. Shipped migrations are never edited: a change is a new one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1: event log") { db in
      try db.execute(
        sql: """
          CREATE TABLE event (
            seq INTEGER PRIMARY KEY CHECK (seq > 0),
            type TEXT NOT NULL CHECK (type IN ('FilingRecorded', 'RowReported', 'FilingDated',
                                                'FilingDeduplicated', 'AmendmentResolved')),
            filing TEXT NOT NULL CHECK (filing <> ''),
            payload TEXT NOT NULL,
            hash BLOB NOT NULL CHECK (length(hash) = 32)
          ) STRICT;

          CREATE TRIGGER event_no_update BEFORE UPDATE ON event
          BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE is refused'); END;

          CREATE TRIGGER event_no_delete BEFORE DELETE ON event
          BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE is refused'); END;

          CREATE TRIGGER event_contiguous BEFORE INSERT ON event
          WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM event)
          BEGIN SELECT RAISE(ABORT, 'event sequence numbers must follow the last one'); END;
          """)
    }
    m.registerMigration("v1: projections") { db in
      try db.execute(sql: projectionsV1)
    }
    // Migrations only change the schema. When a ledger that already holds events is migrated,
    // LedgerStore replays the log into the projections once, with the current projector.
    m.registerMigration("v2: amendment families and ticker ranks") { db in
      try db.execute(sql: projectionsV2)
    }
    m.registerMigration("v3: leaner projection indexes") { db in
      for table in projectionTablesV9 { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
      try db.execute(sql: projectionsV3)
    }
    // Re-linking an amendment deletes its candidates by amendment: without this index each
    // deletion scanned the whole table, which made appends and rebuilds quadratic in the
    // number of amendments.
    m.registerMigration("v4: amendment candidates by amendment") { db in
      try db.execute(sql: "CREATE INDEX amendment_candidate_by_amendment ON amendment_candidate(amendment_id)")
    }
    m.registerMigration("v5: event type check without an IN list", migrate: checkEventTypeByComparisons)
    // The writer's own lookups through indexes that a bulk append fills in order (see
    // `Projections.queryIndexes`, which now holds the two they stand in for).
    m.registerMigration("v6: writer lookups in filing order") { db in
      try db.execute(sql: writerIndexesV6)
    }
    // Position lines no longer split on the underlying security's title or on the punctuation
    // of a nature, and a derivative holding with only an underlying amount has that amount: the
    // tables keep their shape, and the replay after this migration derives them anew.
    m.registerMigration("v7: line identity and underlying amounts") { _ in }
    // Payloads are stored as zstd frames (BLOBs) from here on; the text ones stay as they are.
    m.registerMigration("v8: compressed payloads", migrate: compressedPayloads)
    // Every projection is emptied (other tables refer to filings), then filings and entries
    // are recreated smaller; the replay after this migration fills them again.
    m.registerMigration("v9: smaller filings and entries") { db in
      for table in projectionTablesV9 { try db.execute(sql: "DELETE FROM \(table)") }
      try db.execute(sql: "DROP TABLE entry; DROP TABLE filing")
      try db.execute(sql: projectionsV9)
    }
    // Footnote texts in tables of their own; the replay after this migration fills them.
    m.registerMigration("v10: footnote texts") { db in
      try db.execute(sql: footnotesV10)
    }
    // What reports show of a row beyond the entry's figures (`EntryNotes`), and each filing
    // owner's role, so that no report decodes an event; the replay after this migration fills
    // them.
    m.registerMigration("v11: entry notes and owner roles") { db in
      try db.execute(sql: "ALTER TABLE entry ADD COLUMN notes TEXT")
      try db.execute(sql: "ALTER TABLE filing_owner ADD COLUMN role TEXT NOT NULL DEFAULT ''")
    }
    // A nature that points to its footnotes is told apart by their texts (`LineFacts`): the
    // replay after this migration makes the lines again.
    m.registerMigration("v12: natures told by their footnotes") { _ in }
    // A title's footnote marks ("Class B Common Stock (2)") are not part of the security
    // (`NameKey.title`): the replay after this migration makes the lines again.
    m.registerMigration("v13: titles without footnote marks") { _ in }
    // `ledger late` takes each issuer's fiscal year from its latest Form 5, found through this
    // index rather than among every filing of the issuer.
    m.registerMigration("v14: Form 5 filings by issuer") { db in
      try db.execute(sql: form5IndexV14)
    }
    return m
  }

  /// The event table's `payload` column takes BLOBs as well as text (STRICT's `ANY`), and the
  /// dictionaries frames are compressed with get a table of their own, append-only like the
  /// log. The column's type is edited in the schema, as for v5: every stored value (text) is
  /// valid under the new type, so nothing stored changes. Running it again changes nothing.
  static func compressedPayloads(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE IF NOT EXISTS payload_dictionary (
          version INTEGER PRIMARY KEY CHECK (version > 0),
          dict_id INTEGER NOT NULL UNIQUE CHECK (dict_id > 0),
          first_seq INTEGER NOT NULL,
          bytes BLOB NOT NULL,
          sha256 BLOB NOT NULL CHECK (length(sha256) = 32)
        ) STRICT;

        CREATE TRIGGER IF NOT EXISTS payload_dictionary_no_update BEFORE UPDATE ON payload_dictionary
        BEGIN SELECT RAISE(ABORT, 'payload dictionaries are immutable: UPDATE is refused'); END;

        CREATE TRIGGER IF NOT EXISTS payload_dictionary_no_delete BEFORE DELETE ON payload_dictionary
        BEGIN SELECT RAISE(ABORT, 'payload dictionaries are immutable: DELETE is refused'); END;
        """)
    let definition = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'event'"
    guard let sql = try String.fetchOne(db, sql: definition), let column = sql.range(of: "payload TEXT NOT NULL") else { return }
    let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
    try db.execute(sql: "PRAGMA writable_schema = ON")
    try db.execute(
      sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'event'",
      arguments: [sql.replacingCharacters(in: column, with: "payload ANY NOT NULL")])
    try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
    try db.execute(sql: "PRAGMA writable_schema = OFF")
  }

  /// The event table's check on `type`, as comparisons rather than an IN list: SQLite builds a
  /// temporary b-tree of an IN list's values each time a CHECK constraint holding one is
  /// tested, here at every event inserted. The same test as comparisons costs nothing. SQLite cannot alter a constraint, so the
  /// table's definition is edited in the schema (the procedure SQLite documents for changes
  /// that leave what is stored as it is: the new check accepts exactly what the old one did).
  /// Does nothing where the IN list is gone already.
  static func checkEventTypeByComparisons(_ db: Database) throws {
    let definition = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'event'"
    guard let sql = try String.fetchOne(db, sql: definition),
      let list = sql.range(of: #"type IN \([^)]*\)"#, options: .regularExpression)
    else { return }
    let comparisons = LedgerEvent.Kind.allCases.map { "type = '\($0.rawValue)'" }.joined(separator: " OR ")
    let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
    try db.execute(sql: "PRAGMA writable_schema = ON")
    try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'event'", arguments: [sql.replacingCharacters(in: list, with: comparisons)])
    try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
    try db.execute(sql: "PRAGMA writable_schema = OFF")
  }

  /// Indexes the writer looks filings up through while a large append has dropped the two
  /// whose keys arrive in random order (content keys are hashes; issuers come in any order),
  /// and that it fills in about the order filings arrive:
  /// - amendment candidates (same issuer and owners, filed within a week of a date) by filing
  ///   date first: a range of a week's filings, read in the index alone;
  /// - copies without an accession number, by content: a filing with an accession looks only
  ///   for those, which only filings from JSON without one are.
  static let writerIndexesV6 = """
    CREATE INDEX IF NOT EXISTS filing_by_filed ON filing(filed_at, issuer_id, owner_group);
    CREATE INDEX IF NOT EXISTS filing_unaccessioned_by_content ON filing(content_id) WHERE accession IS NULL;
    """

  /// The Forms 5 and 5/A of each issuer by filing date, as `Late.fiscalYearQuery` reads them: a
  /// partial index, which holds those forms only (a few in a hundred filings).
  static let form5IndexV14 = """
    CREATE INDEX IF NOT EXISTS filing_form5_by_issuer ON filing(issuer_id, filed_at)
    WHERE form IN ('5', '5/A') AND duplicate_of IS NULL
    """

  /// The migrations after which a ledger that already holds events has its projections
  /// replayed: those that change what the projections hold. The others only add indexes.
  static let replayingMigrations: Set<String> = [
    "v1: projections", "v2: amendment families and ticker ranks", "v3: leaner projection indexes",
    "v7: line identity and underlying amounts", "v9: smaller filings and entries", "v10: footnote texts",
    "v11: entry notes and owner roles", "v12: natures told by their footnotes", "v13: titles without footnote marks",
  ]

  /// Whether a migration that changes what the projections hold has yet to run on `db`.
  static func projectionsOutdated(_ db: Database) throws -> Bool {
    try !replayingMigrations.isSubset(of: migrator.appliedIdentifiers(db))
  }

  /// Derived tables: everything here is rebuilt from the events by `ledger rebuild`, each
  /// before the tables it refers to.
  static let projectionTables = ["footnote", "footnote_text"] + projectionTablesV9

  /// The derived tables as of v9, which the migrations up to v9 empty or drop.
  static let projectionTablesV9 = [
    "entry", "line_owner", "line", "amendment_candidate", "amendment", "filing_owner", "filing", "person_name",
    "person", "issuer_alias", "issuer",
  ]
}

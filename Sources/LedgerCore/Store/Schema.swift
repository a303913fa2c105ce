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
      for table in projectionTables { try db.execute(sql: "DROP TABLE IF EXISTS \(table)") }
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

  /// The migrations after which a ledger that already holds events has its projections
  /// replayed: those that change what the projections hold. The others only add indexes.
  static let replayingMigrations: Set<String> = [
    "v1: projections", "v2: amendment families and ticker ranks", "v3: leaner projection indexes",
    "v7: line identity and underlying amounts",
  ]

  /// Whether a migration that changes what the projections hold has yet to run on `db`.
  static func projectionsOutdated(_ db: Database) throws -> Bool {
    try !replayingMigrations.isSubset(of: migrator.appliedIdentifiers(db))
  }

  /// Derived tables: everything here is rebuilt from the events by `ledger rebuild`.
  static let projectionTables = [
    "entry", "line_owner", "line", "amendment_candidate", "amendment", "filing_owner", "filing", "person_name",
    "person", "issuer_alias", "issuer",
  ]

  /// Amendment families (which filings an amendment may amend), rows per table, and the rank of
  /// the filing that gave an issuer its ticker (so that the ticker shown does not depend on the
  /// order of appends).
  static let projectionsV2 = """
    ALTER TABLE filing ADD COLUMN table1_rows INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE filing ADD COLUMN table2_rows INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE filing ADD COLUMN in_family INTEGER NOT NULL DEFAULT 0 CHECK (in_family IN (0, 1));
    CREATE INDEX filing_by_amends ON filing(amends) WHERE amends IS NOT NULL;
    CREATE TABLE amendment_candidate (
      candidate_id INTEGER NOT NULL REFERENCES filing(id),
      amendment_id INTEGER NOT NULL REFERENCES filing(id),
      PRIMARY KEY (candidate_id, amendment_id)
    ) STRICT, WITHOUT ROWID;
    ALTER TABLE issuer ADD COLUMN ticker_rank TEXT NOT NULL DEFAULT '';
    """

  /// The derived tables recreated with fewer and smaller indexes (bulk appends maintain every
  /// index on every insert): no unique index duplicating another, an integer prefix of the
  /// content key, partial indexes where only amendments need them.
  static let projectionsV3 = """
    CREATE TABLE person (
      id INTEGER PRIMARY KEY,
      cik TEXT UNIQUE CHECK (cik IS NULL OR length(cik) = 10),
      name TEXT NOT NULL,
      name_rank TEXT NOT NULL
    ) STRICT;

    CREATE TABLE person_name (
      person_id INTEGER NOT NULL REFERENCES person(id),
      name TEXT NOT NULL,
      name_key TEXT NOT NULL,
      PRIMARY KEY (person_id, name)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX person_name_by_key ON person_name(name_key);

    CREATE TABLE issuer (
      id INTEGER PRIMARY KEY,
      cik TEXT UNIQUE CHECK (cik IS NULL OR length(cik) = 10),
      name TEXT NOT NULL,
      ticker TEXT,
      name_rank TEXT NOT NULL,
      ticker_rank TEXT NOT NULL DEFAULT ''
    ) STRICT;

    CREATE TABLE issuer_alias (
      kind TEXT NOT NULL CHECK (kind IN ('name', 'ticker')),
      key TEXT NOT NULL,
      issuer_id INTEGER NOT NULL REFERENCES issuer(id),
      PRIMARY KEY (kind, key, issuer_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE filing (
      id INTEGER PRIMARY KEY,
      filing TEXT NOT NULL UNIQUE,
      accession TEXT CHECK (accession IS NULL OR accession = filing),
      content_key TEXT NOT NULL,
      content_id INTEGER NOT NULL,
      document_hash TEXT NOT NULL,
      source_name TEXT NOT NULL,
      form TEXT NOT NULL,
      period TEXT NOT NULL,
      original_date TEXT,
      amends TEXT,
      filed_at TEXT NOT NULL,
      filed_estimated INTEGER NOT NULL CHECK (filed_estimated IN (0, 1)),
      issuer_id INTEGER NOT NULL REFERENCES issuer(id),
      owner_group TEXT NOT NULL,
      event_seq INTEGER NOT NULL,
      row_count INTEGER NOT NULL,
      table1_rows INTEGER NOT NULL DEFAULT 0,
      table2_rows INTEGER NOT NULL DEFAULT 0,
      in_family INTEGER NOT NULL DEFAULT 0 CHECK (in_family IN (0, 1)),
      duplicate_of INTEGER REFERENCES filing(id)
    ) STRICT;
    CREATE INDEX filing_by_content ON filing(content_id);
    CREATE INDEX filing_by_issuer_filed ON filing(issuer_id, owner_group, filed_at);
    CREATE INDEX filing_by_original ON filing(issuer_id, owner_group, original_date) WHERE original_date IS NOT NULL;
    CREATE INDEX filing_by_amends ON filing(amends) WHERE amends IS NOT NULL;

    CREATE TABLE filing_owner (
      filing_id INTEGER NOT NULL REFERENCES filing(id),
      person_id INTEGER NOT NULL REFERENCES person(id),
      position INTEGER NOT NULL,
      PRIMARY KEY (filing_id, person_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX filing_owner_by_person ON filing_owner(person_id);

    CREATE TABLE amendment (
      filing_id INTEGER PRIMARY KEY REFERENCES filing(id),
      status TEXT NOT NULL CHECK (status IN ('linked', 'pending', 'ambiguous')),
      method TEXT,
      original_id INTEGER REFERENCES filing(id),
      candidates TEXT NOT NULL,
      reason TEXT NOT NULL,
      event_seq INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX amendment_by_original ON amendment(original_id) WHERE original_id IS NOT NULL;

    CREATE TABLE amendment_candidate (
      candidate_id INTEGER NOT NULL REFERENCES filing(id),
      amendment_id INTEGER NOT NULL REFERENCES filing(id),
      PRIMARY KEY (candidate_id, amendment_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE line (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      issuer_id INTEGER NOT NULL REFERENCES issuer(id),
      owner_group TEXT NOT NULL,
      derivative INTEGER NOT NULL CHECK (derivative IN (0, 1)),
      unit TEXT NOT NULL CHECK (unit IN ('shares', 'value')),
      ownership TEXT NOT NULL CHECK (ownership IN ('D', 'I')),
      nature TEXT NOT NULL,
      security TEXT NOT NULL,
      exercise_price TEXT,
      expiration_date TEXT,
      underlying TEXT,
      title_rank TEXT NOT NULL
    ) STRICT;

    CREATE TABLE line_owner (
      person_id INTEGER NOT NULL REFERENCES person(id),
      line_id INTEGER NOT NULL REFERENCES line(id),
      PRIMARY KEY (person_id, line_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE entry (
      id INTEGER PRIMARY KEY,
      line_id INTEGER NOT NULL REFERENCES line(id),
      filing_id INTEGER NOT NULL REFERENCES filing(id),
      event_seq INTEGER NOT NULL,
      valid_date TEXT NOT NULL,
      filed_at TEXT NOT NULL,
      filing TEXT NOT NULL,
      row_order INTEGER NOT NULL,
      table_kind TEXT NOT NULL CHECK (table_kind IN ('nonDerivative', 'derivative')),
      row_kind TEXT NOT NULL CHECK (row_kind IN ('transaction', 'holding')),
      code TEXT,
      acquired_disposed TEXT CHECK (acquired_disposed IN ('A', 'D')),
      amount TEXT,
      delta TEXT,
      post TEXT,
      price TEXT,
      underlying_amount TEXT
    ) STRICT;
    CREATE INDEX entry_by_line ON entry(line_id, valid_date, filed_at, filing, row_order);
    CREATE INDEX entry_by_filing ON entry(filing_id);
    """

  static let projectionsV1 = """
    CREATE TABLE person (
      id INTEGER PRIMARY KEY,
      cik TEXT UNIQUE CHECK (cik IS NULL OR length(cik) = 10),
      name TEXT NOT NULL,
      name_rank TEXT NOT NULL
    ) STRICT;

    CREATE TABLE person_name (
      person_id INTEGER NOT NULL REFERENCES person(id),
      name TEXT NOT NULL,
      name_key TEXT NOT NULL,
      PRIMARY KEY (person_id, name)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX person_name_by_key ON person_name(name_key);

    CREATE TABLE issuer (
      id INTEGER PRIMARY KEY,
      cik TEXT UNIQUE CHECK (cik IS NULL OR length(cik) = 10),
      name TEXT NOT NULL,
      ticker TEXT,
      name_rank TEXT NOT NULL
    ) STRICT;

    CREATE TABLE issuer_alias (
      kind TEXT NOT NULL CHECK (kind IN ('name', 'ticker')),
      key TEXT NOT NULL,
      issuer_id INTEGER NOT NULL REFERENCES issuer(id),
      PRIMARY KEY (kind, key, issuer_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE filing (
      id INTEGER PRIMARY KEY,
      filing TEXT NOT NULL UNIQUE,
      accession TEXT UNIQUE,
      content_key TEXT NOT NULL,
      document_hash TEXT NOT NULL,
      source_name TEXT NOT NULL,
      form TEXT NOT NULL,
      period TEXT NOT NULL,
      original_date TEXT,
      amends TEXT,
      filed_at TEXT NOT NULL,
      filed_estimated INTEGER NOT NULL CHECK (filed_estimated IN (0, 1)),
      issuer_id INTEGER NOT NULL REFERENCES issuer(id),
      owner_group TEXT NOT NULL,
      event_seq INTEGER NOT NULL UNIQUE,
      row_count INTEGER NOT NULL,
      duplicate_of INTEGER REFERENCES filing(id)
    ) STRICT;
    CREATE INDEX filing_by_content ON filing(content_key);
    CREATE INDEX filing_by_family ON filing(issuer_id, owner_group, original_date);
    CREATE INDEX filing_by_issuer_filed ON filing(issuer_id, owner_group, filed_at);

    CREATE TABLE filing_owner (
      filing_id INTEGER NOT NULL REFERENCES filing(id),
      person_id INTEGER NOT NULL REFERENCES person(id),
      position INTEGER NOT NULL,
      PRIMARY KEY (filing_id, person_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX filing_owner_by_person ON filing_owner(person_id);

    CREATE TABLE amendment (
      filing_id INTEGER PRIMARY KEY REFERENCES filing(id),
      status TEXT NOT NULL CHECK (status IN ('linked', 'pending', 'ambiguous')),
      method TEXT,
      original_id INTEGER REFERENCES filing(id),
      candidates TEXT NOT NULL,
      reason TEXT NOT NULL,
      event_seq INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX amendment_by_original ON amendment(original_id);

    CREATE TABLE line (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      issuer_id INTEGER NOT NULL REFERENCES issuer(id),
      owner_group TEXT NOT NULL,
      derivative INTEGER NOT NULL CHECK (derivative IN (0, 1)),
      unit TEXT NOT NULL CHECK (unit IN ('shares', 'value')),
      ownership TEXT NOT NULL CHECK (ownership IN ('D', 'I')),
      nature TEXT NOT NULL,
      security TEXT NOT NULL,
      exercise_price TEXT,
      expiration_date TEXT,
      underlying TEXT,
      title_rank TEXT NOT NULL
    ) STRICT;

    CREATE TABLE line_owner (
      person_id INTEGER NOT NULL REFERENCES person(id),
      line_id INTEGER NOT NULL REFERENCES line(id),
      PRIMARY KEY (person_id, line_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE entry (
      id INTEGER PRIMARY KEY,
      line_id INTEGER NOT NULL REFERENCES line(id),
      filing_id INTEGER NOT NULL REFERENCES filing(id),
      event_seq INTEGER NOT NULL UNIQUE,
      valid_date TEXT NOT NULL,
      filed_at TEXT NOT NULL,
      filing TEXT NOT NULL,
      row_order INTEGER NOT NULL,
      table_kind TEXT NOT NULL CHECK (table_kind IN ('nonDerivative', 'derivative')),
      row_kind TEXT NOT NULL CHECK (row_kind IN ('transaction', 'holding')),
      code TEXT,
      acquired_disposed TEXT CHECK (acquired_disposed IN ('A', 'D')),
      amount TEXT,
      delta TEXT,
      post TEXT,
      price TEXT,
      underlying_amount TEXT
    ) STRICT;
    CREATE INDEX entry_by_line ON entry(line_id, valid_date, filed_at, filing, row_order);
    CREATE INDEX entry_by_filing ON entry(filing_id);
    """
}

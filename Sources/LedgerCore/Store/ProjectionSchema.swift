import Foundation

// The derived tables' SQL, as each shipped migration created them (never edited once shipped).
extension Schema {
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

  /// Footnotes as reports show them: each filing's footnote ids, and their texts once however
  /// many filings repeat them (boilerplate footnotes recur across filings, and replicated or
  /// generated filings share all of theirs). A text's id is a 63-bit hash of its bytes, the next
  /// free one on a collision, so a text is found without an index on the text itself. Reports
  /// read footnotes here instead of decompressing filing payloads.
  static let footnotesV10 = """
    CREATE TABLE footnote_text (
      id INTEGER PRIMARY KEY,
      text TEXT NOT NULL
    ) STRICT;
    CREATE TABLE footnote (
      filing_id INTEGER NOT NULL REFERENCES filing(id),
      note TEXT NOT NULL,
      text_id INTEGER NOT NULL REFERENCES footnote_text(id),
      PRIMARY KEY (filing_id, note)
    ) STRICT, WITHOUT ROWID;
    """

  /// Filings and entries recreated smaller, keeping only what queries read, in the form they
  /// compare it: content keys and document digests as 32-byte BLOBs rather than hex; an entry's
  /// dates as day numbers (days after 1970-01-01), its table and kind as 0/1 (which SQLite
  /// stores in no bytes at all), and no copy of its filing's accession (a query joins the
  /// filing, which it reads anyway). Entries are a line's balance; these are most of a ledger's
  /// derived bytes.
  static let projectionsV9 = """
    CREATE TABLE filing (
      id INTEGER PRIMARY KEY,
      filing TEXT NOT NULL UNIQUE,
      accession TEXT CHECK (accession IS NULL OR accession = filing),
      content_key BLOB NOT NULL,
      content_id INTEGER NOT NULL,
      document_hash BLOB NOT NULL,
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
    CREATE INDEX filing_by_filed ON filing(filed_at, issuer_id, owner_group);
    CREATE INDEX filing_unaccessioned_by_content ON filing(content_id) WHERE accession IS NULL;

    CREATE TABLE entry (
      id INTEGER PRIMARY KEY,
      line_id INTEGER NOT NULL REFERENCES line(id),
      filing_id INTEGER NOT NULL REFERENCES filing(id),
      event_seq INTEGER NOT NULL,
      valid_day INTEGER NOT NULL,
      filed_day INTEGER NOT NULL,
      row_order INTEGER NOT NULL,
      derivative INTEGER NOT NULL CHECK (derivative IN (0, 1)),
      holding INTEGER NOT NULL CHECK (holding IN (0, 1)),
      code TEXT,
      acquired_disposed TEXT CHECK (acquired_disposed IN ('A', 'D')),
      amount TEXT,
      delta TEXT,
      post TEXT,
      price TEXT,
      underlying_amount TEXT
    ) STRICT;
    CREATE INDEX entry_by_line ON entry(line_id, valid_day, filed_day);
    CREATE INDEX entry_by_filing ON entry(filing_id);
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

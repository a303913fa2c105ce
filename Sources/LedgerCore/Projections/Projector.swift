import Foundation
import GRDB

/// Folds events into the derived tables: people, issuers, filings, position lines and their
/// entries, amendment links. The same code runs when appending, when rebuilding and when
/// verifying, so that `ledger rebuild` reproduces the tables exactly.
///
/// A projector lives for one transaction, during which no other connection can change the
/// tables: what it has looked up stays true. In bulk mode (a rebuild into empty tables) its maps
/// are complete, so a miss means "new" without asking the database.
struct Projector {
  /// Statements prepared in this transaction.
  let sql = StatementCache()
  /// The log's last sequence number and hash, once read in this transaction.
  var head: (seq: Int64, hash: Data)?
  /// True when every row of the tables went through this projector (a rebuild from empty).
  var bulk = false
  /// How this transaction stores event payloads.
  var payloads = PayloadWriter()

  private var current: FilingContext?
  /// The row ids of people and issuers by CIK, and of lines (with their title rank) by key, as
  /// the tables hold them; the names and tickers already in the alias tables. A miss asks the
  /// database (unless `bulk`).
  var known = ProjectionMemory.Maps()
  /// The latest name (and ticker) seen in this transaction for each person and issuer, written
  /// once at the end instead of at every filing.
  private var personNames: [Int64: (name: String, rank: String)] = [:]
  private var issuerNames: [Int64: (name: String, rank: String)] = [:]
  private var issuerTickers: [Int64: (ticker: String, rank: String)] = [:]
  /// The title, nature and underlying of each line from its latest row in this transaction,
  /// written once at the end (in order of appends nearly every row is a line's latest).
  private var lineTitles: [Int64: (security: String, nature: String, underlying: String?, rank: String)] = [:]
  /// Footnote texts recorded or confirmed in this transaction, by id (a bounded set: boilerplate
  /// recurs filing after filing, and each is then neither inserted nor read back again).
  var footnoteTexts: [Int64: String] = [:]

  /// The filing whose rows follow, and what each of its rows needs from it (an object: a row
  /// reads it without copying its strings).
  final class FilingContext {
    let id: Int64
    let filing: FilingID
    let issuerID: Int64
    let ownerGroup: String
    let ownerIDs: [Int64]
    /// What the amendment linker reads of the filing, so that it need not read the row back.
    var subject: FilingSubject
    /// The start of every line key of the filing (`LineFacts.key` without the row's suffix).
    let keyPrefix: String
    /// The filing's rank and a space: a row's title rank is this and its place in the filing.
    let rankPrefix: String
    /// Rows still to count for the filing's per-table totals (-1 when they were known up front).
    let rowCount: Int
    var seen = 0
    var table1 = 0
    var table2 = 0

    init(
      id: Int64, filing: FilingID, issuerID: Int64, ownerGroup: String, ownerIDs: [Int64], subject: FilingSubject,
      rank: String, rowCount: Int
    ) {
      self.id = id
      self.subject = subject
      self.filing = filing
      self.issuerID = issuerID
      self.ownerGroup = ownerGroup
      self.ownerIDs = ownerIDs
      keyPrefix = LineFacts.keyPrefix(issuerID: issuerID, ownerGroup: ownerGroup)
      rankPrefix = rank + " "
      self.rowCount = rowCount
    }
  }

  /// The row id of the filing recorded last, and what the amendment linker reads of it.
  var lastFiling: (filing: FilingID, id: Int64, subject: FilingSubject)? { current.map { ($0.filing, $0.id, $0.subject) } }

  /// Writes what was deferred to the end of the transaction: the latest names, tickers and
  /// line titles.
  mutating func finish(_ db: Database) throws {
    for (id, n) in personNames {
      try sql.run(db, "UPDATE person SET name = ?, name_rank = ? WHERE id = ? AND name_rank < ?", n.name, n.rank, id, n.rank)
    }
    for (id, n) in issuerNames {
      try sql.run(db, "UPDATE issuer SET name = ?, name_rank = ? WHERE id = ? AND name_rank < ?", n.name, n.rank, id, n.rank)
    }
    for (id, t) in issuerTickers {
      try sql.run(db, "UPDATE issuer SET ticker = ?, ticker_rank = ? WHERE id = ? AND ticker_rank < ?", t.ticker, t.rank, id, t.rank)
    }
    for (id, t) in lineTitles {
      try sql.run(
        db, "UPDATE line SET security = ?, nature = ?, underlying = ?, title_rank = ? WHERE id = ? AND title_rank < ?", t.security, t.nature,
        t.underlying, t.rank, id, t.rank)
    }
    personNames = [:]
    issuerNames = [:]
    issuerTickers = [:]
    lineTitles = [:]
  }

  mutating func apply(_ input: ProjectionInput, seq: Int64, in db: Database) throws {
    switch input {
    case .filing(let f): try record(f, seq: seq, db)
    case .row(let r): try report(r, seq: seq, db)
    case .dated(let e): try date(e, db)
    case .deduplicated(let e): try deduplicate(e, db)
    case .amendment(let e): try resolve(e, seq: seq, db)
    }
  }

  // MARK: - Filings

  private mutating func record(_ f: FilingFacts, seq: Int64, _ db: Database) throws {
    let filedAtText = f.filedAt.description
    let rank = filedAtText + " " + f.filing.rawValue
    let issuerID = try resolveIssuer(f.issuer, nameKey: f.issuerNameKey, rank: rank, db)
    var ownerIDs: [Int64] = []
    // Each person's role: that of the first reporting owner that is this person.
    var roles: [String] = []
    precondition(f.ownerNameKeys.count == f.owners.count, "the filing facts' name keys were not computed")
    for (i, (owner, key)) in zip(f.owners, f.ownerNameKeys).enumerated() {
      let id = try resolvePerson(owner, nameKey: key, rank: rank, db)
      if !ownerIDs.contains(id) {
        ownerIDs.append(id)
        roles.append(i < f.ownerRoles.count ? f.ownerRoles[i] : "")
      }
    }
    let group = ownerIDs.count == 1 ? String(ownerIDs[0]) : ownerIDs.sorted().map(String.init).joined(separator: ",")
    try sql.run(
      db,
      """
      INSERT INTO filing (filing, accession, content_key, content_id, document_hash, source_name, form, period,
        original_date, amends, filed_at, filed_estimated, issuer_id, owner_group, event_seq, row_count, table1_rows, table2_rows)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """, f.filing.rawValue, f.filing.accession?.rawValue, Data.digest(f.contentKey), PreparedFiling.contentID(f.contentKey),
      Data.digest(f.documentSha256), f.sourceName, f.form.rawValue, f.period.description, f.originalDate?.description,
      f.amends?.rawValue, filedAtText, f.filedAtEstimated, issuerID, group, seq, f.rowCount, f.tableRows?.table1 ?? 0, f.tableRows?.table2 ?? 0)
    let filingID = db.lastInsertedRowID
    for (position, person) in ownerIDs.enumerated() {
      try sql.run(
        db, "INSERT INTO filing_owner (filing_id, person_id, position, role) VALUES (?, ?, ?, ?)", filingID, person, position, roles[position])
    }
    try recordFootnotes(f.footnotes, filing: filingID, db)
    current = FilingContext(
      id: filingID, filing: f.filing, issuerID: issuerID, ownerGroup: group, ownerIDs: ownerIDs,
      subject: .init(form: f.form, filed: f.filedAt, issuer: issuerID, owners: group, accession: f.filing.accession?.rawValue), rank: rank, rowCount: f.tableRows == nil ? f.rowCount : -1)
  }

  /// The row id of a filing by its identity, through the filing table's unique index (only
  /// the rare events ask: amendment links and duplicates; a map of every filing would grow
  /// with the log during a rebuild).
  private func filingID(_ filing: FilingID, _ db: Database) throws -> Int64? {
    try sql.int64(db, "SELECT id FROM filing WHERE filing = ?", filing.rawValue)
  }

  private func date(_ e: FilingDated, _ db: Database) throws {
    if let c = current, c.filing == e.filing { c.subject.filed = e.filedAt }
    try sql.run(db, "UPDATE filing SET filed_at = ?, filed_estimated = 0 WHERE filing = ?", e.filedAt.description, e.filing.rawValue)
    try sql.run(
      db, "UPDATE entry SET filed_day = ? WHERE filing_id = (SELECT id FROM filing WHERE filing = ?)", e.filedAt.dayNumber, e.filing.rawValue)
  }

  private mutating func deduplicate(_ e: FilingDeduplicated, _ db: Database) throws {
    guard let duplicate = try filingID(e.duplicate, db) else { return }
    try sql.run(db, "UPDATE filing SET duplicate_of = ? WHERE id = ?", try filingID(e.original, db), duplicate)
    try sql.run(db, "DELETE FROM entry WHERE filing_id = ?", duplicate)
  }

  private mutating func resolve(_ e: AmendmentResolved, seq: Int64, _ db: Database) throws {
    guard let amendmentID = try filingID(e.amendment, db) else {
      throw ProjectionError.undecodable(seq: seq, type: "AmendmentResolved")
    }
    let originalID = try e.original.flatMap { try filingID($0, db) }
    let candidates = String(decoding: try EventCoding.encoder.encode(e.candidates), as: UTF8.self)
    try sql.run(
      db,
      """
      INSERT INTO amendment (filing_id, status, method, original_id, candidates, reason, event_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (filing_id) DO UPDATE SET status = excluded.status, method = excluded.method,
        original_id = excluded.original_id, candidates = excluded.candidates, reason = excluded.reason,
        event_seq = excluded.event_seq
      """, amendmentID, e.status.rawValue, e.method?.rawValue, originalID, candidates, e.reason, seq)
    try sql.run(db, "DELETE FROM amendment_candidate WHERE amendment_id = ?", amendmentID)
    try sql.run(db, "UPDATE filing SET in_family = 1 WHERE id = ?", amendmentID)
    for c in e.candidates {
      guard let id = try filingID(c.filing, db) else { continue }
      try sql.run(db, "INSERT OR IGNORE INTO amendment_candidate (candidate_id, amendment_id) VALUES (?, ?)", id, amendmentID)
      try sql.run(db, "UPDATE filing SET in_family = 1 WHERE id = ?", id)
    }
  }

  // MARK: - Rows

  private mutating func report(_ r: RowFacts, seq: Int64, _ db: Database) throws {
    guard let ctx = current else { throw ProjectionError.rowWithoutFiling(seq: seq) }
    let facts = r.line
    let key = ctx.keyPrefix + r.keySuffix
    let order = r.order
    let titleRank = ctx.rankPrefix + Projector.padded(order)
    let lineID: Int64
    var line = known.lines[key]
    if line == nil && !bulk {
      var find = try sql.raw(db, "SELECT id, title_rank FROM line WHERE key = ?")
      find.bind(key)
      if try find.step(db) {
        line = (find.int64(0), find.string(1) ?? "")
        find.finish()
      }
    }
    if let line {
      lineID = line.id
      if titleRank > line.rank {
        lineTitles[lineID] = (facts.security, facts.nature, facts.underlying, titleRank)
        known.lines[key] = (lineID, titleRank)
      } else if known.lines[key] == nil {
        known.lines[key] = line
      }
    } else {
      try sql.run(
        db,
        """
        INSERT INTO line (key, issuer_id, owner_group, derivative, unit, ownership, nature, security,
          exercise_price, expiration_date, underlying, title_rank)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, key, ctx.issuerID, ctx.ownerGroup, facts.derivative, facts.unit.rawValue, facts.ownership.rawValue, facts.nature,
        facts.security, facts.exercisePrice, facts.expirationDate, facts.underlying, titleRank)
      lineID = db.lastInsertedRowID
      known.lines[key] = (lineID, titleRank)
      for person in ctx.ownerIDs {
        try sql.run(db, "INSERT OR IGNORE INTO line_owner (person_id, line_id) VALUES (?, ?)", person, lineID)
      }
    }
    ctx.seen += 1
    if r.table == .derivative { ctx.table2 += 1 } else { ctx.table1 += 1 }
    if ctx.seen == ctx.rowCount {
      try sql.run(db, "UPDATE filing SET table1_rows = ?, table2_rows = ? WHERE id = ?", ctx.table1, ctx.table2, ctx.id)
    }
    let entry = r.entry
    var insert = try sql.raw(
      db,
      """
      INSERT INTO entry (line_id, filing_id, event_seq, valid_day, filed_day, row_order, derivative,
        holding, code, acquired_disposed, amount, delta, post, price, underlying_amount, notes)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insert.bind(lineID)
    insert.bind(ctx.id)
    insert.bind(seq)
    insert.bind(entry.validDate.dayNumber)
    insert.bind(ctx.subject.filed.dayNumber)
    insert.bind(order)
    insert.bind(r.table == .derivative)
    insert.bind(r.kind == .holding)
    insert.bind(entry.code?.rawValue)
    insert.bind(entry.acquiredDisposed?.rawValue)
    insert.bind(entry.amount?.description)
    insert.bind(entry.delta?.description)
    insert.bind(entry.post?.description)
    insert.bind(entry.price?.description)
    insert.bind(entry.underlyingAmount?.description)
    insert.bind(r.notes)
    try insert.run(db)
  }

  /// A row's place in its filing, zero-padded so that ranks compare as text.
  static func padded(_ n: Int) -> String {
    guard n >= 0, n < 10_000_000 else { return String(n) }
    return String(unsafeUninitializedCapacity: 7) { b in
      var v = n
      for k in stride(from: 6, through: 0, by: -1) {
        b[k] = UInt8(ascii: "0") + UInt8(v % 10)
        v /= 10
      }
      return 7
    }
  }

  // MARK: - Identity

  /// Finds or creates the person: by CIK when given, else by name. A person first known by name
  /// only takes on the CIK of the first filing that gives both, so the history does not split.
  private mutating func resolvePerson(_ id: ReportingOwner.ReportingOwnerID, nameKey: String?, rank: String, _ db: Database) throws -> Int64 {
    let name = id.rptOwnerName?.nonEmptyTrimmed
    var personID: Int64?
    if let cik = id.rptOwnerCik {
      personID = known.people[cik.rawValue]
      if personID == nil && !bulk { personID = try sql.int64(db, "SELECT id FROM person WHERE cik = ?", cik.rawValue) }
      if personID == nil, name != nil {
        personID = try sql.int64(
          db,
          """
          SELECT p.id FROM person_name n JOIN person p ON p.id = n.person_id
          WHERE n.name_key = ? AND p.cik IS NULL ORDER BY p.id LIMIT 1
          """, nameKey)
        if let claimed = personID {
          try sql.run(db, "UPDATE person SET cik = ? WHERE id = ?", cik.rawValue, claimed)
        }
      }
    } else if name != nil {
      let matches = try Row.fetchAll(
        try sql.statement(
          db,
          """
          SELECT DISTINCT p.id, p.cik FROM person_name n JOIN person p ON p.id = n.person_id
          WHERE n.name_key = ? ORDER BY p.id
          """), arguments: [nameKey])
      if let nameOnly = matches.first(where: { ($0["cik"] as String?) == nil }) {
        personID = nameOnly["id"]
      } else if matches.count == 1 {
        personID = matches[0]["id"]
      }
    }
    // The name shown is the one from the latest filing that gave a name (a placeholder ranks "").
    let display = name ?? id.rptOwnerCik.map { "CIK \($0)" } ?? "unnamed owner"
    if let personID {
      if name != nil, rank > (personNames[personID]?.rank ?? "") { personNames[personID] = (display, rank) }
    } else {
      try sql.run(db, "INSERT INTO person (cik, name, name_rank) VALUES (?, ?, ?)", id.rptOwnerCik?.rawValue, display, name == nil ? "" : rank)
      personID = db.lastInsertedRowID
    }
    if let name, known.names.insert(ProjectionMemory.NameSeen(kind: .personName, id: personID!, name: name)).inserted {
      try sql.run(db, "INSERT OR IGNORE INTO person_name (person_id, name, name_key) VALUES (?, ?, ?)", personID!, name, nameKey)
    }
    if let cik = id.rptOwnerCik { known.people[cik.rawValue] = personID! }
    return personID!
  }

  /// Finds or creates the issuer, the same way as people; the name and ticker shown are each
  /// from the latest filing that gave one.
  private mutating func resolveIssuer(_ issuer: Issuer, nameKey: String?, rank: String, _ db: Database) throws -> Int64 {
    let name = issuer.issuerName?.nonEmptyTrimmed
    let ticker = issuer.issuerTradingSymbol?.nonEmptyTrimmed
    var issuerID: Int64?
    if let cik = issuer.issuerCik {
      issuerID = known.issuers[cik.rawValue]
      if issuerID == nil && !bulk { issuerID = try sql.int64(db, "SELECT id FROM issuer WHERE cik = ?", cik.rawValue) }
      if issuerID == nil, name != nil {
        issuerID = try sql.int64(
          db,
          """
          SELECT i.id FROM issuer_alias a JOIN issuer i ON i.id = a.issuer_id
          WHERE a.kind = 'name' AND a.key = ? AND i.cik IS NULL ORDER BY i.id LIMIT 1
          """, nameKey)
        if let claimed = issuerID {
          try sql.run(db, "UPDATE issuer SET cik = ? WHERE id = ?", cik.rawValue, claimed)
        }
      }
    } else if name != nil {
      let matches = try Row.fetchAll(
        try sql.statement(
          db,
          """
          SELECT DISTINCT i.id, i.cik FROM issuer_alias a JOIN issuer i ON i.id = a.issuer_id
          WHERE a.kind = 'name' AND a.key = ? ORDER BY i.id
          """), arguments: [nameKey])
      if let nameOnly = matches.first(where: { ($0["cik"] as String?) == nil }) {
        issuerID = nameOnly["id"]
      } else if matches.count == 1 {
        issuerID = matches[0]["id"]
      }
    }
    let display = name ?? issuer.issuerCik.map { "CIK \($0)" } ?? "unnamed issuer"
    if let issuerID {
      if name != nil, rank > (issuerNames[issuerID]?.rank ?? "") { issuerNames[issuerID] = (display, rank) }
      if let ticker, rank > (issuerTickers[issuerID]?.rank ?? "") { issuerTickers[issuerID] = (ticker, rank) }
    } else {
      try sql.run(
        db, "INSERT INTO issuer (cik, name, ticker, name_rank, ticker_rank) VALUES (?, ?, ?, ?, ?)", issuer.issuerCik?.rawValue,
        display, ticker, name == nil ? "" : rank, ticker == nil ? "" : rank)
      issuerID = db.lastInsertedRowID
    }
    if let name, known.names.insert(ProjectionMemory.NameSeen(kind: .issuerName, id: issuerID!, name: name)).inserted {
      try sql.run(db, "INSERT OR IGNORE INTO issuer_alias (kind, key, issuer_id) VALUES ('name', ?, ?)", nameKey, issuerID!)
    }
    if let ticker, known.names.insert(ProjectionMemory.NameSeen(kind: .ticker, id: issuerID!, name: ticker)).inserted {
      try sql.run(db, "INSERT OR IGNORE INTO issuer_alias (kind, key, issuer_id) VALUES ('ticker', ?, ?)", ticker.uppercased(), issuerID!)
    }
    if let cik = issuer.issuerCik { known.issuers[cik.rawValue] = issuerID! }
    return issuerID!
  }
}

import Foundation
import GRDB

/// Reading many lines at once: every line's entries in one statement, and the rows, filings,
/// documents and exercise pairs they need in a few (`IN` lists of up to 500 ids), which the
/// reader's caches then answer. A holder of thousands of lines costs the same number of
/// statements as a holder of ten.
extension LedgerReader {
  /// The entries of every line `lines(person:issuer:)` gives, valid on or before `asOf` and
  /// filed on or before `knownAt`, each line's in balance order: one query for all the lines, so
  /// that a holder of thousands of lines costs one statement, not one per line.
  func entriesByLine(person: Int64?, issuer: Int64?, asOf: LedgerDate? = nil, knownAt: LedgerDate? = nil) throws -> [Int64: [EntryRecord]] {
    let scope = Scope.lines(person: person, issuer: issuer)
    let sql = """
      SELECT \(EntryRecord.selectList) FROM entry e
      WHERE e.line_id IN (\(scope.lineIDs)) AND e.valid_day <= ? AND e.filed_day <= ?
      ORDER BY e.line_id, e.valid_day, e.filed_day
      """
    var raw = RawStatement(try db.cachedStatement(sql: sql))
    defer { raw.finish() }
    for case let id as Int64 in scope.arguments { raw.bind(id) }
    raw.bind(EntryRecord.day(asOf))
    raw.bind(EntryRecord.day(knownAt))
    var lines = LineEntries()
    while try raw.step(db) { lines.add(raw) }
    return try lines.finished(self)
  }

  /// Every entry of a person's or an issuer's lines filed on or before `knownAt`, with its
  /// filing's identity and family flag, to `each` in balance order across the lines (entries
  /// of one position in line order), from one statement: SQLite sorts them, so that a history
  /// of hundreds of thousands of rows need not be held to be put in order.
  /// (Static: `each` may use the reader meanwhile.)
  static func forEachEntry(
    _ db: Database, person: Int64?, issuer: Int64?, knownAt: LedgerDate?, _ each: (EntryRecord) throws -> Void
  ) throws {
    let scope = Scope.lines(person: person, issuer: issuer)
    let sql = """
      SELECT \(EntryRecord.selectList), f.filing, f.in_family FROM entry e JOIN filing f ON f.id = e.filing_id
      WHERE e.line_id IN (\(scope.lineIDs)) AND e.filed_day <= ?
      ORDER BY e.valid_day, e.filed_day, f.filing, e.row_order, e.line_id, e.id
      """
    var raw = RawStatement(try db.cachedStatement(sql: sql))
    defer { raw.finish() }
    for case let id as Int64 in scope.arguments { raw.bind(id) }
    raw.bind(EntryRecord.day(knownAt))
    while try raw.step(db) { try each(EntryRecord(raw)) }
  }

  /// Every transaction entry of the ledger valid from `from` through `to` and filed on or
  /// before `knownAt`, handed to `each` `chunk` entries at a time, grouped by line (in line id
  /// order) with their filings' identities and family flags. One pass over the entry table in
  /// the order it was written: a listing of the whole ledger, or of all its trades of a week,
  /// would otherwise read every line's entries through the line index, page by scattered page.
  /// (Static: `each` may use the reader meanwhile.)
  static func forEachTransactionChunk(
    _ db: Database, from: LedgerDate?, to: LedgerDate?, knownAt: LedgerDate?, chunk: Int,
    _ each: ([(LineRecord, [EntryRecord])]) throws -> Void
  ) throws {
    let reader = LedgerReader(db)
    var raw = RawStatement(
      try db.cachedStatement(
        sql: """
          SELECT \(EntryRecord.selectList) FROM entry e NOT INDEXED
          WHERE e.holding = 0 AND e.valid_day BETWEEN ? AND ? AND e.filed_day <= ?
          """))
    defer { raw.finish() }
    raw.bind(from.map { Int64($0.dayNumber) } ?? .min)
    raw.bind(EntryRecord.day(to))
    raw.bind(EntryRecord.day(knownAt))
    var part: [EntryRecord] = []
    func flush() throws {
      guard !part.isEmpty else { return }
      let filings = try reader.identities(of: Set(part.map(\.filingID)))
      var byLine: [Int64: [EntryRecord]] = [:]
      for var e in part {
        if let f = filings[e.filingID] { (e.filing, e.inFamily) = f }
        byLine[e.lineID, default: []].append(e)
      }
      part.removeAll(keepingCapacity: true)
      var lines: [(LineRecord, [EntryRecord])] = []
      try RawStatement.forEachRow(in: byLine.keys.sorted(), db, { "SELECT \(LineRecord.selectList) FROM line l WHERE l.id IN (\($0))" }) { s in
        let line = LineRecord(s)
        if let entries = byLine[line.id] { lines.append((line, entries)) }
      }
      try each(lines.sorted { $0.0.id < $1.0.id })
    }
    while try raw.step(db) {
      part.append(EntryRecord(raw, filing: (FilingID(rawValue: ""), false)))
      if part.count == chunk { try flush() }
    }
    try flush()
  }

  /// The entries of these lines, as `entriesByLine(person:issuer:asOf:knownAt:)` gives them, in
  /// a statement per 500 lines.
  func entriesByLine(lines ids: [Int64], asOf: LedgerDate? = nil, knownAt: LedgerDate? = nil) throws -> [Int64: [EntryRecord]] {
    var lines = LineEntries()
    for start in stride(from: 0, to: ids.count, by: 500) {
      let part = ids[start..<min(start + 500, ids.count)]
      var raw = try RawStatement.cached(
        db,
        """
        SELECT \(EntryRecord.selectList) FROM entry e
        WHERE e.line_id IN (\(RawStatement.placeholders(part.count))) AND e.valid_day <= ? AND e.filed_day <= ?
        ORDER BY e.line_id, e.valid_day, e.filed_day
        """)
      defer { raw.finish() }
      for id in part { raw.bind(id) }
      raw.bind(EntryRecord.day(asOf))
      raw.bind(EntryRecord.day(knownAt))
      while try raw.step(db) { lines.add(raw) }
    }
    return try lines.finished(self)
  }

  /// Entries as a query gives them, grouped by line (each line's in index order, lines one
  /// after the other), then given their filings' identities and put in balance order.
  private struct LineEntries {
    var out: [Int64: [EntryRecord]] = [:]
    var line: [EntryRecord] = []
    var filingIDs = Set<Int64>()

    mutating func add(_ raw: RawStatement) {
      let e = EntryRecord(raw, filing: (FilingID(rawValue: ""), false))
      if let first = line.first, first.lineID != e.lineID { close() }
      filingIDs.insert(e.filingID)
      line.append(e)
    }

    private mutating func close() {
      guard let first = line.first else { return }
      out[first.lineID] = line
      line = []
    }

    /// Each filing's identity, read once; entries of one day and filing date come in row id
    /// order: the accession decides.
    mutating func finished(_ reader: LedgerReader) throws -> [Int64: [EntryRecord]] {
      close()
      let filings = try reader.identities(of: filingIDs)
      for id in Array(out.keys) {
        out[id]!.withUnsafeMutableBufferPointer { list in
          for i in list.indices {
            if let f = filings[list[i].filingID] { (list[i].filing, list[i].inFamily) = f }
          }
          if zip(list, list.dropFirst()).contains(where: { EntryRecord.precedes($1, $0) }) { list.sort(by: EntryRecord.precedes) }
        }
      }
      return out
    }
  }

  /// Who holds each of `lines` (`LineFacts.holder(ofKey:)`), read from their keys in a few
  /// statements.
  func holders(of lines: [LineRecord]) throws -> [Int64: String] {
    let byID = Dictionary(lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var out: [Int64: String] = [:]
    try RawStatement.forEachRow(in: byID.keys.sorted(), db, { "SELECT id, key FROM line WHERE id IN (\($0))" }) { s in
      guard let line = byID[s.int64(0)], let key = s.string(1) else { return }
      out[line.id] = LineFacts.holder(ofKey: key, issuerID: line.issuerID, ownerGroup: line.ownerGroup)
    }
    return out
  }

  /// The identity and amendment-family flag of these filings, in a few statements.
  func identities(of ids: Set<Int64>) throws -> [Int64: (FilingID, Bool)] {
    var out: [Int64: (FilingID, Bool)] = [:]
    out.reserveCapacity(ids.count)
    try RawStatement.forEachRow(in: ids.sorted(), db, { "SELECT id, filing, in_family FROM filing WHERE id IN (\($0))" }) { s in
      out[s.int64(0)] = (FilingID(rawValue: s.string(1) ?? ""), s.int64(2) == 1)
    }
    return out
  }

  /// Reads these filings' records and (unless not wanted) footnotes, with `roles` their
  /// owners' roles too, in a few statements.
  mutating func prefetch(filings ids: some Collection<Int64>, footnotes: Bool = true, roles: Bool = false) throws {
    let missing = ids.missing(from: filingCache).sorted()
    try RawStatement.forEachRow(in: missing, db, { "SELECT \(FilingRecord.selectList) FROM filing WHERE id IN (\($0))" }) { s in
      let f = FilingRecord(s)
      filingCache[f.id] = f
    }
    if footnotes { try prefetch(footnotesOf: ids) }
    if roles { try prefetch(rolesOf: ids) }
  }

  /// Reads these filings' owners' roles in a few statements.
  mutating func prefetch(rolesOf ids: some Collection<Int64>) throws {
    let unread = ids.missing(from: roleCache).sorted()
    for id in unread { roleCache[id] = [:] }
    try RawStatement.forEachRow(in: unread, db, { "SELECT filing_id, person_id, role FROM filing_owner WHERE filing_id IN (\($0))" }) { s in
      roleCache[s.int64(0)]?[s.int64(1)] = s.string(2) ?? ""
    }
  }

  /// Reads these filings' footnotes from the footnote tables: which text each note has, then
  /// each text not yet read, once however many filings share it (a fund's boilerplate).
  mutating func prefetch(footnotesOf ids: some Collection<Int64>) throws {
    let unread = ids.missing(from: footnoteCache).sorted()
    var notes: [(filing: Int64, note: String, text: Int64)] = []
    try RawStatement.forEachRow(in: unread, db, { "SELECT filing_id, note, text_id FROM footnote WHERE filing_id IN (\($0))" }) { s in
      notes.append((s.int64(0), s.string(1) ?? "", s.int64(2)))
    }
    let texts = notes.map(\.text).missing(from: footnoteTexts).sorted()
    try RawStatement.forEachRow(in: texts, db, { "SELECT id, text FROM footnote_text WHERE id IN (\($0))" }) { s in
      footnoteTexts[s.int64(0)] = s.string(1) ?? ""
    }
    for id in unread { footnoteCache[id] = [:] }
    for n in notes { footnoteCache[n.filing]?[n.note] = footnoteTexts[n.text] ?? "" }
  }

  /// Reads these issuers in a few statements.
  mutating func prefetch(issuers ids: some Collection<Int64>) throws {
    let missing = ids.missing(from: issuerCache).sorted()
    try RawStatement.forEachRow(in: missing, db, { "SELECT id, cik, name, ticker FROM issuer WHERE id IN (\($0))" }) { s in
      let id = s.int64(0)
      issuerCache[id] = IssuerRef(id: id, cik: s.string(1).flatMap { CIK($0) }, name: s.string(2) ?? "", ticker: s.string(3))
    }
  }

  /// Reads the exercise and conversion pairs of these filings in a few statements.
  mutating func prefetch(pairsOf ids: some Collection<Int64>) throws {
    let missing = ids.missing(from: pairCache).sorted()
    var rows: [Int64: [ExercisePairs.Row]] = [:]
    try RawStatement.forEachRow(in: missing, db, Self.pairRows) { s in
      if let row = Self.pairRow(s) { rows[s.int64(0), default: []].append(row) }
    }
    for id in missing { pairCache[id] = ExercisePairs.pair(rows[id] ?? []) }
  }

  /// The transactions coded M, C, X or O of the filings `marks` lists, as `ExercisePairs` reads them.
  static func pairRows(_ marks: String) -> String {
    """
    SELECT e.filing_id, e.row_order, e.derivative, e.code, e.valid_day, l.security, l.underlying
    FROM entry e JOIN line l ON l.id = e.line_id
    WHERE e.filing_id IN (\(marks)) AND e.holding = 0 AND e.code IN ('M', 'C', 'X', 'O')
    """
  }

  /// A row of `pairRows`, read by position.
  static func pairRow(_ s: RawStatement) -> ExercisePairs.Row? {
    guard let code = s.string(3).flatMap({ TransactionCode(rawValue: $0) }) else { return nil }
    let derivative = s.int64(2) == 1
    return ExercisePairs.Row(
      order: Int(s.int64(1)), derivative: derivative, code: code, date: LedgerDate(dayNumber: Int(s.int64(4))),
      title: derivative ? s.string(6) : s.string(5))
  }
}

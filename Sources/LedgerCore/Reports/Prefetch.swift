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
    // The entries alone, in the index's order; their filings' identities once per filing.
    let sql = """
      SELECT \(EntryRecord.selectList) FROM entry e
      WHERE e.line_id IN (SELECT l.id FROM line l\(scope.join)\(scope.whereClause)) AND e.valid_day <= ? AND e.filed_day <= ?
      ORDER BY e.line_id, e.valid_day, e.filed_day
      """
    var raw = RawStatement(try db.cachedStatement(sql: sql))
    defer { raw.finish() }
    for case let id as Int64 in scope.arguments { raw.bind(id) }
    raw.bind(EntryRecord.day(asOf))
    raw.bind(EntryRecord.day(knownAt))
    var entries: [EntryRecord] = []
    while try raw.step(db) { entries.append(EntryRecord(raw, filing: (FilingID(rawValue: ""), false))) }
    let filings = try identities(of: Set(entries.map(\.filingID)))
    for i in entries.indices {
      if let f = filings[entries[i].filingID] { (entries[i].filing, entries[i].inFamily) = f }
    }
    // The rows come grouped by line. Entries of one day and filing date come in row id order:
    // the accession decides.
    var out: [Int64: [EntryRecord]] = [:]
    var start = 0
    while start < entries.count {
      var end = start + 1
      while end < entries.count, entries[end].lineID == entries[start].lineID { end += 1 }
      var list = Array(entries[start..<end])
      if zip(list, list.dropFirst()).contains(where: { EntryRecord.precedes($1, $0) }) { list.sort(by: EntryRecord.precedes) }
      out[entries[start].lineID] = list
      start = end
    }
    return out
  }

  /// The identity and amendment-family flag of these filings, in a few statements.
  func identities(of ids: Set<Int64>) throws -> [Int64: (FilingID, Bool)] {
    var out: [Int64: (FilingID, Bool)] = [:]
    out.reserveCapacity(ids.count)
    for (chunk, marks) in RawStatement.chunks(ids.sorted()) {
      var s = try RawStatement.cached(db, "SELECT id, filing, in_family FROM filing WHERE id IN (\(marks))")
      defer { s.finish() }
      for id in chunk { s.bind(id) }
      while try s.step(db) { out[s.int64(0)] = (FilingID(rawValue: s.string(1) ?? ""), s.int64(2) == 1) }
    }
    return out
  }

  /// Reads these entries' rows in a few statements rather than one per entry; `cachedRow` then
  /// finds them. Reports that read many lines call it (and the other prefetches) first, so that
  /// a holder of thousands of lines costs a constant number of statements.
  mutating func prefetch(rowsOf entries: [EntryRecord]) throws {
    let seqs = Array(Set(entries.map(\.eventSeq)).subtracting(rowCache.keys)).sorted()
    for (chunk, marks) in RawStatement.chunks(seqs) {
      var s = try RawStatement.cached(db, "SELECT seq, payload FROM event WHERE seq IN (\(marks))")
      defer { s.finish() }
      for seq in chunk { s.bind(seq) }
      while try s.step(db) {
        if let r = try s.withPayload(1, db, { PayloadScanner.rowReported($0) }) { rowCache[s.int64(0)] = r }
      }
    }
  }

  /// Reads these filings' records and footnotes (with `documents`, their whole documents too)
  /// in a few statements.
  mutating func prefetch(filings ids: some Collection<Int64>, documents: Bool = false) throws {
    let missing = Array(Set(ids).subtracting(filingCache.keys)).sorted()
    for (chunk, marks) in RawStatement.chunks(missing) {
      var s = try RawStatement.cached(db, "SELECT \(FilingRecord.selectList) FROM filing WHERE id IN (\(marks))")
      defer { s.finish() }
      for id in chunk { s.bind(id) }
      while try s.step(db) {
        let f = FilingRecord(s)
        filingCache[f.id] = f
      }
    }
    try prefetch(footnotesOf: ids)
    guard documents else { return }
    let unread = Array(Set(ids).subtracting(documentCache.keys)).sorted()
    for (chunk, marks) in RawStatement.chunks(unread) {
      var s = try RawStatement.cached(db, "SELECT f.id, e.payload FROM filing f JOIN event e ON e.seq = f.event_seq WHERE f.id IN (\(marks))")
      defer { s.finish() }
      for id in chunk { s.bind(id) }
      while try s.step(db) {
        let id = s.int64(0)
        let document = try s.withPayload(1, db) { payload -> OwnershipDocument? in
          guard case .filingRecorded(let e)? = LedgerEvent.decode(type: LedgerEvent.Kind.filingRecorded.rawValue, payload: Data(payload)) else { return nil }
          return e.document
        }
        if let document { documentCache[id] = document }
      }
    }
  }

  /// Reads these filings' footnotes from the footnote tables, the first text of each id.
  mutating func prefetch(footnotesOf ids: some Collection<Int64>) throws {
    let unread = Array(Set(ids).subtracting(footnoteCache.keys)).sorted()
    for (chunk, marks) in RawStatement.chunks(unread) {
      for id in chunk { footnoteCache[id] = [:] }
      var s = try RawStatement.cached(
        db, "SELECT f.filing_id, f.note, t.text FROM footnote f JOIN footnote_text t ON t.id = f.text_id WHERE f.filing_id IN (\(marks))")
      defer { s.finish() }
      for id in chunk { s.bind(id) }
      while try s.step(db) { footnoteCache[s.int64(0), default: [:]][s.string(1) ?? ""] = s.string(2) ?? "" }
    }
  }

  /// Reads the exercise and conversion pairs of these filings in a few statements.
  mutating func prefetch(pairsOf ids: some Collection<Int64>) throws {
    let missing = Array(Set(ids).subtracting(pairCache.keys)).sorted()
    for (chunk, marks) in RawStatement.chunks(missing) {
      var rows: [Int64: [ExercisePairs.Row]] = [:]
      for r in try Row.fetchAll(db, sql: Self.pairRows(marks), arguments: StatementArguments(chunk)) {
        if let row = Self.pairRow(r) { rows[r["filing_id"], default: []].append(row) }
      }
      for id in chunk { pairCache[id] = ExercisePairs.pair(rows[id] ?? []) }
    }
  }

  /// The transactions coded M, C, X or O of the filings `marks` lists, as `ExercisePairs` reads them.
  static func pairRows(_ marks: String) -> String {
    """
    SELECT e.filing_id, e.row_order, e.derivative, e.code, e.valid_day, l.security, l.underlying
    FROM entry e JOIN line l ON l.id = e.line_id
    WHERE e.filing_id IN (\(marks)) AND e.holding = 0 AND e.code IN ('M', 'C', 'X', 'O')
    """
  }

  static func pairRow(_ r: Row) -> ExercisePairs.Row? {
    guard let code = TransactionCode(rawValue: r["code"]) else { return nil }
    let derivative: Bool = r["derivative"]
    let date = LedgerDate(dayNumber: r["valid_day"])
    return ExercisePairs.Row(order: r["row_order"], derivative: derivative, code: code, date: date, title: derivative ? r["underlying"] : r["security"])
  }
}

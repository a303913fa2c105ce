import Foundation
import GRDB

/// Replaying the log into empty projections: `ledger rebuild`, a migration that changes what
/// the projections hold, and `ledger verify`'s comparison.
enum Projections {
  /// Runs `body`, which builds indexes, within the memory the page cache already had: SQLite's
  /// sorter sorts in runs of the cache's size, so the cache shrinks to a quarter meanwhile and
  /// the runs spill to temporary files rather than memory. What the sorter holds is then the
  /// same for any table larger than a quarter of the cache.
  static func buildingIndexes(_ db: Database, cacheKiB kib: Int, _ body: () throws -> Void) throws {
    try db.execute(sql: "PRAGMA temp_store = FILE")
    try db.execute(sql: "PRAGMA cache_size = -\(max(kib / 4, 1024))")
    defer {
      try? db.execute(sql: "PRAGMA cache_size = -\(kib)")
      try? db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    try body()
  }

  /// Indexes whose keys arrive in random order and that a large append drops and builds once at
  /// the end: sorting once, rather than inserting at random, which rewrites most of their pages
  /// at every commit. Queries use them; the writer looks filings up through others
  /// meanwhile (`Schema.writerIndexesV6`), except a filing without an accession number, which
  /// needs every filing by content and builds `filing_by_content` first (`Recorder`).
  static let queryIndexes = [
    ("entry_by_line", "CREATE INDEX IF NOT EXISTS entry_by_line ON entry(line_id, valid_day, filed_day)"),
    ("filing_owner_by_person", "CREATE INDEX IF NOT EXISTS filing_owner_by_person ON filing_owner(person_id)"),
    ("filing_by_content", contentIndex),
    ("filing_by_issuer_filed", "CREATE INDEX IF NOT EXISTS filing_by_issuer_filed ON filing(issuer_id, owner_group, filed_at)"),
  ]

  static let contentIndex = "CREATE INDEX IF NOT EXISTS filing_by_content ON filing(content_id)"

  /// Replays the log, up to event `last`, into the empty projections of `target`. Given the
  /// ledger's `file`, the log is read and decoded on a second thread through a connection of its
  /// own while this thread writes; otherwise (a ledger in memory, a migration) it is read from
  /// `source` on this thread. `progress` is told how far it has come.
  static func replay(
    from source: Database, file: String? = nil, through last: Int64 = .max, into target: Database, cacheKiB: Int,
    progress: (@Sendable (ReplayProgress) -> Void)? = nil
  ) throws -> Int {
    let file = file == ":memory:" ? nil : file
    let total = progress == nil ? 0 : Int(min(last, try Int64.fetchOne(source, sql: "SELECT COALESCE(MAX(seq), 0) FROM event") ?? 0))
    defer { progress?(.finished) }
    return try bulkReplay(into: target, parallel: file != nil, cacheKiB: cacheKiB, total: total, progress: progress) { push in
      guard let file else { return try read(from: source, through: last, push) }
      var config = GRDB.Configuration()
      config.readonly = true
      let reader = try DatabaseQueue(path: file, configuration: config)
      try reader.read { try read(from: $0, through: last, push) }
    }
  }

  /// Reads the log in order and hands each event to `push` as projector input. A filing is
  /// handed over with its rows, its per-table row counts filled in.
  static func read(from db: Database, through last: Int64 = .max, _ push: (Int64, ProjectionInput) throws -> Void) throws {
    var pending: [(Int64, ProjectionInput)] = []
    var expected = 0
    func flush() throws {
      guard !pending.isEmpty else { return }
      if case .filing(var facts) = pending[0].1, pending.count == facts.rowCount + 1 {
        var derivative = 0
        for case (_, .row(let r)) in pending where r.table == .derivative { derivative += 1 }
        facts.tableRows = TableRows(table1: facts.rowCount - derivative, table2: derivative)
        pending[0].1 = .filing(facts)
      }
      for (seq, input) in pending { try push(seq, input) }
      pending.removeAll(keepingCapacity: true)
    }
    try readEach(from: db, through: last) { seq, input in
      switch input {
      case .filing(let f):
        try flush()
        pending.append((seq, input))
        expected = f.rowCount
      case .row where !pending.isEmpty && pending.count <= expected:
        pending.append((seq, input))
      default:
        try flush()
        try push(seq, input)
      }
      if !pending.isEmpty && pending.count == expected + 1 { try flush() }
    }
    try flush()
  }

  static func readEach(from db: Database, through last: Int64 = .max, _ push: (Int64, ProjectionInput) throws -> Void) throws {
    var statement = try RawStatement(db.makeStatement(sql: "SELECT seq, type, payload FROM event WHERE seq <= ? ORDER BY seq"))
    statement.bind(last)
    // The period of report and footnotes of the filing whose rows follow.
    var period: LedgerDate?
    var footnotes: [Footnote] = []
    defer { statement.finish() }
    while try statement.step(db) {
      let seq = statement.int64(0)
      let type = statement.string(1) ?? ""
      let input = try statement.withPayload(2, db) { payload -> ProjectionInput in
        switch type {
        case LedgerEvent.Kind.rowReported.rawValue:
          guard let period else { throw ProjectionError.rowWithoutFiling(seq: seq) }
          if let row = PayloadScanner.rowReported(payload) { return .row(RowFacts(row, period: period, footnotes: footnotes)) }
        case LedgerEvent.Kind.filingRecorded.rawValue:
          if let facts = PayloadScanner.filingFacts(payload) {
            (period, footnotes) = (facts.period, facts.footnotes)
            return .filing(facts)
          }
          // (Row counts per table are then counted as the rows are projected.)
        default:
          break
        }
        // The rare events, and anything the scanner does not expect: the general decoder.
        guard let event = LedgerEvent.decode(type: type, payload: Data(payload)) else {
          throw ProjectionError.undecodable(seq: seq, type: type)
        }
        switch event {
        case .filingRecorded(let e):
          (period, footnotes) = (e.document.periodOfReport, e.document.footnotes)
          return .filing(FilingFacts(e))
        case .rowReported(let e):
          guard let period else { throw ProjectionError.rowWithoutFiling(seq: seq) }
          return .row(RowFacts(e, period: period, footnotes: footnotes))
        case .filingDated(let e): return .dated(e)
        case .filingDeduplicated(let e): return .deduplicated(e)
        case .amendmentResolved(let e): return .amendment(e)
        }
      }
      try push(seq, input)
    }
  }

  /// Projects what `produce` pushes into the empty projections of `target`, with the deferred
  /// indexes dropped during the load. With `parallel`, `produce` runs on another thread.
  /// `progress` is told the count every `ReplayProgress.step` events (of `total`), then when
  /// the indexes are built.
  static func bulkReplay(
    into target: Database, parallel: Bool, cacheKiB: Int, total: Int = 0, progress: (@Sendable (ReplayProgress) -> Void)? = nil,
    _ produce: @escaping ((Int64, ProjectionInput) throws -> Void) throws -> Void
  ) throws -> Int {
    for (name, _) in queryIndexes { try target.execute(sql: "DROP INDEX IF EXISTS \(name)") }
    var projector = Projector()
    projector.bulk = true
    var count = 0
    if parallel {
      let queue = BoundedQueue<[(Int64, ProjectionInput)]>(capacity: 64)
      let failure = ErrorBox()
      let work = UncheckedBox(produce)
      let thread = Thread {
        Pipeline.yieldToWriter()
        let produce = work.value
        var batch: [(Int64, ProjectionInput)] = []
        batch.reserveCapacity(512)
        do {
          try produce { seq, input in
            batch.append((seq, input))
            if batch.count == 512 {
              queue.push(batch)
              batch.removeAll(keepingCapacity: true)
            }
          }
          if !batch.isEmpty { queue.push(batch) }
        } catch {
          failure.error = error
        }
        queue.close()
      }
      thread.start()
      defer { queue.drain() }
      while let batch = queue.pop() {
        for (seq, input) in batch { try projector.apply(input, seq: seq, in: target) }
        if (count + batch.count) / ReplayProgress.step > count / ReplayProgress.step { progress?(.events(done: count + batch.count, total: total)) }
        count += batch.count
      }
      if let error = failure.error { throw error }
    } else {
      try produce { seq, input in
        try projector.apply(input, seq: seq, in: target)
        count += 1
        if count % ReplayProgress.step == 0 { progress?(.events(done: count, total: total)) }
      }
    }
    try projector.finish(target)
    if count % ReplayProgress.step != 0 { progress?(.events(done: count, total: total)) }
    progress?(.indexes)
    try buildingIndexes(target, cacheKiB: cacheKiB) {
      for (_, sql) in queryIndexes { try target.execute(sql: sql) }
    }
    return count
  }
}

import Foundation
import GRDB

/// What appending one filing did.
public enum AppendOutcome: Equatable, Sendable {
  /// New events were recorded.
  case recorded(filing: FilingID, events: Int)
  /// The ledger already holds this filing; nothing was recorded.
  case alreadyRecorded(filing: FilingID)
  /// The filing was known with an estimated filing date; its real date was recorded.
  case dated(filing: FilingID, filedAt: LedgerDate)
}

extension LedgerStore {
  /// Appends one filing in one transaction: all its events or none.
  @discardableResult
  public func append(_ imported: ImportedFiling) throws(LedgerError) -> AppendOutcome {
    let prepared = PreparedFiling(imported)
    return try write { db in
      var projector = Projector()
      let outcome = try Recorder.record(prepared, in: db, projector: &projector)
      try projector.finish(db)
      return outcome
    }
  }

  /// Appends prepared filings in one transaction, each filing whole or not at all: a bulk
  /// append of a single batch (see `append(batches:)`).
  func append(prepared: [PreparedFiling]) throws(LedgerError) -> [Result<AppendOutcome, LedgerError>] {
    var batch = prepared.isEmpty ? nil : prepared
    var results: [Result<AppendOutcome, LedgerError>] = []
    try append(batches: { defer { batch = nil }; return batch }, memory: ProjectionMemory()) { results += $0.joined() }
    return results
  }

  /// The filings a bulk append puts in one transaction (10,000 unless LEDGER_TXN_FILINGS says
  /// otherwise). A transaction writes, at its end, the latest name of every person and issuer
  /// and the latest title of every line it touched (their ranks move with every later filing),
  /// and its commit writes every page it changed: at 1M filings in transactions of a batch
  /// (about 900 filings), those rows made most of the pages each commit wrote, 1.4M pages of
  /// 16 KiB in all for a 4.2 GB file (0.53M with them left out, as a measure), and the append
  /// took 171 s; in transactions of 10,000, 152 s (130 s with the larger lead the workers now
  /// have, see `Ingestor.lead`).
  static let transactionFilings: Int = {
    guard let text = ProcessInfo.processInfo.environment["LEDGER_TXN_FILINGS"], let n = Int(text), n > 0 else { return 10_000 }
    return n
  }()

  /// Appends the batches `next` gives until it gives nil, several batches per transaction
  /// (`transactionFilings` filings or more; see there why), each filing whole or not at all.
  /// After each commit, `committed` gets the outcomes of the batches it held, in order; nothing
  /// is reported before its transaction commits. Only the batch being written is held: a
  /// batch's filings are released once written.
  ///
  /// A refused filing is refused before it writes anything, so batches run without a savepoint
  /// per filing (they cost the writer a tenth of its time: SQLite journals each page a filing
  /// changes first) or per batch (that doubled the time of a 1M-filing append). Should a refusal
  /// ever come after a write (SQLite counts the rows changed), the transaction rolls back, the
  /// batch runs again alone with a savepoint around each filing, which then rolls back alone,
  /// and the filings of the transaction's earlier batches, which are no longer held, are
  /// reported refused with the reason and the advice to append them again.
  ///
  /// The projector starts from what `memory` kept of earlier transactions about people,
  /// issuers and lines (see `ProjectionMemory`).
  ///
  /// Each batch, once written, goes to `release`, which holds the last reference to it: the
  /// `Ingestor` frees its filings on another thread (freeing them here was a tenth of the
  /// writer's time).
  func append(
    batches next: () throws -> [PreparedFiling]?, release: (consuming [PreparedFiling]) -> Void = { _ in }, memory: ProjectionMemory,
    transactionFilings: Int = LedgerStore.transactionFilings, checkpointPages: Int = LedgerStore.checkpointPages,
    committed: ([[Result<AppendOutcome, LedgerError>]]) throws -> Void
  ) throws(LedgerError) {
    try translatingErrors {
      try queue.writeWithoutTransaction { db in
        try WALFrames.observing(db, autocheckpoint: LedgerStore.checkpointPages) { wal in
          // The WAL is folded back into the file on another thread once a commit leaves as much
          // in it as a transaction of a bulk append writes (see `Checkpointer`).
          var checkpointer: Checkpointer?
          defer { checkpointer?.stop() }
          // The first batch of each transaction is taken before it begins: no transaction is
          // empty, and none holds the lock while the first batch is being prepared.
          var upcoming = try next()
          while upcoming != nil {
            var projector = Projector()
            var outcomes: [[Result<AppendOutcome, LedgerError>]] = []
            var files: [[String]] = []
            var refused: [PreparedFiling]?
            var version: Int64 = 0
            do {
              try db.inTransaction(.immediate) {
                version = try ProjectionMemory.dataVersion(db)
                projector.known = memory.take(at: version)
                var filings = 0
                while filings < transactionFilings, upcoming != nil {
                  let batch = upcoming!
                  upcoming = nil
                  do {
                    outcomes.append(try Recorder.record(batch, in: db, savepoints: false, finishing: false, projector: &projector))
                  } catch let e as Recorder.RefusedAfterWriting {
                    refused = batch
                    throw e
                  }
                  files.append(batch.map(\.file))
                  filings += batch.count
                  release(consume batch)
                  upcoming = try next()
                }
                try projector.finish(db)
                return .commit
              }
              // Committed: what the projector learnt is true of the ledger.
              memory.keep(projector.known, began: version)
            } catch is Recorder.RefusedAfterWriting {
              guard let batch = refused else { throw Recorder.RefusedAfterWriting() }
              var again = Projector()
              var results: [Result<AppendOutcome, LedgerError>] = []
              try db.inTransaction(.immediate) {
                results = try Recorder.record(batch, in: db, savepoints: true, projector: &again)
                return .commit
              }
              let culprit = results.lazy.compactMap { r -> String? in
                if case .failure(let e) = r { return e.file }
                return nil
              }.first ?? "a filing"
              let reason = "was not recorded: its transaction was rolled back when \(culprit) was refused after it had written; append it again"
              outcomes = files.map { $0.map { .failure(.invalidFile(file: $0, message: reason)) } } + [results]
              upcoming = try next()
            }
            if checkpointer == nil && Int(wal.frames) >= min(Checkpointer.startFrames, checkpointPages) {
              checkpointer = Checkpointer(path: path, restartFrames: checkpointPages)
            }
            checkpointer?.committed(frames: wal.frames, writer: db.sqliteConnection)
            try committed(outcomes)
          }
        }
      }
    }
  }

  /// Empties the projections and replays every event into them, in log order, as a bulk load:
  /// the indexes that inserts would fill in random order are built once at the end, and the
  /// log is read and decoded on a second thread (with its own connection) while this one writes.
  @discardableResult
  public func rebuild() throws(LedgerError) -> Int {
    try translatingErrors { try Projections.rebuild(queue) }
  }
}

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
    try translatingErrors { try LedgerStore.inTransaction(queue, journalsInFiles: true, Projections.restoreQueryIndexes) }
  }

  /// How many filings the ledger holds (their row ids: fast, and exact since none is deleted).
  public func filingCount() throws(LedgerError) -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM filing") ?? 0 }
  }
}

enum Projections {
  /// The query indexes missing from the schema, with the statements that create them.
  static func missingQueryIndexes(_ db: Database) throws -> [(String, String)] {
    let present = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'"))
    return queryIndexes.filter { !present.contains($0.0) }
  }

  static func restoreQueryIndexes(_ db: Database) throws {
    let missing = try missingQueryIndexes(db)
    guard !missing.isEmpty else { return }
    try buildingIndexes(db) {
      for (_, sql) in missing { try db.execute(sql: sql) }
    }
  }

  /// Runs `body`, which builds indexes, within the memory the page cache already had: SQLite's
  /// sorter sorts in runs of the cache's size, so the cache shrinks to a quarter meanwhile and
  /// the runs spill to temporary files rather than memory. What the sorter holds is then the
  /// same for any table larger than a quarter of the cache.
  static func buildingIndexes(_ db: Database, _ body: () throws -> Void) throws {
    let kib = LedgerStore.cacheMiB * 1024
    try db.execute(sql: "PRAGMA temp_store = FILE")
    try db.execute(sql: "PRAGMA cache_size = -\(max(kib / 4, 1024))")
    defer {
      try? db.execute(sql: "PRAGMA cache_size = -\(kib)")
      try? db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    try body()
  }

  /// Empties the projections and replays the whole log into them, in one transaction (readers
  /// see the old projections until it commits): `ledger rebuild`, and a migration that changes
  /// what the projections hold.
  static func rebuild(_ queue: DatabaseQueue) throws -> Int {
    try LedgerStore.inTransaction(queue, foreignKeys: false, journalsInFiles: true) { db in
      try clear(db)
      return try replay(from: db, file: queue.path, into: db)
    }
  }

  static func clear(_ db: Database) throws {
    for table in Schema.projectionTables {
      try db.execute(sql: "DELETE FROM \(table)")
    }
  }

  /// Indexes whose keys arrive in random order and that a large append drops and builds once at
  /// the end (sorting once instead of inserting at random, which at 1M filings rewrote most of
  /// their pages at every commit). Queries use them; the writer looks filings up through others
  /// meanwhile (`Schema.writerIndexesV6`), except a filing without an accession number, which
  /// needs every filing by content and builds `filing_by_content` first (`Recorder`).
  static let queryIndexes = [
    ("entry_by_line", "CREATE INDEX IF NOT EXISTS entry_by_line ON entry(line_id, valid_date, filed_at, filing, row_order)"),
    ("filing_owner_by_person", "CREATE INDEX IF NOT EXISTS filing_owner_by_person ON filing_owner(person_id)"),
    ("filing_by_content", contentIndex),
    ("filing_by_issuer_filed", "CREATE INDEX IF NOT EXISTS filing_by_issuer_filed ON filing(issuer_id, owner_group, filed_at)"),
  ]

  static let contentIndex = "CREATE INDEX IF NOT EXISTS filing_by_content ON filing(content_id)"

  /// Replays the log, up to event `last`, into the empty projections of `target`. Given the
  /// ledger's `file`, the log is read and decoded on a second thread through a connection of its
  /// own while this thread writes; otherwise (a ledger in memory, a migration) it is read from
  /// `source` on this thread.
  static func replay(from source: Database, file: String? = nil, through last: Int64 = .max, into target: Database) throws -> Int {
    let file = file == ":memory:" ? nil : file
    return try bulkReplay(into: target, parallel: file != nil) { push in
      guard let file else { return try read(from: source, through: last, push) }
      var config = Configuration()
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
        facts.tableRows = (facts.rowCount - derivative, derivative)
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
    var period: LedgerDate?
    defer { statement.finish() }
    while try statement.step(db) {
      let seq = statement.int64(0)
      let type = statement.string(1) ?? ""
      let input = try statement.withText(2) { payload -> ProjectionInput in
        switch type {
        case LedgerEvent.Kind.rowReported.rawValue:
          guard let period else { throw ProjectionError.rowWithoutFiling(seq: seq) }
          if let row = PayloadScanner.rowReported(payload) { return .row(RowFacts(row, period: period)) }
        case LedgerEvent.Kind.filingRecorded.rawValue:
          if let facts = PayloadScanner.filingFacts(payload) {
            period = facts.period
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
          period = e.document.periodOfReport
          return .filing(FilingFacts(e))
        case .rowReported(let e):
          guard let period else { throw ProjectionError.rowWithoutFiling(seq: seq) }
          return .row(RowFacts(e, period: period))
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
  static func bulkReplay(
    into target: Database, parallel: Bool, _ produce: @escaping ((Int64, ProjectionInput) throws -> Void) throws -> Void
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
        Ingestor.yieldToWriter()
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
        count += batch.count
      }
      if let error = failure.error { throw error }
    } else {
      try produce { seq, input in
        try projector.apply(input, seq: seq, in: target)
        count += 1
      }
    }
    try projector.finish(target)
    try buildingIndexes(target) {
      for (_, sql) in queryIndexes { try target.execute(sql: sql) }
    }
    return count
  }
}

final class ErrorBox: @unchecked Sendable {
  var error: (any Error)?
}

/// Carries a value to another thread whose use of it is confined there.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// Decides what a filing adds to the log, and adds it.
enum Recorder {
  /// A filing was refused after it had written something, in a batch without savepoints.
  struct RefusedAfterWriting: Error {}

  /// Records filings in the current transaction, each whole or not at all: with `savepoints`,
  /// each in a savepoint of its own; without, a refusal that follows a write throws
  /// `RefusedAfterWriting` (the caller rolls back and runs them again with savepoints). With
  /// `finishing`, the names and titles the projector deferred are written at the end (else the
  /// caller writes them before its transaction ends).
  static func record(
    _ prepared: [PreparedFiling], in db: Database, savepoints: Bool, finishing: Bool = true, projector: inout Projector
  ) throws -> [Result<AppendOutcome, LedgerError>] {
    var results: [Result<AppendOutcome, LedgerError>] = []
    results.reserveCapacity(prepared.count)
    // Savepoints through statements compiled once (GRDB's `inSavepoint` compiles its SQL at
    // every call). A refused filing is refused before it writes anything, so what the projector
    // holds stays true when its savepoint rolls back. Should one have written, the projector
    // goes back to what it held before the filing (the log's head, the names and titles to
    // write at the end, the identities it knows): else the next filing would chain after
    // rolled-back events, and a name would land on whatever row takes a rolled-back row's id.
    for p in prepared {
      let before = savepoints ? projector : nil
      if savepoints { try projector.sql.run(db, "SAVEPOINT filing") }
      let changes = db.totalChangesCount
      do {
        results.append(.success(try record(p, in: db, projector: &projector)))
        if savepoints { try projector.sql.run(db, "RELEASE filing") }
      } catch let e as LedgerError {
        if let before {
          if db.totalChangesCount != changes { projector = before }
          try projector.sql.run(db, "ROLLBACK TO filing")
          try projector.sql.run(db, "RELEASE filing")
        } else if db.totalChangesCount != changes {
          throw RefusedAfterWriting()
        }
        results.append(.failure(e))
      }
    }
    if finishing { try projector.finish(db) }
    return results
  }

  static func record(_ p: PreparedFiling, in db: Database, projector: inout Projector) throws -> AppendOutcome {
    var events: [PendingEvent] = []
    if let accession = p.accession {
      struct Existing {
        var filing, documentHash, contentKey, filedAt, sourceName: String
        var estimated: Bool
        var seq: Int64
      }
      if let existing = try projector.sql.row(
        db, "SELECT filing, document_hash, content_key, filed_at, filed_estimated, source_name, event_seq FROM filing WHERE filing = ?",
        accession.rawValue,
        read: { s in
          Existing(
            filing: s.string(0) ?? "", documentHash: s.string(1) ?? "", contentKey: s.string(2) ?? "", filedAt: s.string(3) ?? "",
            sourceName: s.string(5) ?? "", estimated: s.int64(4) == 1, seq: s.int64(6))
        })
      {
        let recordedFrom = existing.sourceName
        let filing = FilingID(rawValue: existing.filing)
        if existing.documentHash != p.documentSha256 {
          // An SEC data set carries less than the XML (no schema version, fewer address
          // fields...): a data set copy and an XML copy of one accession are the same filing
          // when what identifies it (issuer, owners, form, dates, rows) is the same.
          let sameContent = existing.contentKey == p.contentKey
          guard sameContent, try p.source.format == .secDataSet || recordedFormat(seq: existing.seq, db) == .secDataSet else {
            throw LedgerError.accessionConflict(file: p.file, accession: accession.rawValue, recordedFrom: recordedFrom)
          }
        }
        let filedAt = existing.filedAt
        let estimated = existing.estimated
        if p.filedAtEstimated || filedAt == p.filedAt.description {
          return .alreadyRecorded(filing: filing)
        }
        guard estimated else {
          throw LedgerError.invalidField(
            file: p.file, path: "filedAt",
            message: "accession \(accession) is recorded (from \(recordedFrom)) as filed on \(filedAt), not \(p.filedAt)")
        }
        let dated = FilingDated(filing: filing, filedAt: p.filedAt, source: p.source)
        try append([PendingEvent(.filingDated(dated), of: filing, .dated(dated))], db, &projector)
        try relink(after: [filing], db, &projector)
        return .dated(filing: filing, filedAt: p.filedAt)
      }
      events = p.events
      let copies = try projector.sql.strings(
        db, "SELECT filing FROM filing WHERE content_id = ? AND content_key = ? AND accession IS NULL AND duplicate_of IS NULL ORDER BY id",
        PreparedFiling.contentID(p.contentKey), p.contentKey)
      for copy in copies {
        let dup = FilingDeduplicated(duplicate: FilingID(rawValue: copy), original: p.filing)
        events.append(PendingEvent(.filingDeduplicated(dup), of: dup.duplicate, .deduplicated(dup)))
      }
    } else {
      // Any filing with this content, accession or not: through the full content index, built
      // now if a large append had dropped it (a no-op when it is there).
      try db.execute(sql: Projections.contentIndex)
      if let existing = try projector.sql.strings(
        db,
        """
        SELECT COALESCE(o.filing, f.filing) FROM filing f LEFT JOIN filing o ON o.id = f.duplicate_of
        WHERE f.content_id = ? AND f.content_key = ? ORDER BY f.accession IS NULL, f.id LIMIT 1
        """, PreparedFiling.contentID(p.contentKey), p.contentKey
      ).first {
        return .alreadyRecorded(filing: FilingID(rawValue: existing))
      }
      events = p.events
    }
    try append(events, db, &projector)
    let retired = events.compactMap { e -> FilingID? in
      if case .deduplicated(let d) = e.input { return d.duplicate }
      return nil
    }
    let links = try relink(after: [p.filing] + retired, new: p.filing, newFiling: projector.lastFiling, db, &projector)
    if let fault = refuseAfterWriting, p.file.hasSuffix(fault) {
      throw LedgerError.invalidFile(file: p.file, message: "refused after writing its events, as LEDGER_TEST_REFUSE_AFTER_WRITE asks")
    }
    return .recorded(filing: p.filing, events: events.count + links)
  }

  /// For tests only: the end of the path of a filing's file, to refuse it once it has written
  /// everything, which no real refusal does (each is decided before a filing writes), so that
  /// the way back from one can be tested.
  static let refuseAfterWriting = ProcessInfo.processInfo.environment["LEDGER_TEST_REFUSE_AFTER_WRITE"]

  /// The format of the input a recorded filing came from.
  static func recordedFormat(seq: Int64, _ db: Database) throws -> ImportedFiling.Format? {
    guard let payload = try String.fetchOne(db, cached: "SELECT payload FROM event WHERE seq = ?", arguments: [seq]),
      case .filingRecorded(let e) = LedgerEvent.decode(type: LedgerEvent.Kind.filingRecorded.rawValue, payload: Data(payload.utf8))
    else { return nil }
    return e.source.format
  }

  /// Re-decides the links of every amendment the given filings may affect, recording an
  /// `AmendmentResolved` event for each that changed. Returns how many were recorded.
  @discardableResult
  static func relink(
    after filings: [FilingID], new: FilingID? = nil, newFiling: (filing: FilingID, id: Int64, subject: AmendmentLinker.Subject)? = nil,
    _ db: Database, _ projector: inout Projector
  ) throws -> Int {
    var ids = Set<Int64>()
    for f in filings {
      let known = f == new && newFiling?.filing == f ? newFiling : nil
      guard let id = try known?.id ?? projector.sql.int64(db, "SELECT id FROM filing WHERE filing = ?", f.rawValue) else { continue }
      ids.formUnion(try AmendmentLinker.affected(by: id, isNew: f == new, known: known?.subject, db, projector.sql))
    }
    let events = try AmendmentLinker.events(for: ids.sorted(), db, projector.sql)
    try append(
      events.map { a in PendingEvent(.amendmentResolved(a), of: a.amendment, .amendment(a)) }, db, &projector)
    return events.count
  }

  static func append(_ events: [PendingEvent], _ db: Database, _ projector: inout Projector) throws {
    var seq = try EventLog.append(events, in: db, head: &projector.head, sql: projector.sql)
    for i in events.indices {
      try projector.apply(events[i].input, seq: seq, in: db)
      seq += 1
    }
  }
}

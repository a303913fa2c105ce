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
      projector.payloads.compress = configuration.compressPayloads
      projector.payloads.box = dictionaryBox
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

  /// Appends the batches `next` gives until it gives nil, several batches per transaction
  /// (`LedgerConfiguration.transactionFilings` filings or more), each filing whole or not at all.
  /// After each commit, `committed` gets the outcomes of the batches it held, in order; nothing
  /// is reported before its transaction commits. Only the batch being written is held: a
  /// batch's filings are released once written.
  ///
  /// A refused filing is refused before it writes anything, so batches run without a savepoint
  /// per filing or per batch (SQLite journals each page a savepoint's changes touch first, which
  /// costs the writer much of its time). Should a refusal
  /// ever come after a write (SQLite counts the rows changed), the transaction rolls back, the
  /// batch runs again alone with a savepoint around each filing, which then rolls back alone,
  /// and the filings of the transaction's earlier batches, which are no longer held, are
  /// reported refused with the reason and the advice to append them again.
  ///
  /// The projector starts from what `memory` kept of earlier transactions about people,
  /// issuers and lines (see `ProjectionMemory`).
  ///
  /// Each batch, once written, goes to `release`, which holds the last reference to it: the
  /// `Ingestor` frees its filings on another thread, so that the writer does not.
  func append(
    batches next: () throws -> [PreparedFiling]?, release: (consuming [PreparedFiling]) -> Void = { _ in }, memory: ProjectionMemory,
    committed: ([[Result<AppendOutcome, LedgerError>]]) throws -> Void
  ) throws(LedgerError) {
    let transactionFilings = configuration.transactionFilings
    let checkpointPages = configuration.checkpointPages
    let check = configuration.check
    try translatingErrors {
      try queue.writeWithoutTransaction { db in
        try WALFrames.observing(db, autocheckpoint: checkpointPages) { wal in
          // The WAL is folded back into the file on another thread once a commit leaves as much
          // in it as a transaction of a bulk append writes (see `Checkpointer`).
          var checkpointer: Checkpointer?
          defer { checkpointer?.stop() }
          // The first batch of each transaction is taken before it begins: no transaction is
          // empty, and none holds the lock while the first batch is being prepared.
          var upcoming = try next()
          while upcoming != nil {
            var projector = Projector()
            projector.payloads.compress = configuration.compressPayloads
            projector.payloads.box = dictionaryBox
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
                    outcomes.append(
                      try Recorder.record(batch, in: db, savepoints: false, finishing: false, projector: &projector, check: check))
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
              again.payloads.compress = configuration.compressPayloads
              again.payloads.box = dictionaryBox
              var results: [Result<AppendOutcome, LedgerError>] = []
              try db.inTransaction(.immediate) {
                results = try Recorder.record(batch, in: db, savepoints: true, projector: &again, check: check)
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
}

/// The plumbing of a batch: savepoints, and what a refusal after a write means.
extension Recorder {
  /// A filing was refused after it had written something, in a batch without savepoints.
  struct RefusedAfterWriting: Error {}

  /// Records filings in the current transaction, each whole or not at all: with `savepoints`,
  /// each in a savepoint of its own; without, a refusal that follows a write throws
  /// `RefusedAfterWriting` (the caller rolls back and runs them again with savepoints). With
  /// `finishing`, the names and titles the projector deferred are written at the end (else the
  /// caller writes them before its transaction ends).
  static func record(
    _ prepared: [PreparedFiling], in db: Database, savepoints: Bool, finishing: Bool = true, projector: inout Projector,
    check: (@Sendable (String) throws(LedgerError) -> Void)? = nil
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
        let outcome = try record(p, in: db, projector: &projector)
        try check?(p.file)
        results.append(.success(outcome))
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
}

import Foundation
import LedgerCore
import Testing

/// A refusal that comes after a filing has written. No real refusal does (each is decided
/// before the filing writes anything), so the configuration's `check` makes one:
/// the way back from it must still leave whole filings, a sound log, and say what to append
/// again.
@Suite struct RefusalAfterWritingTests {
  /// What an append of the whole corpus did, input by input.
  struct Run {
    var appended = 0
    var already = 0
    var refusals: [LedgerError] = []

    init(_ store: LedgerStore) throws {
      var run = Run(counts: ())
      try Ingestor(store: store).run(Inputs([Paths.edgar.path])) { result in
        switch result.fate {
        case .appended(.recorded): run.appended += 1
        case .appended: run.already += 1
        case .refused(let e): run.refusals.append(e)
        case .skipped: break
        }
      }
      self = run
    }

    private init(counts: Void) {}
  }

  @Test(.needsCorpus) func aBulkAppendRollsBackTheTransactionRecordsTheRestAndSaysWhatToAppendAgain() throws {
    // In the middle of the corpus, with no copy elsewhere in it.
    let culprit = "000089924322015989/doc4.xml"
    // Transactions of a few batches of a few filings each: the culprit's transaction has
    // batches before its own, and its batch has filings after it (which must not be chained
    // after the rolled-back events).
    var small = LedgerConfiguration()
    small.transactionFilings = 40
    small.leadBytes = 128 << 10
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let cleanStore = try LedgerStore(path: dir.appendingPathComponent("clean.sqlite").path, mode: .readWrite, configuration: small)
    let total = try Run(cleanStore)
    #expect(total.refusals.isEmpty)

    var faulty = small
    faulty.check = { (file: String) throws(LedgerError) in
      if file.hasSuffix(culprit) { throw .invalidFile(file: file, message: "refused after writing its events, as the test's check asks") }
    }
    let path = dir.appendingPathComponent("ledger.sqlite").path
    let store = try LedgerStore(path: path, mode: .readWrite, configuration: faulty)
    let first = try Run(store)
    let own = first.refusals.filter { $0.file?.hasSuffix(culprit) == true }
    #expect(own.count == 1)
    #expect(own.first?.reason.contains("refused after writing its events") == true, "\(own)")
    // The filings of the transaction's earlier batches, no longer in memory when it rolled back.
    let notRecorded = first.refusals.filter {
      $0.reason == "was not recorded: its transaction was rolled back when \(Paths.edgar.path)/john-friedman/\(culprit) was refused after it had written; append it again"
    }
    #expect(notRecorded.count >= 1, "\(first.refusals)")
    #expect(first.refusals.count == notRecorded.count + 1)
    // Every filing has one outcome; the ledger is sound and holds none of the refused.
    #expect(first.appended + first.already + first.refusals.count == total.appended + total.already)
    #expect(first.appended < total.appended)
    #expect(try store.verify().problems.isEmpty)

    // Appending again (without the fault) records exactly what was refused, and the ledger
    // answers as the clean one (its log holds them in another order).
    let again = try Run(try LedgerStore(path: path, mode: .readWrite, configuration: small))
    #expect(again.refusals.isEmpty)
    #expect(first.appended + again.appended == total.appended)
    let cli = CLI()
    let clean = CLI()
    for (from, to) in [(path, cli.db.path), (cleanStore.path, clean.db.path)] {
      try FileManager.default.copyItem(atPath: from, toPath: to)
      for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: from + suffix) {
        try FileManager.default.copyItem(atPath: from + suffix, toPath: to + suffix)
      }
    }
    #expect(cli.run(["verify"]).status == 0)
    #expect(try cli.eventCount() == clean.eventCount())
    for args in BulkIndexTests.queries { #expect(cli.run(args).stdout == clean.run(args).stdout, "\(args)") }
  }
}

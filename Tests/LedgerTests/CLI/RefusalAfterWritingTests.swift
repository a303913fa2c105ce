import Foundation
import LedgerCore
import Testing

/// A refusal that comes after a filing has written. No real refusal does (each is decided
/// before the filing writes anything), so `LEDGER_TEST_REFUSE_AFTER_WRITE` makes one: the way
/// back from it must still leave whole filings, a sound log, and say what to append again.
@Suite struct RefusalAfterWritingTests {
  /// The outcome counts of an append's summary line.
  struct Counts: Equatable {
    var appended = 0, already = 0, refused = 0

    init(_ summary: String) {
      func number(after label: String) -> Int {
        guard let r = summary.range(of: label) else { return -1 }
        return Int(summary[r.upperBound...].prefix { $0.isNumber }) ?? -1
      }
      appended = number(after: "Appended ")
      already = number(after: "already recorded ")
      refused = number(after: "refused ")
    }
  }

  @Test func aBulkAppendRollsBackTheTransactionRecordsTheRestAndSaysWhatToAppendAgain() throws {
    // In the middle of the corpus, with no copy elsewhere in it.
    let culprit = "000089924322015989/doc4.xml"
    // Transactions of a few batches of a few filings each: the culprit's transaction has
    // batches before its own, and its batch has filings after it (when it rolled back to its
    // savepoint, those were chained after the rolled-back events until the projector went back
    // to what it held before the filing: "the database refused a change", exit 74).
    let small = ["LEDGER_TXN_FILINGS": "40", "LEDGER_LEAD_KIB": "128"]
    let clean = CLI()
    let reference = clean.run(["append", Paths.edgar.path], environment: small)
    #expect(reference.status == 0, "\(reference.stderr)")
    let total = Counts(reference.stdout)

    let cli = CLI()
    let r = cli.run(["append", Paths.edgar.path], environment: small.merging(["LEDGER_TEST_REFUSE_AFTER_WRITE": culprit]) { $1 })
    #expect(r.status == 65)
    let lines = r.stderr.split(separator: "\n").map(String.init)
    let own = lines.filter { $0.hasPrefix("refused ") && $0.contains(culprit + ":") }
    #expect(own.count == 1)
    #expect(own.first?.contains("refused after writing its events") == true, "\(own)")
    // The filings of the transaction's earlier batches, no longer in memory when it rolled back.
    let notRecorded = lines.filter {
      $0.hasPrefix("refused ") && $0.hasSuffix("was not recorded: its transaction was rolled back when \(Paths.edgar.path)/john-friedman/\(culprit) was refused after it had written; append it again")
    }
    #expect(notRecorded.count >= 1, "\(lines)")
    #expect(lines.count == notRecorded.count + 1, "\(lines)")
    // Every filing has one outcome; the ledger is sound and holds none of the refused.
    let first = Counts(r.stdout)
    #expect(first.refused == notRecorded.count + 1)
    #expect(first.appended + first.already + first.refused == total.appended + total.already)
    #expect(first.appended < total.appended)
    #expect(cli.run(["verify"]).status == 0)

    // Appending again records exactly what was refused, and the ledger answers as the clean one
    // (its log holds them in another order).
    let again = cli.run(["append", Paths.edgar.path], environment: small)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(first.appended + Counts(again.stdout).appended == total.appended)
    #expect(cli.run(["verify"]).status == 0)
    #expect(try cli.eventCount() == clean.eventCount())
    for args in BulkIndexTests.queries { #expect(cli.run(args).stdout == clean.run(args).stdout, "\(args)") }
  }
}

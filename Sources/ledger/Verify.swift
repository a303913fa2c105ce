import ArgumentParser
import LedgerCore

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Prove the ledger was not altered: hash chain, sequence, whole filings, and projections.",
    discussion: """
      Runs SQLite's integrity_check on the file (--quick: quick_check) and checks that the event table and the triggers that keep it append-only are in place; recomputes every event's SHA-256 chained to the previous one and names the first event whose content or hash does not match; checks that sequence numbers have no gaps and that every filing is followed by all its rows; replays the whole log into a fresh in-memory ledger and compares every derived table with the stored one.
      
      --digest prints the head hash and the event count; record it elsewhere, and later --since-digest 'HASH COUNT' confirms that this head is still in the chain (the ledger was only appended to since).
      
      Exit codes: 0 verified; 1 verification failed (each problem is one line on standard error).
      """)

  @ArgumentParser.Flag(help: "Print the head hash and the event count (after verifying).")
  var digest = false
  @Option(name: .customLong("since-digest"), help: ArgumentHelp("A digest printed earlier by --digest: check it is still in the chain.", valueName: "hash [count]"))
  var sinceDigest: String?
  @ArgumentParser.Flag(help: "Run SQLite's quick_check instead of the full integrity_check (pages only, not whether each index matches its table).")
  var quick = false
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.verify(sinceDigest: sinceDigest, quick: quick)
      if digest { Output.print(report.digest + "\n") }
      guard report.passed else {
        for p in report.problems { Output.error(p.description) }
        throw ExitCode(1)
      }
      if !digest {
        Output.print("Verified \(report.eventCount) events: file intact, log guarded, hash chain intact, no gaps, every filing whole, projections equal a replay.\n")
        if sinceDigest != nil { Output.print("The recorded head is in the chain: the ledger was only appended to since.\n") }
      }
    }
  }
}

import ArgumentParser
import LedgerCore

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Prove the ledger was not altered: hash chain, sequence, whole filings, and projections.",
    discussion: """
      Recomputes every event's SHA-256 chained to the previous one and names the first event whose content or hash does not match; checks that sequence numbers have no gaps and that every filing is followed by all its rows; replays the whole log into a fresh in-memory ledger and compares every derived table with the stored one.
      
      --digest prints the head hash and the event count; record it elsewhere, and later --since-digest 'HASH COUNT' confirms that this head is still in the chain (the ledger was only appended to since).
      
      Exit codes: 0 verified; 1 verification failed (each problem is one line on standard error).
      """)

  @ArgumentParser.Flag(help: "Print the head hash and the event count (after verifying).")
  var digest = false
  @Option(name: .customLong("since-digest"), help: ArgumentHelp("A digest printed earlier by --digest: check it is still in the chain.", valueName: "hash [count]"))
  var sinceDigest: String?
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.verify(sinceDigest: sinceDigest)
      if digest { Output.print(report.digest + "\n") }
      guard report.passed else {
        for p in report.problems { Output.error(p.description) }
        throw ExitCode(1)
      }
      if !digest {
        Output.print("Verified \(report.eventCount) events: hash chain intact, no gaps, every filing whole, projections equal a replay.\n")
        if sinceDigest != nil { Output.print("The recorded head is in the chain: the ledger was only appended to since.\n") }
      }
    }
  }
}

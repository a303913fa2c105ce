import ArgumentParser
import LedgerCore

/// The `ledger` command: parses arguments and hands the work to LedgerCore.
@main
struct Ledger: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: "An event-sourced beneficial-ownership ledger for SEC Section 16 filings (Forms 3, 4, 5).",
    discussion: """
      Every row of every filing becomes an immutable, hash-chained event in one SQLite file.
      Positions are replayed from the events as of any date.

      Exit codes: 0 success; 2 --person matches several people; 3 no such person or issuer;
      64 bad arguments; 65 an input was refused; 66 a file or the database is missing;
      74 the database cannot be used.
      """,
    version: LedgerVersion.current,
    subcommands: [
      Append.self, Holdings.self, History.self, Transactions.self, People.self, Issuers.self, Filings.self, Reconcile.self, Amendments.self, Verify.self, Rebuild.self, Schema.self,
      Convert.self,
    ]
  )
}

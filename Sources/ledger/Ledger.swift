import ArgumentParser
import Foundation
import LedgerCore

/// The `ledger` command: parses arguments and hands the work to LedgerCore.
@main
struct Ledger: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: "An event-sourced beneficial-ownership ledger for SEC Section 16 filings (Forms 3, 4, 5).",
    discussion: """
      Every row of every filing becomes an immutable, hash-chained event in one SQLite file. Positions are replayed from the events as of any date.
      
      Exit codes: 0 success; 2 --person or --issuer matches several; 3 no such person or issuer; 64 bad arguments; 65 an input was refused; 66 a file or the database is missing; 74 the database cannot be used.
      """,
    version: LedgerVersion.current,
    subcommands: [
      Append.self, Fetch.self, Holdings.self, History.self, Transactions.self, People.self, Issuers.self, Filings.self, Reconcile.self, Amendments.self, Late.self, ShortSwing.self, Report.self, Serve.self, Verify.self, Rebuild.self, Compact.self, Schema.self,
      Convert.self,
    ]
  )

  /// A misspelt command is named with the command meant (the parser would report its first
  /// option as unknown instead), then parsing goes on as usual.
  static func main() async {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, !first.hasPrefix("-") {
      let names = configuration.subcommands.map { $0._commandName } + ["help"]
      if !names.contains(first) {
        let closest = names.min { distance(first, $0) < distance(first, $1) }
        var message = "Error: Unknown command '\(Terminal.escaped(first))'."
        if let closest, distance(first, closest) <= max(2, first.count / 3) { message += " Did you mean '\(closest)'?" }
        FileHandle.standardError.write(Data((message + "\n  See 'ledger --help' for the commands.\n").utf8))
        Foundation.exit(ExitCode.validationFailure.rawValue)
      }
    }
    await Self.main(arguments)
  }

  /// Levenshtein distance between two words.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where i <= a.count {
      var previous = row[0]
      row[0] = i
      for j in 1...max(b.count, 1) where j <= b.count {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return row[b.count]
  }
}

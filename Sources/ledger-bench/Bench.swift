import ArgumentParser
import Foundation
import LedgerCore
import LedgerGenerator

/// `ledger-bench`: generates filings and measures the ledger against baselines run in the same
/// process. Build it in release mode: `swift run -c release ledger-bench run`.
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger-bench",
    abstract: "Generate realistic filings, and benchmark the ledger against plain SQLite and Python's ElementTree.",
    subcommands: [Generate.self, Run.self, Measure.self, Replicate.self],
    defaultSubcommand: Run.self)
}

struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Write generated filings as EDGAR submissions and/or SEC data sets.")

  @Option(help: "How many filings.") var filings = 10_000
  @Option(help: "The generator's seed (the same seed gives the same filings).") var seed: UInt64 = 1
  @Option(name: .customLong("amendment-rate"), help: "Share of Form 4s amended later.") var amendmentRate = 0.03
  @Option(name: .customLong("split-rate"), help: "Chance of a split, per ten issuers and business day.") var splitRate = 0.0005
  @Option(help: "Folder for EDGAR submissions (.txt), a thousand per subfolder.") var xml: String?
  @Option(help: "Folder for quarterly SEC data sets (YYYYqN/).") var datasets: String?

  func validate() throws {
    if xml == nil && datasets == nil { throw ValidationError("Give --xml DIR, --datasets DIR or both.") }
  }

  func run() throws {
    let (n, rows) = try GeneratorOutput.generate(
      .init(filings: filings, seed: seed, amendmentRate: amendmentRate, splitRate: splitRate), xml: xml.map { URL(fileURLWithPath: $0) }, dataSets: datasets.map { URL(fileURLWithPath: $0) })
    print("Generated \(n) filings (\(rows) rows).")
  }
}

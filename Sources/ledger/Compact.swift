import Foundation
import ArgumentParser
import LedgerCore

struct Compact: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compact",
    abstract: "Rewrite the ledger with every event payload compressed.",
    discussion: """
      Ledgers written before payloads were compressed keep working as they are; this converts one. It writes a new file beside the ledger with the same events (each hash checked on the way) and every payload compressed with zstd and a dictionary trained on the ledger's own payloads, replays the derived tables, checks that its chain head and event count equal the ledger's, then replaces the ledger with it in one step. 'ledger verify --digest' prints the same before and after. No event is updated: the log is replaced whole.
      """)

  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let report = try LedgerStore.compact(path: database.path, configuration: Environment.configuration)
      let kib = { (b: Int64) in "\((b + 1023) / 1024) KiB" }
      Output.print(
        "Compacted \(report.events) events: \(kib(report.bytesBefore)) before, \(kib(report.bytesAfter)) after (dictionary \(report.dictionaryBytes / 1024) KiB). Digest \(report.digest).\n")
    }
  }
}

import ArgumentParser
import EdgarOwnership
import Foundation
import LedgerCore

struct Report: ParsableCommand {
  /// Writes the page beside `path` as it is made, then puts it in place whole: a failed write
  /// leaves no half page, an earlier file stays until the new one is complete, and the partial
  /// file a killed report left is taken over by the next report to the same path.
  static func write(_ report: AuditReport, to path: String) throws {
    let target = URL(fileURLWithPath: path)
    do {
      let (partial, file) = try PartialFile.open(beside: target)
      var failure: (any Error)?
      // The pieces come in about 64 KiB each: written as they come.
      report.writeHTML { piece in
        guard failure == nil else { return }
        do { try file.write(contentsOf: Data(piece.utf8)) } catch { failure = error }
      }
      // Renamed while still locked, so that no other report takes the file over meanwhile.
      if failure == nil, rename(partial.path, target.path) != 0 { failure = CocoaError(.fileWriteUnknown) }
      if failure != nil { try? FileManager.default.removeItem(at: partial) }
      try file.close()
      if let failure { throw failure }
    } catch {
      throw LedgerError.invalidFile(file: path, message: "cannot be written")
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a self-contained HTML audit report of a person's positions.",
    discussion: """
      One HTML file with no script and no external asset, printable: the ledger's digest (head hash and event count) it was made from, the holdings as of the date with what is exercisable and the Rule 13d-3 summary, a chart per position line (the balance as a step line, a marker per reported row labelled with its code, superseded rows hollow, reconcile breaks ringed with their cause, expiry and vesting drawn), the history with provenance (accessions link to EDGAR), the footnotes and the amendments. Everything from a filing is escaped.
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Valid time: the holdings as of this date (default: today).", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var asof: LedgerDate?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @Option(help: ArgumentHelp("The HTML file to write (default: standard output).", valueName: "file"))
  var output: String?
  @OptionGroup var database: DatabaseOptions

  func validate() throws {
    if selection.selector == nil { throw ValidationError("Say whose report: --person NAME or --cik CIK.") }
  }

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      guard let selector = selection.selector else { return }
      let report = try store.audit(AuditRequest(person: selector, issuer: selection.issuer, asOf: asof ?? LedgerDate.today(), knownAt: knownAt))
      if let output {
        try Self.write(report, to: output)
      } else {
        report.writeHTML(to: Output.print)
      }
    }
  }
}

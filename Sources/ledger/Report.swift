import ArgumentParser
import Foundation
import LedgerCore

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
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
      let html = report.html()
      if let output {
        do {
          try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
          throw LedgerError.invalidFile(file: output, message: "cannot be written")
        }
      } else {
        Output.print(html)
      }
    }
  }
}

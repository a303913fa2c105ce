import ArgumentParser
import LedgerCore

struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show every reported row of a person's lines, with running balances and provenance.")

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Only lines whose security (or underlying) title contains this text.", valueName: "text"))
  var security: String?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @ArgumentParser.Flag(help: "Also show each derivative line's vesting installments.")
  var vesting = false
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try selection.required(by: "history")
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.history(
        HistoryRequest(person: selection.selector, issuer: selection.issuer, security: security, knownAt: knownAt, vesting: vesting))
      Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
    }
  }
}

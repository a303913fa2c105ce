import ArgumentParser
import LedgerCore

struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
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
      let request = HistoryRequest(
        person: selection.selector, issuer: selection.issuer, security: security, knownAt: knownAt, vesting: vesting)
      // Written as each entry comes (a table keeps only its cells, for the widths). Nothing is
      // written before the first entry, so an error before it leaves the output empty.
      switch output.format {
      case .json:
        let out = BufferedOutput()
        try store.historyJSON(request, write: out.write)
        out.flush()
      case .csv:
        let out = BufferedOutput()
        out.write(CSVTable.record(HistoryReport.csvHeader))
        _ = try store.history(request) { out.write(CSVTable.record(HistoryReport.csvRow($0))) }
        out.flush()
      case .table:
        var table = HistoryTable(showsOwners: request.person == nil)
        let report = try store.history(request) { table.add($0) }
        let out = BufferedOutput()
        table.write(report, to: out.write)
        out.flush()
      }
    }
  }
}

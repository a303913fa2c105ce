import ArgumentParser
import LedgerCore

struct Reconcile: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reconcile",
    abstract: "List where the filers' running tallies break, per position line, with a likely cause.",
    discussion: """
      For each transaction, the expected amount after is the previous reported balance (the amount after the line's previous row, a transaction or a holding) plus the row's signed amount (A adds, D subtracts, as flagged); for a holding, the previous reported balance. Where the reported amount differs, the break is listed with the previous balance and where it came from, and a likely cause when one can be told: first appearance, a split (exact integer ratio), a move between lines (direct and indirect, or two trusts or funds) that nets to zero, an A/D flag that contradicts the change, or a Form 5 whose tally does not fit the rows around it. Holdings keep showing the reported balance.
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try selection.required(by: "reconcile")
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.reconcile(ReconcileRequest(person: selection.selector, issuer: selection.issuer, knownAt: knownAt))
      Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
    }
  }
}

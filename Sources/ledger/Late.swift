import ArgumentParser
import LedgerCore

struct Late: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "late",
    abstract: "List Section 16(a) reports filed after their due date.",
    discussion: """
      Each row's due date comes from its form and dates: Form 4, 2 business days after the transaction (or its deemed execution date), or before 2002-08-29 the 10th of the next month; Form 3, 10 days after the event; Form 5, 45 days after the fiscal year's end; gifts before 2023-02-27 and codes L, W and V may wait for the Form 5. Due dates on a weekend, federal holiday or day the SEC was closed move to the next business day. One line per late filing: the earliest late row, how many rows were late, the due date, the calendar days late, whether the filer said so (transactionTimeliness L), and the rule. An amendment's rows that restate its original are judged with the original. A filing whose filing date is estimated is "possibly late". --summary gives the Item 405 view per person, issuer and fiscal year.
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Only filings filed on or after this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var from: LedgerDate?
  @Option(help: ArgumentHelp("Only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var to: LedgerDate?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @ArgumentParser.Flag(help: "Per person, issuer and fiscal year: late reports, late transactions, missing filings (Item 405).")
  var summary = false
  @ArgumentParser.Flag(help: "List the filings filed on time too, with their due dates.")
  var all = false
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.late(LateRequest(person: selection.selector, issuer: selection.issuer, from: from, to: to, knownAt: knownAt, all: all))
      if summary {
        Output.render(json: report.json(), csv: report.summaryCSV(), table: report.summaryTable(), as: output.format)
      } else {
        Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
      }
    }
  }
}

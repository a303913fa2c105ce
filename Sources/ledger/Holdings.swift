import ArgumentParser
import LedgerCore

struct Holdings: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "holdings",
    abstract: "Show a person's positions as of a date.",
    discussion: """
      For each position line (issuer, security, direct or indirect with its nature, and for derivatives exercise price, expiration and underlying), the balance is the last amount reported on or before --asof: ordered by valid date, filing date, accession, row (per grant, where awards keep balances of their own). Derivative lines show what is exercisable, from their date exercisable or a vesting footnote. Lines with a zero balance, and derivative lines past their expiration, are hidden unless --all is given. The listing ends with what each person beneficially owns per issuer and class (Rule 13d-3).
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Valid time: the date to report positions at (default: today).", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var asof: LedgerDate?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @ArgumentParser.Flag(name: .customLong("all"), help: "Also show lines whose balance is zero, and expired derivative lines.")
  var includeZero = false
  @ArgumentParser.Flag(help: "In the table, list the grants of lines whose awards keep balances of their own.")
  var grants = false
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try selection.required(by: "holdings")
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.holdings(
        HoldingsRequest(
          person: selection.selector, issuer: selection.issuer, asOf: asof ?? LedgerDate.today(), knownAt: knownAt,
          includeZero: includeZero))
      Output.write(json: report.writeJSON, csv: report.writeCSV, table: { report.table(grants: grants) }, as: output.format)
    }
  }
}

import ArgumentParser
import LedgerCore

struct Holdings: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show a person's positions as of a date.",
    discussion: """
      For each position line (issuer, security, direct or indirect with its nature, and for
      derivatives exercise price, expiration and underlying), the balance is the last amount
      reported on or before --asof: ordered by valid date, filing date, accession, row.
      Lines with a zero balance are hidden unless --all is given.
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Valid time: the date to report positions at (default: today).", valueName: "yyyy-mm-dd"))
  var asof: LedgerDate?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"))
  var knownAt: LedgerDate?
  @ArgumentParser.Flag(name: .customLong("all"), help: "Also show lines whose balance is zero.")
  var includeZero = false
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.holdings(
        HoldingsRequest(
          person: selection.selector, issuer: selection.issuer, asOf: asof ?? LedgerDate.today(), knownAt: knownAt,
          includeZero: includeZero))
      Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
    }
  }
}

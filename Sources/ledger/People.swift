import ArgumentParser
import LedgerCore

struct People: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "people",
    abstract: "List the insiders: CIK, names used, issuers, and each one's role as of a date.",
    discussion: """
      One line per person and issuer. The role (director, officer with title, 10% owner, other) is the one the latest filing on or before --asof states.
      """)

  @Option(help: ArgumentHelp("Only this issuer: its CIK, ticker or name.", valueName: "issuer"))
  var issuer: String?
  @Option(help: ArgumentHelp("The date the roles are as of (default: today).", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var asof: LedgerDate?
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.people(PeopleRequest(issuer: issuer, asOf: asof ?? LedgerDate.today()))
      Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
    }
  }
}

struct Issuers: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "issuers",
    abstract: "List the issuers: CIK, tickers, names, and how many filings and insiders the ledger holds.")

  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let report = try database.open(.readOnly).issuers()
      Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
    }
  }
}

struct Filings: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "filings",
    abstract: "List the recorded filings: accession, form, filing date, the file each came from, and its status.")

  @OptionGroup var selection: SelectionOptions
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let request = FilingsRequest(person: selection.selector, issuer: selection.issuer)
      // Written as each filing comes (a table keeps only its cells, for the widths).
      let out = BufferedOutput()
      switch output.format {
      case .json:
        try store.filingsJSON(request, write: out.write)
      case .csv:
        out.write(CSVTable.record(FilingsReport.csvHeader))
        _ = try store.filings(request) { out.write(CSVTable.record(FilingsReport.csvRow($0))) }
      case .table:
        var rows: [[String]] = []
        let report = try store.filings(request) { rows.append(FilingsReport.tableRow($0)) }
        out.write(FilingsReport.table(rows: rows, person: report.person, issuer: report.issuer))
      }
      out.flush()
    }
  }
}

import ArgumentParser
import LedgerCore

struct Amendments: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "amendments",
    abstract: "List amendments (3/A, 4/A, 5/A) and what each amends: linked, pending or ambiguous.",
    discussion: """
      An amendment links to the filing it names (--amends, or "amends" in filing JSON); otherwise to the one filing of the same issuer, owners and form family filed on its dateOfOriginalSubmission, or else the nearest filed within 3 business days after it. Several equally good candidates: ambiguous (nothing is superseded). None: pending (its rows count) until the original is appended.
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Only amendments with this status: linked, pending or ambiguous.", valueName: "status"))
  var status: AmendmentResolved.Status?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @Option(help: ArgumentHelp("Output format: table (for people), json or csv (for programs).", valueName: "format"))
  var format: OutputFormat = .table
  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let request = AmendmentsRequest(person: selection.selector, issuer: selection.issuer, status: status, knownAt: knownAt)
      // Written as each amendment comes (a table keeps only its rows of text, for the widths).
      if format == .json {
        let output = BufferedOutput()
        try store.amendmentsJSON(request, write: output.write)
        output.flush()
      } else if format == .csv {
        var rows: [[String]] = []
        _ = try store.amendments(request) { rows.append(AmendmentsReport.csvRow($0)) }
        Output.print(CSVTable(header: AmendmentsReport.csvHeader, rows: rows).rendered())
      } else {
        var rows: [[String]] = []
        let report = try store.amendments(request) { rows.append(AmendmentsReport.tableRow($0)) }
        Output.print(AmendmentsReport.table(rows: rows, knownAt: report.knownAt))
      }
    }
  }
}

extension AmendmentResolved.Status: ExpressibleByArgument {}

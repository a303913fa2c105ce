import ArgumentParser
import LedgerCore

struct Transactions: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transactions",
    abstract: "List transactions across people, with totals per person or issuer, or clusters.",
    discussion: """
      Every transaction row in force that the selection keeps, with its owner, the owner's role on the filing (director, officer with title, 10% owner, other), and value = shares x price (unknown when either is given only by a footnote). --group-by totals what each person or issuer acquired and disposed of; --cluster DAYS lists runs of at least two insiders transacting at one issuer within that many days (with --code P: cluster buying).
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Only transactions on or after this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var from: LedgerDate?
  @Option(help: ArgumentHelp("Only transactions on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var to: LedgerDate?
  @Option(help: ArgumentHelp("Only these transaction codes, comma-separated (e.g. P,S).", valueName: "codes"))
  var code: String?
  @Option(name: .customLong("min-value"), help: ArgumentHelp("Only transactions worth at least this many dollars.", valueName: "usd"))
  var minValue: String?
  @Option(help: ArgumentHelp("Order: date, or value (largest first).", valueName: "date|value"))
  var sort: String = "date"
  @Option(name: .customLong("group-by"), help: ArgumentHelp("Totals per person or per issuer.", valueName: "person|issuer"))
  var groupBy: String?
  @Option(help: ArgumentHelp("Runs of at least two insiders at one issuer within this many days.", valueName: "days"))
  var cluster: Int?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  func validate() throws {
    if TransactionsRequest.Sort(rawValue: sort) == nil { throw ValidationError("--sort \(sort): use date or value.") }
    if let g = groupBy, TransactionsRequest.Grouping(rawValue: g) == nil { throw ValidationError("--group-by \(g): use person or issuer.") }
    if let m = minValue, Amount(m) == nil { throw ValidationError("--min-value \(m): a number of dollars, such as 100000.") }
    for c in codes where TransactionCode(rawValue: c) == nil { throw ValidationError("--code \(c): not a transaction code (P, S, A, M, F, G...).") }
    if let cluster, cluster < 0 { throw ValidationError("--cluster \(cluster): a number of days, 0 or more.") }
  }

  var codes: [String] { (code ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty } }

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      let report = try store.transactions(
        TransactionsRequest(
          person: selection.selector, issuer: selection.issuer, from: from, to: to, codes: Set(codes.compactMap(TransactionCode.init(rawValue:))),
          minValue: minValue.flatMap { Amount($0) }, knownAt: knownAt, sort: TransactionsRequest.Sort(rawValue: sort) ?? .date,
          groupBy: groupBy.flatMap(TransactionsRequest.Grouping.init(rawValue:)), cluster: cluster))
      // A whole ledger's transactions run to gigabytes of JSON or CSV, written as they are made.
      Output.write(json: report.writeJSON, csv: report.writeCSV, table: report.table, as: output.format)
    }
  }
}

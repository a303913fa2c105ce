import ArgumentParser
import LedgerCore

struct ShortSwing: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shortswing",
    abstract: "Match purchases and sales less than six months apart (Section 16(b)).",
    discussion: """
      The person's purchases (P) and sales (S) of the issuer's equity, and rows of the codes given by --codes (their A/D flag says which), at their reported prices, in the same class (equal titles, ignoring case and spacing), non-derivative only. A purchase and a sale pair when the later date is before the same day six calendar months after the earlier; profit per share = sale price - purchase price, counted when positive; each share is used once. --method max (the default) finds the largest total over all matchings, exactly (Gratz v. Claughton); liho matches the lowest-priced purchase with the highest-priced sale it can, repeatedly (Smolowe v. Delendo). Both totals are shown. Rows whose shares or price are unknown are listed as excluded, with the reason. Not determined: derivative matching, and whether a 10% owner was one at both ends.
      """)

  @OptionGroup var selection: SelectionOptions
  @Option(help: ArgumentHelp("Only transactions on or after this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var from: LedgerDate?
  @Option(help: ArgumentHelp("Only transactions on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var to: LedgerDate?
  @Option(name: .customLong("known-at"), help: ArgumentHelp("Known time: use only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var knownAt: LedgerDate?
  @Option(help: ArgumentHelp("max (the largest total) or liho (lowest-in, highest-out).", valueName: "max|liho"))
  var method: String = "max"
  @Option(help: ArgumentHelp("Other codes to match besides P and S, comma-separated (e.g. A,D).", valueName: "codes"))
  var codes: String?
  @OptionGroup var output: FormatOption
  @OptionGroup var database: DatabaseOptions

  var extraCodes: [String] { (codes ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty } }

  func validate() throws {
    if selection.selector == nil { throw ValidationError("Say whose trades: --person NAME or --cik CIK.") }
    if selection.issuer == nil { throw ValidationError("Say at which issuer: --issuer CIK|TICKER|NAME.") }
    if ShortSwingRequest.Method(rawValue: method) == nil { throw ValidationError("--method \(method): use max or liho.") }
    for c in extraCodes where TransactionCode(rawValue: c) == nil { throw ValidationError("--codes \(c): not a transaction code (A, D, M, F, G...).") }
  }

  func run() throws {
    try reporting {
      let store = try database.open(.readOnly)
      guard let selector = selection.selector, let issuer = selection.issuer else { return }
      let report = try store.shortSwing(
        ShortSwingRequest(
          person: selector, issuer: issuer, from: from, to: to, knownAt: knownAt, method: ShortSwingRequest.Method(rawValue: method) ?? .max,
          codes: Set(extraCodes.compactMap(TransactionCode.init(rawValue:)))))
      Output.render(json: report.json(), csv: report.csv(), table: report.table(), as: output.format)
    }
  }
}

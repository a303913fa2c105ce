import Foundation
import LedgerCore
import Testing

@Suite struct ReconcileTests {
  let store = try! LedgerStore()
  let jane = PersonSelector.cik(CIK("777")!)
  var sequence = 0

  mutating func file(
    _ date: String, _ rows: [ReportedRow] = [], holdings: [ReportedRow] = [], form: FormType = .form4, footnotes: [Footnote] = [],
    table2: [ReportedRow] = [], holdings2: [ReportedRow] = []
  ) throws {
    sequence += 1
    try store.append(
      Filings.imported(
        Filings.document(
          form: form, period: date, accession: String(format: "0000000001-24-%06d", sequence), filed: date, table1: rows,
          holdings1: holdings, table2: table2, holdings2: holdings2, footnotes: footnotes)))
  }

  func breaks() throws -> [String: [Break]] {
    var out: [String: [Break]] = [:]
    for line in try store.reconcile(ReconcileRequest(person: jane)).lines { out[line.label] = line.breaks }
    return out
  }

  @Test mutating func consistentTalliesHaveNoBreaks() throws {
    try file("2024-01-02", form: .form3)
    try file("2024-01-02", holdings: [Filings.holding("100")], form: .form3)
    try file("2024-02-01", [Filings.trade("2024-02-01", shares: "50", after: "150"), Filings.trade("2024-02-01", code: .S, .disposed, shares: "20", after: "130")])
    let report = try store.reconcile(ReconcileRequest(person: jane))
    #expect(report.lines.isEmpty)
    #expect(report.linesChecked == 1)
  }

  @Test mutating func aHistoryStartingMidWayIsAFirstAppearance() throws {
    try file("2024-02-01", [Filings.trade("2024-02-01", code: .S, .disposed, shares: "20", after: "980")])
    let b = try #require(try breaks()["Common Stock · D"]?.first)
    #expect(b.previous == nil)
    #expect(b.expected == Amount(-20))
    #expect(b.reported == Amount(980))
    #expect(b.difference == Amount(1000))
    #expect(b.cause == .firstAppearance)
  }

  @Test mutating func anExactMultipleIsASplit() throws {
    try file("2024-01-02", [Filings.trade("2024-01-02", shares: "100", after: "1000")])
    try file("2024-09-02", [Filings.trade("2024-09-02", code: .S, .disposed, shares: "500", after: "2500")])
    let b = try #require(try breaks()["Common Stock · D"]?.last)
    #expect(b.previous == Amount(1000))
    #expect(b.reported - (b.delta ?? .zero) == Amount(3000))
    #expect(b.cause == .split(ratio: 3))
    #expect(b.cause?.text.hasPrefix("split 3:1") == true)
  }

  @Test mutating func aFlagThatContradictsTheChangeIsFlaggedNotFlipped() throws {
    try file("2024-01-02", [Filings.trade("2024-01-02", shares: "100", after: "1000")])
    // A sale marked A: the balance fell by the amount.
    try file("2024-01-09", [Filings.trade("2024-01-09", code: .S, .acquired, shares: "100", after: "900")])
    let b = try #require(try breaks()["Common Stock · D"]?.last)
    #expect(b.expected == Amount(1100))
    #expect(b.reported == Amount(900))
    #expect(b.cause == .flagContradiction(flag: .acquired, code: .S))
    // Holdings still show what was reported.
    let h = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-02-01")!))
    #expect(h.positions.first?.balance == Amount(900))
    #expect(h.positions.first?.deltaSum == Amount(200))
  }

  @Test mutating func anUnreportedMoveBetweenDirectAndTrustNetsToZero() throws {
    try file("2024-01-02", [
      Filings.trade("2024-01-02", shares: "100", after: "1000"),
      Filings.trade("2024-01-02", shares: "10", after: "500", ownership: .indirect, nature: "By Trust"),
    ])
    // 300 shares went from the direct line to the trust without a row saying so.
    try file("2024-03-04", [
      Filings.trade("2024-03-04", code: .S, .disposed, shares: "100", after: "600"),
      Filings.trade("2024-03-04", code: .S, .disposed, shares: "100", after: "700", ownership: .indirect, nature: "By Trust"),
    ])
    let all = try breaks()
    let direct = try #require(all["Common Stock · D"]?.last)
    let trust = try #require(all["Common Stock · I: By Trust"]?.last)
    #expect(direct.difference == Amount(-300))
    #expect(trust.difference == Amount(300))
    #expect(direct.cause == .movedBetweenLines(other: "the indirect line (By Trust)", date: LedgerDate("2024-03-04")!))
    #expect(trust.cause == .movedBetweenLines(other: "the direct line", date: LedgerDate("2024-03-04")!))
  }

  /// Two trusts, each "See Footnote" citing the footnote that names it, numbered the other way
  /// round in the second filing: each is a line labelled with its footnote, and 300 shares
  /// moved from one to the other without a row pair up as a move, as between direct and a trust.
  @Test mutating func anUnreportedMoveBetweenTwoFootnotedTrustsNetsToZero() throws {
    func row(_ date: String, _ code: TransactionCode, _ ad: AcquiredDisposed, after: String, note: String) -> ReportedRow {
      var r = Filings.trade(date, code: code, ad, shares: "100", after: after, ownership: .indirect, nature: "See Footnote")
      r.ownershipNature.natureOfOwnership?.footnoteIds = [note]
      return r
    }
    let alpha = "These shares are held by the Alpha Trust.", beta = "These shares are held by the Beta Trust."
    try file(
      "2024-01-02", [row("2024-01-02", .P, .acquired, after: "1000", note: "F1"), row("2024-01-02", .P, .acquired, after: "500", note: "F2")],
      footnotes: [Footnote(id: "F1", text: alpha), Footnote(id: "F2", text: beta)])
    try file(
      "2024-03-04", [row("2024-03-04", .S, .disposed, after: "600", note: "F2"), row("2024-03-04", .S, .disposed, after: "700", note: "F1")],
      footnotes: [Footnote(id: "F1", text: beta), Footnote(id: "F2", text: alpha)])
    let report = try store.reconcile(ReconcileRequest(person: jane))
    #expect(report.lines.map(\.label) == ["Common Stock · I: See Footnote [F2]", "Common Stock · I: See Footnote [F1]"])
    #expect(report.lines.map { $0.natureFootnotes.map(\.text) } == [[alpha], [beta]])
    let (fromAlpha, toBeta) = (try #require(report.lines.first?.breaks.last), try #require(report.lines.last?.breaks.last))
    #expect(fromAlpha.difference == Amount(-300))
    #expect(toBeta.difference == Amount(300))
    #expect(fromAlpha.cause == .movedBetweenLines(other: "the indirect line (See Footnote [F1])", date: LedgerDate("2024-03-04")!))
    #expect(toBeta.cause == .movedBetweenLines(other: "the indirect line (See Footnote [F2])", date: LedgerDate("2024-03-04")!))
    #expect(report.table().contains("Common Stock · I: See Footnote [F2]\n[F2] \(alpha)\n"))
  }

  /// Form 3's Table II gives preferred stock only as the common shares it converts into (10 per
  /// share): the line opens at 38,110 underlying shares. The conversion of all 3,811 preferred
  /// shares to 0 chains with it at the row's own ratio; converting 1,000 to 0 does not.
  @Test mutating func aConversionChainsWithAnOpeningGivenInUnderlyingShares() throws {
    let preferred = "Series A2 Preferred Shares"
    try file("2020-12-11", form: .form3, holdings2: [Filings.derivative(after: nil, security: preferred, underlyingShares: "38110")])
    try file(
      "2020-12-15",
      table2: [Filings.derivative("2020-12-15", code: .C, .disposed, shares: "3811", after: "0", security: preferred, underlyingShares: "38110")])
    #expect(try breaks().isEmpty)

    try file("2021-01-04", form: .form3, holdings2: [Filings.derivative(after: nil, security: "Series B", underlyingShares: "38110")])
    try file(
      "2021-01-05", table2: [Filings.derivative("2021-01-05", code: .C, .disposed, shares: "1000", after: "0", security: "Series B", underlyingShares: "10000")])
    let b = try #require(try breaks()["Series B · D"]?.first)
    #expect(b.previous == Amount(38110))
    #expect(b.reported == Amount(0))
  }

  /// A holding row is the filer's tally on its date: a jump it shows is one break, and the
  /// rows after it chain from it rather than from the last transaction before the jump.
  @Test mutating func aHoldingsTallyIsWhatTheNextRowsChainFrom() throws {
    try file("2024-01-02", holdings: [Filings.holding("1000")], form: .form3)
    // Shares received without a row (a fund's distribution in kind), shown by holdings.
    try file("2024-02-01", holdings: [Filings.holding("1500")])
    try file("2024-03-01", holdings: [Filings.holding("1500")])
    try file("2024-04-01", [Filings.trade("2024-04-01", code: .S, .disposed, shares: "100", after: "1400")])
    let b = try #require(try breaks()["Common Stock · D"])
    #expect(b.count == 1)
    #expect(b.first?.date == LedgerDate("2024-02-01"))
    #expect(b.first?.previous == Amount(1000))
    #expect(b.first?.difference == Amount(500))
  }

  @Test mutating func aForm5WhoseTallyDoesNotFitIsNamed() throws {
    try file("2024-01-02", holdings: [Filings.holding("1000")], form: .form3)
    try file("2024-03-01", [Filings.trade("2024-03-01", code: .S, .disposed, shares: "10", after: "990")])
    // Filed the next year: a February gift. Its own tally fits, but the March Form 4 row, which
    // did not count the gift, no longer fits after it.
    try file("2025-02-10", [Filings.trade("2024-02-01", code: .G, .disposed, shares: "50", after: "950")], form: .form5)
    let b = try #require(try breaks()["Common Stock · D"])
    #expect(b.count == 1)
    #expect(b[0].form == .form4)
    #expect(b[0].previousForm == .form5)
    #expect(b[0].cause == .form5(filing: FilingID(rawValue: "0000000001-24-000003"), previous: true))
  }

  @Test mutating func theJSONAndCSVCarryEveryBreak() throws {
    try file("2024-01-02", [Filings.trade("2024-01-02", shares: "100", after: "1000")])
    try file("2024-09-02", [Filings.trade("2024-09-02", code: .S, .disposed, shares: "500", after: "2500")])
    let report = try store.reconcile(ReconcileRequest(person: jane))
    let json = report.json().rendered()
    #expect(json.contains(#""kind": "split""#))
    #expect(json.contains(#""ratio": 3"#))
    #expect(json.contains(#""difference": 2000"#))
    #expect(report.csv().rows.count == 2)
  }
}

import Foundation
@testable import LedgerCore
import Testing

/// What an insider owns beyond the last reported row: grants with balances of their own, line
/// identity, exercisable amounts, stale lines, exercise pairs.
@Suite struct OwnershipTests {
  let store = try! LedgerStore()
  let jane = PersonSelector.cik(CIK("777")!)

  func append(_ doc: OwnershipDocument) throws {
    try store.append(Filings.imported(doc))
  }

  func positions(_ asOf: String, all: Bool = false) throws -> [Position] {
    try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate(asOf)!, includeZero: all)).positions
  }

  /// Appends a filing of one option grant (at $10, expiring 2030-01-01) whose date exercisable
  /// cites footnote F1, `vesting`.
  func grantOption(on date: String, accession: String, filed: String, shares: String, after: String, vesting: String) throws {
    try append(Filings.document(
      period: date, accession: accession, filed: filed,
      table2: [
        Filings.derivative(
          date, code: .A, shares: shares, after: after, security: "Stock Option (right to buy)", price: "10", expires: "2030-01-01",
          exercisableFootnotes: ["F1"])
      ], footnotes: [Footnote(id: "F1", text: vesting)]))
  }

  // MARK: - Line identity

  /// A filer writes "Common Stock" on one row and "Common" on the next for the same units.
  @Test func anUnderlyingTitleVaryingAcrossRowsKeepsOneLine() throws {
    try append(Filings.document(
      period: "2024-01-10", accession: "0000000001-24-000001", filed: "2024-01-11",
      table2: [Filings.derivative("2024-01-10", code: .A, shares: "1000", after: "1000", underlying: "Common Stock")]))
    try append(Filings.document(
      period: "2024-06-10", accession: "0000000001-24-000002", filed: "2024-06-11",
      table2: [Filings.derivative("2024-06-10", code: .M, .disposed, shares: "250", after: "750", underlying: "Common")]))
    let lines = try positions("2024-12-31", all: true)
    #expect(lines.count == 1)
    #expect(lines.first?.balance == Amount(750))
    // The latest title is shown.
    #expect(lines.first?.underlying == "Common")
  }

  @Test func aNatureDifferingOnlyInPunctuationKeepsOneLine() throws {
    try append(Filings.document(
      period: "2024-01-10", accession: "0000000001-24-000001", filed: "2024-01-11",
      table1: [Filings.trade("2024-01-10", shares: "1100", after: "1100", ownership: .indirect, nature: "By The Founders Fund IV, LP")]))
    try append(Filings.document(
      period: "2024-02-10", accession: "0000000001-24-000002", filed: "2024-02-12",
      table1: [Filings.trade("2024-02-10", code: .S, .disposed, shares: "100", after: "1000", ownership: .indirect, nature: "By The Founders  Fund IV LP")]))
    let lines = try positions("2024-12-31")
    #expect(lines.count == 1)
    #expect(lines.first?.balance == Amount(1000))
    #expect(try store.reconcile(ReconcileRequest(person: jane)).lines.isEmpty)
  }

  // MARK: - Grants

  /// Two awards on one day, each "after" its own amount, then an older award settles to 0.
  @Test func twoGrantsThenASettlementLeaveTheTwoGrants() throws {
    try append(Filings.document(
      period: "2023-03-01", accession: "0000000001-23-000001", filed: "2023-03-03",
      table2: [Filings.derivative("2023-03-01", code: .A, shares: "277206", after: "277206")]))
    try append(Filings.document(
      period: "2024-03-01", accession: "0000000001-24-000001", filed: "2024-03-04",
      table2: [
        Filings.derivative("2024-03-01", code: .A, shares: "48932", after: "48932"),
        Filings.derivative("2024-03-01", code: .A, shares: "146795", after: "146795"),
      ]))
    try append(Filings.document(
      period: "2024-03-15", accession: "0000000001-24-000002", filed: "2024-03-18",
      table1: [Filings.trade("2024-03-15", code: .M, shares: "277206", after: "277206", price: "0")],
      table2: [Filings.derivative("2024-03-15", code: .M, .disposed, shares: "277206", after: "0")]))
    let units = try #require(try positions("2024-12-31").first { $0.derivative })
    #expect(units.balance == Amount(195_727))
    #expect(units.grants.map(\.shares) == [Amount(48_932), Amount(146_795)])
    #expect(units.grants.map(\.number) == [2, 3])
    // `holdings --grants` lists them under the line.
    let table = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-12-31")!)).table(grants: true)
    #expect(table.contains("grant 2: opened 2024-03-01 by 0000000001-24-000001 II T0"))
    #expect(table.contains("grant 3: opened 2024-03-01 by 0000000001-24-000001 II T1"))
    // Read as one tally the line would hold 0; per grant nothing breaks.
    let reconcile = try store.reconcile(ReconcileRequest(person: jane))
    #expect(reconcile.lines.allSatisfy { !$0.derivative })
    let history = try store.history(HistoryRequest(person: jane))
    #expect(history.entries.filter(\.derivative).map(\.grant) == [1, 2, 3, 1])
    #expect(history.entries.filter(\.derivative).last?.balance == Amount(195_727))
  }

  @Test func aLineWhoseRowsChainIsOneGrant() throws {
    try append(Filings.document(
      period: "2024-01-10", accession: "0000000001-24-000001", filed: "2024-01-11",
      table2: [Filings.derivative("2024-01-10", code: .A, shares: "100", after: "100")]))
    try append(Filings.document(
      period: "2024-02-10", accession: "0000000001-24-000002", filed: "2024-02-12",
      table2: [Filings.derivative("2024-02-10", code: .A, shares: "50", after: "150"), Filings.derivative("2024-02-10", code: .M, .disposed, shares: "30", after: "120")]))
    let line = try #require(try positions("2024-12-31").first)
    #expect(line.balance == Amount(120))
    #expect(line.grants.count == 1)
  }

  // MARK: - Exercisable

  @Test func aPartialExerciseReducesWhatIsExercisable() throws {
    try grantOption(
      on: "2020-01-01", accession: "0000000001-20-000001", filed: "2020-01-03", shares: "1000", after: "1000",
      vesting: "The option vests in four equal annual installments beginning on January 1, 2021.")
    #expect(try positions("2021-06-01").first?.exercisable == Amount(250))
    try append(Filings.document(
      period: "2021-06-01", accession: "0000000001-21-000001", filed: "2021-06-03",
      table2: [
        Filings.derivative("2021-06-01", code: .M, .disposed, shares: "200", after: "800", security: "Stock Option (right to buy)", price: "10", expires: "2030-01-01")
      ]))
    #expect(try positions("2021-06-01").first?.exercisable == Amount(50))
    #expect(try positions("2022-06-01").first?.exercisable == Amount(300))
    // Cancelled units reduce what is exercisable too, never below zero.
    try append(Filings.document(
      period: "2021-07-01", accession: "0000000001-21-000002", filed: "2021-07-03",
      table2: [
        Filings.derivative("2021-07-01", code: .D, .disposed, shares: "700", after: "100", security: "Stock Option (right to buy)", price: "10", expires: "2030-01-01")
      ]))
    #expect(try positions("2021-08-01").first?.exercisable == Amount.zero)
    // 750 vested by 2023-06-01, 900 exercised or cancelled: none.
    #expect(try positions("2023-06-01").first?.exercisable == Amount.zero)
    // All 1,000 vested by 2024-01-01, 900 gone: the 100 left.
    #expect(try positions("2024-01-01").first?.exercisable == Amount(100))
  }

  @Test func aDateExercisableIsTheSchedule() throws {
    try append(Filings.document(
      period: "2020-01-01", accession: "0000000001-20-000001", filed: "2020-01-03",
      table2: [
        Filings.derivative(
          "2020-01-01", code: .A, shares: "500", after: "500", security: "Stock Option (right to buy)", price: "10", expires: "2030-01-01",
          exercisable: "2021-01-01")
      ]))
    let before = try #require(try positions("2020-12-31").first)
    #expect(before.exercisable == Amount.zero)
    #expect(before.vesting?.basis == .exerciseDate)
    #expect(before.vesting?.schedule == [Installment(date: LedgerDate("2021-01-01")!, shares: Amount(500))])
    #expect(try positions("2021-01-01").first?.exercisable == Amount(500))
  }

  @Test func twoTranchesMergeIntoOneScheduleByDate() throws {
    try grantOption(
      on: "2020-01-01", accession: "0000000001-20-000001", filed: "2020-01-03", shares: "1000", after: "1000",
      vesting: "The option vests in four equal annual installments beginning on January 1, 2021.")
    try grantOption(
      on: "2021-01-01", accession: "0000000001-21-000001", filed: "2021-01-04", shares: "400", after: "1400",
      vesting: "The option vests in two equal annual installments beginning on January 1, 2022.")
    let line = try #require(try positions("2021-06-01").first)
    // The dates both tranches share add up; each date once, in order.
    #expect(
      line.vesting?.schedule == [
        Installment(date: LedgerDate("2021-01-01")!, shares: Amount(250)), Installment(date: LedgerDate("2022-01-01")!, shares: Amount(450)),
        Installment(date: LedgerDate("2023-01-01")!, shares: Amount(450)), Installment(date: LedgerDate("2024-01-01")!, shares: Amount(250)),
      ])
    #expect(line.exercisable == Amount(250))
    #expect(try positions("2023-06-01").first?.exercisable == Amount(1150))
  }

  @Test func aPerformanceConditionStaysUnknownWithItsFootnote() throws {
    let text = "Shares subject to the option become vested and exercisable upon the Issuer's achievement of certain performance objectives set forth in the option agreement."
    try grantOption(on: "2020-01-01", accession: "0000000001-20-000001", filed: "2020-01-03", shares: "500", after: "500", vesting: text)
    let report = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2025-01-01")!))
    let p = try #require(report.positions.first)
    #expect(p.exercisable == nil)
    #expect(p.vesting?.rule == "unknown")
    #expect(p.vesting?.basis == nil)
    #expect(p.vestingFootnotes == [FootnoteRef(id: "F1", text: text)])
    // Rule 13d-3 leaves it out and counts it.
    #expect(report.beneficialOwnership.first?.rightToAcquire == Amount.zero)
    #expect(report.beneficialOwnership.first?.unknownLines == 1)
    #expect(report.beneficialOwnership.first?.lines == 0)
  }

  @Test func beneficialOwnershipAddsSharesAndRightsByClass() throws {
    try append(Filings.document(
      period: "2020-01-01", accession: "0000000001-20-000001", filed: "2020-01-03",
      table1: [
        Filings.trade("2020-01-01", shares: "100", after: "1000"),
        Filings.trade("2020-01-01", shares: "10", after: "500", security: "common  STOCK", ownership: .indirect, nature: "By Trust"),
        Filings.trade("2020-01-01", shares: "5", after: "70", security: "Class A Common Stock"),
      ],
      table2: [
        Filings.derivative(
          "2020-01-01", code: .A, shares: "300", after: "300", security: "Stock Option (right to buy)", price: "10", expires: "2030-01-01",
          exercisable: "2020-02-15")
      ]))
    let report = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2020-01-01")!))
    let common = try #require(report.beneficialOwnership.first { $0.security == "Common Stock" })
    #expect(common.shares == Amount(1500))
    // Exercisable on 2020-02-15, within 60 days of 2020-01-01.
    #expect(common.rightToAcquire == Amount(300))
    #expect(common.total == Amount(1800))
    #expect(common.lines == 3)
    let classA = try #require(report.beneficialOwnership.first { $0.security == "Class A Common Stock" })
    #expect(classA.total == Amount(70))
    // Sixty days before the date exercisable, the option is not yet a right to acquire.
    let early = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2019-12-01")!))
    #expect(early.beneficialOwnership.isEmpty)
  }

  // MARK: - Stale lines

  /// A Form 3 reports preferred stock; at the IPO the Form 4 converts it under another title.
  @Test func aForm3LineNeverReportedAgainIsListedAsStale() throws {
    try append(Filings.document(
      form: .form3, period: "2021-01-04", accession: "0000000001-21-000001", filed: "2021-01-05",
      holdings1: [Filings.holding("5000")],
      holdings2: [Filings.derivative(after: nil, security: "Series A Preferred Stock", underlyingShares: "1000")]))
    try append(Filings.document(
      period: "2021-03-01", accession: "0000000001-21-000002", filed: "2021-03-02",
      table1: [Filings.trade("2021-03-01", code: .C, shares: "1000", after: "6000", price: nil)],
      table2: [Filings.derivative("2021-03-01", code: .C, .disposed, shares: "1000", after: "0", security: "Series A Convertible Preferred Stock")]))
    let report = try store.reconcile(ReconcileRequest(person: jane))
    #expect(report.staleLines.map(\.security) == ["Series A Preferred Stock"])
    #expect(report.staleLines.first?.balance == Amount(1000))
    #expect(report.staleLines.first?.laterSecurity == "Series A Convertible Preferred Stock")
    // The Form 3 holding reports only the underlying amount: that is the line's amount.
    let preferred = try #require(try positions("2021-02-01").first { $0.security == "Series A Preferred Stock" })
    #expect(preferred.balance == Amount(1000))
    #expect(preferred.sharesFrom == .underlying)
  }

  /// Conversions hit both tables: the two rows are linked and neither is a first appearance.
  @Test func aConversionPairIsLinkedAndRaisesNoBreak() throws {
    try append(Filings.document(
      period: "2021-03-01", accession: "0000000001-21-000002", filed: "2021-03-02",
      table1: [Filings.trade("2021-03-01", code: .C, shares: "1000", after: "1000", price: nil)],
      table2: [Filings.derivative("2021-03-01", code: .C, .disposed, shares: "1000", after: "0", security: "Series A Preferred Stock")]))
    let history = try store.history(HistoryRequest(person: jane))
    #expect(history.entries.map(\.linkedRow) == ["derivativeTable.transactions[0]", "nonDerivativeTable.transactions[0]"])
    #expect(try store.reconcile(ReconcileRequest(person: jane)).lines.isEmpty)
  }
}

/// The same rules on real filings of `../shared/edgar`.
@Suite struct OwnershipCorpusTests {
  /// Tesla's 2010 Form 3 reports Musk's preferred stock by its underlying amount only.
  @Test(.needsCorpus) func aForm3DerivativeHoldingHasItsUnderlyingAmount() throws {
    let report = try Corpus.store.holdings(
      HoldingsRequest(person: .cik(CIK("1494730")!), issuer: "1318605", asOf: LedgerDate("2010-06-30")!))
    let preferred = try #require(report.positions.first { $0.security == "Series A Preferred Stock" })
    #expect(preferred.balance == Amount(4_880_343))
    #expect(preferred.sharesFrom == .underlying)
    #expect(preferred.json.rendered().contains(#""sharesFrom": "underlying""#))
  }

  /// Arthur Levinson exercises 17,500 director options at Apple (M on both tables) and sells.
  @Test(.needsCorpus) func anExercisePairIsLinkedInHistoryAndRaisesNoBreak() throws {
    let levinson = PersonSelector.cik(CIK("1214128")!)
    let history = try Corpus.store.history(HistoryRequest(person: levinson))
    let option = try #require(history.entries.first { $0.derivative && $0.code == .M })
    #expect(option.linkedRow == "nonDerivativeTable.transactions[0]")
    let common = try #require(history.entries.first { !$0.derivative && $0.code == .M })
    #expect(common.linkedRow == "derivativeTable.transactions[0]")
    #expect(common.shares == Amount(17_500))
    // Both rows are the first of their lines in the ledger: the pair explains them.
    let reconcile = try Corpus.store.reconcile(ReconcileRequest(person: levinson))
    #expect(reconcile.linesChecked == 3)
    #expect(reconcile.lines.isEmpty)
  }

  /// Musk's 2010 Form 3 lists two option grants at $6.63 expiring 2016-12-03 (one vesting
  /// monthly, one on performance milestones); later filings word them differently.
  @Test(.needsCorpus) func twoGrantsOfOneForm3AreBothHeldAndTheLineIsListedAsStale() throws {
    let musk = PersonSelector.cik(CIK("1494730")!)
    let report = try Corpus.store.holdings(HoldingsRequest(person: musk, issuer: "1318605", asOf: LedgerDate("2010-06-30")!))
    let options = try #require(report.positions.first { $0.security == "Option to Buy (Common Stock)" })
    #expect(options.balance == Amount(3_355_986 + 3_335_986))
    #expect(options.grants.map(\.shares) == [Amount(3_355_986), Amount(3_335_986)])
    // One grant's terms are a performance condition: what is exercisable is unknown.
    #expect(options.exercisable == nil)
    let reconcile = try Corpus.store.reconcile(ReconcileRequest(person: musk, issuer: "1318605"))
    #expect(reconcile.staleLines.contains { $0.security == "Option to Buy (Common Stock)" })
  }
}

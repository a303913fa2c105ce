import Foundation
import LedgerCore
import Testing

@Suite struct HoldingsTests {
  let store = try! LedgerStore()
  let jane = PersonSelector.cik(CIK("777")!)

  func balance(_ asOf: String, _ store: LedgerStore? = nil) throws -> [String: String] {
    let report = try (store ?? self.store).holdings(HoldingsRequest(person: jane, asOf: LedgerDate(asOf)!, includeZero: true))
    var out: [String: String] = [:]
    for p in report.positions {
      out[p.security + (p.ownership == .indirect ? " / " + p.nature : "")] = p.balance?.description ?? "unknown"
    }
    return out
  }

  @Test func theBalanceIsTheLastReportedAmountOnOrBeforeTheDate() throws {
    try store.append(Filings.imported(Filings.document(
      period: "2024-01-10", accession: "0000000001-24-000001", filed: "2024-01-11",
      table1: [Filings.trade("2024-01-10", shares: "100", after: "1100"), Filings.trade("2024-01-10", code: .S, .disposed, shares: "50", after: "1050")])))
    try store.append(Filings.imported(Filings.document(
      period: "2024-02-10", accession: "0000000001-24-000002", filed: "2024-02-12",
      table1: [Filings.trade("2024-02-10", code: .S, .disposed, shares: "50", after: "1000")])))
    #expect(try balance("2024-01-09") == [:])
    #expect(try balance("2024-01-10") == ["Common Stock": "1050"])
    #expect(try balance("2024-02-09") == ["Common Stock": "1050"])
    #expect(try balance("2024-02-10") == ["Common Stock": "1000"])
  }

  @Test func aLateFilingAboutAnEarlierDateCountsAtItsValidDate() throws {
    try store.append(Filings.imported(Filings.document(
      period: "2024-03-01", accession: "0000000001-24-000010", filed: "2024-03-02", table1: [Filings.trade("2024-03-01", shares: "10", after: "30")])))
    // Filed in June about January: valid time is January.
    try store.append(Filings.imported(Filings.document(
      form: .form5, period: "2024-01-15", accession: "0000000001-24-000020", filed: "2024-06-01",
      table1: [Filings.trade("2024-01-15", code: .G, .disposed, shares: "5", after: "20")])))
    #expect(try balance("2024-02-01") == ["Common Stock": "20"])
    #expect(try balance("2024-03-01") == ["Common Stock": "30"])
  }

  @Test func onTheSameDateTheLaterFilingThenAccessionThenRowWins() throws {
    try store.append(Filings.imported(Filings.document(
      period: "2024-04-01", accession: "0000000001-24-000031", filed: "2024-04-03", table1: [Filings.trade("2024-04-01", shares: "1", after: "300")])))
    try store.append(Filings.imported(Filings.document(
      period: "2024-04-01", accession: "0000000001-24-000030", filed: "2024-04-03",
      table1: [Filings.trade("2024-04-01", shares: "1", after: "100"), Filings.trade("2024-04-01", shares: "1", after: "200")])))
    try store.append(Filings.imported(Filings.document(
      period: "2024-04-01", accession: "0000000001-24-000001", filed: "2024-04-02", table1: [Filings.trade("2024-04-01", shares: "1", after: "50")])))
    // Filed 04-03 beats filed 04-02; among those, accession ...031 beats ...030.
    #expect(try balance("2024-04-01") == ["Common Stock": "300"])
  }

  @Test func zeroLinesAreHiddenUnlessAskedAndFootnoteOnlyBalancesStayUnknown() throws {
    var row = Filings.trade("2024-05-01", code: .S, .disposed, shares: "10", after: "0")
    try store.append(Filings.imported(Filings.document(period: "2024-05-01", accession: "0000000001-24-000040", filed: "2024-05-02", table1: [row])))
    row = Filings.holding("0", ownership: .indirect, nature: "By Spouse")
    row.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(nil, footnoteIds: ["F1"]))
    try store.append(Filings.imported(Filings.document(
      period: "2024-05-01", accession: "0000000001-24-000041", filed: "2024-05-02", holdings1: [row],
      footnotes: [Footnote(id: "F1", text: "Held by spouse; amount not disclosed.")])))
    let shown = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-06-01")!))
    #expect(shown.positions.count == 1)
    let spouse = try #require(shown.positions.first)
    #expect(spouse.balance == nil)
    #expect(spouse.balanceFootnotes == [FootnoteRef(id: "F1", text: "Held by spouse; amount not disclosed.")])
    let json = shown.json().rendered()
    #expect(json.contains(#""shares": null"#))
    #expect(json.contains("Held by spouse; amount not disclosed."))
    #expect(try balance("2024-06-01") == ["Common Stock": "0", "Common Stock / By Spouse": "unknown"])
  }

  @Test func titlesDifferingInCaseOrSpacingAreOneLine() throws {
    try store.append(Filings.imported(Filings.document(
      period: "2024-01-02", accession: "0000000001-24-000050", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "5", after: "5", security: "Common Stock")])))
    try store.append(Filings.imported(Filings.document(
      period: "2024-01-09", accession: "0000000001-24-000051", filed: "2024-01-10", table1: [Filings.trade("2024-01-09", shares: "5", after: "10", security: "COMMON  stock")])))
    let report = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-02-01")!))
    #expect(report.positions.count == 1)
    #expect(report.positions.first?.security == "COMMON  stock")
    #expect(report.positions.first?.balance == Amount(10))
    #expect(report.positions.first?.deltaSum == Amount(10))
  }

  /// Appends a filing of one purchase of 5 shares by `name`, filed the day after `date`.
  func appendTrade(by name: String, cik: String, accession: String, on date: String = "2024-01-02", after: String = "5") throws {
    let filed = LedgerDate(date)!.adding(days: 1).description
    try store.append(Filings.imported(Filings.document(
      period: date, accession: accession, filed: filed, owners: [Filings.owner(name, cik: cik)],
      table1: [Filings.trade(date, shares: "5", after: after)])))
  }

  @Test func twoOptionGrantsAreTwoLines() throws {
    try store.append(Filings.imported(Filings.document(
      period: "2024-01-02", accession: "0000000001-24-000060", filed: "2024-01-03",
      table2: [Filings.grant("2024-01-02", options: "100", after: "100", price: "5", expires: "2030-01-02"), Filings.grant("2024-01-02", options: "200", after: "200", price: "7.5", expires: "2031-01-02")])))
    let report = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-02-01")!))
    #expect(report.positions.map { $0.exercisePrice?.description } == ["5", "7.5"])
    #expect(report.positions.map { $0.balance?.description } == ["100", "200"])
  }

  @Test func personMatchingIsCaseInsensitiveAndAmbiguityListsEveryone() throws {
    try appendTrade(by: "SMITH JOHN", cik: "1", accession: "0000000001-24-000070")
    try appendTrade(by: "SMITHERS WAYLON", cik: "2", accession: "0000000001-24-000071")
    #expect(try store.holdings(HoldingsRequest(person: .name("smithers"), asOf: LedgerDate("2024-02-01")!)).positions.count == 1)
    #expect(throws: LedgerError.ambiguousPerson(query: "smith", matches: ["SMITH JOHN (CIK 0000000001)", "SMITHERS WAYLON (CIK 0000000002)"])) {
      try store.holdings(HoldingsRequest(person: .name("smith"), asOf: LedgerDate("2024-02-01")!))
    }
    #expect(throws: LedgerError.noMatch(what: #"person matches "jones" in the ledger"#)) {
      try store.holdings(HoldingsRequest(person: .name("jones"), asOf: LedgerDate("2024-02-01")!))
    }
    // LIKE wildcards are plain text.
    #expect(throws: LedgerError.self) { try store.holdings(HoldingsRequest(person: .name("%"), asOf: LedgerDate("2024-02-01")!)) }
  }

  @Test func personMatchingFoldsCaseBeyondASCIIAndSearchesEarlierNames() throws {
    try appendTrade(by: "ÉMILE ZOLA-ÅSTRÖM", cik: "3", accession: "0000000001-24-000080")
    // The same person later files under another name: both names find them.
    try appendTrade(by: "ZOLA EMILE", cik: "3", accession: "0000000001-24-000081", on: "2024-02-02", after: "10")
    for query in ["émile zola", "ÅSTRÖM", "zola-åst", "Zola Emile", "emile"] {
      let report = try store.holdings(HoldingsRequest(person: .name(query), asOf: LedgerDate("2024-03-01")!))
      #expect(report.positions.map { $0.balance?.description } == ["10"], "\(query)")
    }
    #expect(throws: LedgerError.self) { try store.holdings(HoldingsRequest(person: .name("ästrom"), asOf: LedgerDate("2024-03-01")!)) }
  }

  @Test func anAmbiguousNameNamesTheFirstTwentyPeopleAndCountsTheRest() throws {
    for i in 1...25 {
      try appendTrade(by: String(format: "ANDERSON %02d", i), cik: String(1000 + i), accession: String(format: "0000000001-24-%06d", 100 + i))
    }
    let everyone = (1...25).map { String(format: "ANDERSON %02d (CIK %010d)", $0, 1000 + $0) }
    let expected = LedgerError.ambiguousPerson(query: "anderson", matches: everyone)
    #expect(throws: expected) { try store.holdings(HoldingsRequest(person: .name("anderson"), asOf: LedgerDate("2024-02-01")!)) }
    #expect(
      expected.errorDescription
        == "\"anderson\" matches 25 people: " + everyone.prefix(20).joined(separator: "; ") + "; and 5 more; use --cik or a longer name")
  }

  /// A name many issuers share (or a ticker reused over the years) is answered the same way.
  @Test func anAmbiguousIssuerNamesTheFirstTwentyAndCountsTheRest() throws {
    for i in 1...25 {
      try store.append(Filings.imported(Filings.document(
        period: "2024-01-02", accession: String(format: "0000000001-24-%06d", 200 + i), filed: "2024-01-03",
        issuer: Filings.issuer(String(format: "ANDERSON HOLDINGS %02d", i), cik: String(2000 + i), ticker: nil),
        table1: [Filings.trade("2024-01-02", shares: "5", after: "5")])))
    }
    do {
      _ = try store.holdings(HoldingsRequest(person: .cik(CIK("777")!), issuer: "anderson holdings", asOf: LedgerDate("2024-02-01")!))
      Issue.record("no error")
    } catch {
      let text = error.errorDescription ?? ""
      #expect(text.hasPrefix("\"anderson holdings\" matches 25 issuers: ANDERSON HOLDINGS 01 (CIK 0000002001)"))
      #expect(text.hasSuffix("; and 5 more; use --issuer CIK"))
      #expect(text.components(separatedBy: "; ").count == 22)
    }
  }
}

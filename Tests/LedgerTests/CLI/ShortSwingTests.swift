import Foundation
import LedgerCore
import Testing

/// `ledger shortswing`, end to end through the binary.
@Suite struct ShortSwingTests {
  /// Appends one Form 4 of Jane Doe at ACME with the given Table I rows.
  func file(_ cli: CLI, _ n: Int, filed: String, _ rows: [ReportedRow], table2: [ReportedRow] = [], footnotes: [Footnote] = []) {
    let d = Filings.document(
      period: rows.first?.transactionDate?.value?.description ?? filed, accession: String(format: "0000000001-24-%06d", n), filed: filed,
      table1: rows, table2: table2, footnotes: footnotes)
    let r = cli.run(["append", cli.write(Filings.json(d), to: "f\(n).json")])
    #expect(r.status == 0, "\(r.stderr)")
  }

  func buy(_ date: String, _ shares: String, at price: String) -> ReportedRow {
    Filings.trade(date, code: .P, .acquired, shares: shares, after: "0", price: price)
  }

  func sell(_ date: String, _ shares: String, at price: String?) -> ReportedRow {
    Filings.trade(date, code: .S, .disposed, shares: shares, after: "0", price: price)
  }

  func args(_ more: [String] = []) -> [String] { ["shortswing", "--person", "Doe", "--issuer", "ACME"] + more }

  @Test func aPurchaseThenASaleGiveUpTheirProfitWithProvenance() throws {
    let cli = CLI()
    file(cli, 1, filed: "2024-01-12", [buy("2024-01-10", "100", at: "10")])
    file(cli, 2, filed: "2024-03-05", [sell("2024-03-01", "100", at: "15.25")])
    let report = try cli.json(args())
    #expect(report["method"] as? String == "max")
    #expect((report["total"] as? NSNumber)?.stringValue == "525")
    let pairs = try #require(report["pairs"] as? [[String: Any]])
    #expect(pairs.count == 1)
    let purchase = try #require(pairs.first?["purchase"] as? [String: Any])
    let sale = try #require(pairs.first?["sale"] as? [String: Any])
    #expect(purchase["accession"] as? String == "0000000001-24-000001")
    #expect(purchase["row"] as? String == "nonDerivativeTable.transactions[0]")
    #expect(sale["accession"] as? String == "0000000001-24-000002")
    #expect((pairs.first?["profitPerShare"] as? NSNumber)?.stringValue == "5.25")
    #expect(Set(report.keys) == ["person", "issuer", "method", "from", "to", "knownAt", "codes", "pairs", "total", "liho", "max", "methodsDiffer", "excluded", "limits"])
    let table = cli.run(args()).stdout
    #expect(table.contains("Total (max): $525"))
    #expect(table.contains("derivative securities are not matched"))
  }

  /// The hand-worked case of `ShortSwingMatcherTests`, through the ledger: liho $1,500, max $2,300.
  @Test func bothTotalsAreShownAndSayWhenTheyDiffer() throws {
    let cli = CLI()
    file(cli, 1, filed: "2024-01-03", [buy("2024-01-01", "100", at: "10")])
    file(cli, 2, filed: "2024-03-05", [sell("2024-03-01", "100", at: "20")])
    file(cli, 3, filed: "2024-05-03", [sell("2024-05-01", "100", at: "25")])
    file(cli, 4, filed: "2024-09-04", [buy("2024-09-01", "100", at: "12")])
    let max = try cli.json(args())
    #expect(((max["liho"] as? [String: Any])?["total"] as? NSNumber)?.intValue == 1500)
    #expect(((max["max"] as? [String: Any])?["total"] as? NSNumber)?.intValue == 2300)
    #expect(max["methodsDiffer"] as? Bool == true)
    #expect((max["pairs"] as? [Any])?.count == 2)
    let liho = try cli.json(args(["--method", "liho"]))
    #expect((liho["total"] as? NSNumber)?.intValue == 1500)
    #expect((liho["pairs"] as? [Any])?.count == 1)
    #expect(cli.run(args()).stdout.contains("the greedy method falls short of the maximum"))
  }

  @Test func unknownPricesAndDerivativeRowsAreExcludedWithTheirReason() throws {
    let cli = CLI()
    var footnoted = sell("2024-02-01", "40", at: nil)
    footnoted.transactionAmounts?.transactionPricePerShare = Reported(nil, footnoteIds: ["F1"])
    let option = Filings.derivative("2024-02-02", code: .P, .acquired, shares: "10", after: "10", security: "Call Option", price: "5")
    file(cli, 1, filed: "2024-01-12", [buy("2024-01-10", "100", at: "10")])
    file(cli, 2, filed: "2024-02-05", [footnoted], table2: [option], footnotes: [Footnote(id: "F1", text: "Prices between $11 and $13.")])
    let report = try cli.json(args())
    #expect((report["total"] as? NSNumber)?.intValue == 0)
    let excluded = try #require(report["excluded"] as? [[String: Any]])
    #expect(excluded.map { $0["reason"] as? String } == ["price unknown (given only by a footnote)", "derivative security: not matched"])
    #expect(excluded.first?["accession"] as? String == "0000000001-24-000002")
  }

  @Test func knownAtBeforeTheLaterFilingMatchesNothing() throws {
    let cli = CLI()
    file(cli, 1, filed: "2024-01-12", [buy("2024-01-10", "100", at: "10")])
    file(cli, 2, filed: "2024-03-05", [sell("2024-03-01", "100", at: "15")])
    let before = try cli.json(args(["--known-at", "2024-03-04"]))
    #expect((before["pairs"] as? [Any])?.isEmpty == true)
    #expect((before["total"] as? NSNumber)?.intValue == 0)
    #expect((try cli.json(args(["--known-at", "2024-03-05"]))["total"] as? NSNumber)?.intValue == 500)
  }

  @Test func otherCodesCountWhenAskedByTheirFlag() throws {
    let cli = CLI()
    file(cli, 1, filed: "2024-01-12", [Filings.trade("2024-01-10", code: .J, .acquired, shares: "10", after: "10", price: "10")])
    file(cli, 2, filed: "2024-03-05", [sell("2024-03-01", "10", at: "12")])
    #expect((try cli.json(args()))["total"] as? NSNumber == 0)
    #expect((try cli.json(args(["--codes", "J"])))["total"] as? NSNumber == 20)
  }

  @Test func argumentsAreChecked() {
    let cli = CLI()
    file(cli, 1, filed: "2024-01-12", [buy("2024-01-10", "100", at: "10")])
    #expect(cli.run(["shortswing", "--person", "Doe"]).status == 64)
    #expect(cli.run(["shortswing", "--issuer", "ACME"]).status == 64)
    #expect(cli.run(args(["--method", "fifo"])).status == 64)
    #expect(cli.run(args(["--codes", "Q"])).status == 64)
    #expect(cli.run(["shortswing", "--person", "Nobody", "--issuer", "ACME"]).status == 3)
  }
}

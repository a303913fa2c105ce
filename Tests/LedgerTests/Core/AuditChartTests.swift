import Foundation
import LedgerCore
import Testing

/// The audit report draws a chart per position line, issuers of one name apart.
@Suite struct AuditChartTests {
  @Test func issuersOfOneNameGetAChartEach() throws {
    let store = try LedgerStore()
    for (i, cik) in ["0000000100", "0000000200"].enumerated() {
      try store.append(Filings.imported(Filings.document(
        period: "2024-01-02", accession: String(format: "0000000001-24-%06d", i + 1), filed: "2024-01-03",
        issuer: Filings.issuer("ACME CORP", cik: cik, ticker: nil),
        table1: [Filings.trade("2024-01-02", shares: "100", after: String(1000 * (i + 1)))])))
    }
    let report = try store.audit(AuditRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2024-06-01")!))
    let html = report.html()
    let figures = html.components(separatedBy: "<figure>").dropFirst()
    #expect(figures.count == 2)
    // Each chart's one row: its own issuer's balance (1,000 and 2,000), and no break ringed
    // from the other's line.
    #expect(figures.filter { $0.contains("after each of 1 reported rows, with 1 reconcile breaks") }.count == 2)
    // Written in pieces, the page is the same.
    var pieces: [String] = []
    report.writeHTML { pieces.append($0) }
    #expect(pieces.joined() == html)
  }

  /// Two trusts, each "See Footnote" citing the footnote that names it, and a line held jointly
  /// that reads like the owner's own: four lines whose fields read alike in pairs, four charts,
  /// each with its own rows and balance, the trusts' captions naming their holder.
  @Test func linesThatReadAlikeGetAChartEach() throws {
    let store = try LedgerStore()
    func trust(_ after: String, _ note: String) -> ReportedRow {
      var r = Filings.trade("2024-01-02", shares: "10", after: after, ownership: .indirect, nature: "See Footnote")
      r.ownershipNature.natureOfOwnership?.footnoteIds = [note]
      return r
    }
    try store.append(Filings.imported(Filings.document(
      period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03",
      table1: [Filings.trade("2024-01-02", shares: "100", after: "1000"), trust("300", "F1"), trust("700", "F2")],
      footnotes: [Footnote(id: "F1", text: "Held by the Alpha Trust."), Footnote(id: "F2", text: "Held by the Beta Trust.")])))
    try store.append(Filings.imported(Filings.document(
      period: "2024-01-05", accession: "0000000001-24-000002", filed: "2024-01-06",
      owners: [Filings.owner("DOE JANE", cik: "0000000777"), Filings.owner("DOE JOHN", cik: "0000000778")],
      table1: [Filings.trade("2024-01-05", shares: "5", after: "5000")])))
    let html = try store.audit(AuditRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2024-06-01")!)).html()
    let figures = html.components(separatedBy: "<figure>").dropFirst()
    #expect(figures.count == 4)
    #expect(figures.filter { $0.contains("after each of 1 reported rows") }.count == 4)
    #expect(figures.contains { $0.contains("indirect See Footnote [F1]: Held by the Alpha Trust.</figcaption>") })
    #expect(figures.contains { $0.contains("indirect See Footnote [F2]: Held by the Beta Trust.</figcaption>") })
  }
}

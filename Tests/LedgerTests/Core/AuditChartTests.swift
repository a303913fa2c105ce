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
}

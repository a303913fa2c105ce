import Foundation
@testable import LedgerCore
import Testing

/// The directory's order never depends on a hash table's: issuers of one name are told apart
/// by CIK, and each owner's role is read from the filing that names them.
@Suite struct DirectoryOrderTests {
  @Test func issuersOfOneNameAreOrderedByCIKWithTheOwnersRole() throws {
    let store = try LedgerStore()
    var owner = Filings.owner("DOE JANE", cik: "0000000777")
    var relationship = ReportingOwner.Relationship()
    relationship.isDirector = Flag(true)
    relationship.isOfficer = Flag(true)
    relationship.officerTitle = " CFO "
    owner.reportingOwnerRelationship = relationship
    for (i, cik) in ["0000000300", "0000000100", "0000000200"].enumerated() {
      let doc = Filings.document(
        period: "2024-01-02", accession: String(format: "0000000001-24-%06d", i + 1), filed: "2024-01-03",
        issuer: Filings.issuer("ACME CORP", cik: cik, ticker: nil), owners: [owner], holdings1: [Filings.holding("100")])
      try store.append(Filings.imported(doc))
    }
    let report = try store.people(PeopleRequest(asOf: LedgerDate("2024-12-31")!))
    #expect(report.people.map { $0.issuer.cik?.rawValue } == ["0000000100", "0000000200", "0000000300"])
    #expect(report.people.map(\.role) == Array(repeating: "director, officer (CFO)", count: 3))
  }
}

/// `ledger issuers` reads every issuer's counts and aliases in a fixed number of statements,
/// not a few per issuer.
@Suite struct IssuerListingTests {
  @Test func twelveIssuersAreListedInAsManyStatementsAsThree() throws {
    var counts: [Int] = []
    for n in [3, 12] {
      let store = try LedgerStore()
      for i in 0..<n {
        let cik = String(format: "%010d", 100 + i)
        // Two filings: the second by two owners, under a new ticker.
        for (k, ticker) in ["A\(i)", "B\(i)"].enumerated() {
          let owners = [Filings.owner("DOE JANE", cik: "0000000777")] + (k == 1 ? [Filings.owner("ROE JOHN", cik: "0000000888")] : [])
          func filing(_ accession: String?) -> OwnershipDocument {
            Filings.document(
              period: "2024-01-02", accession: accession, filed: "2024-01-03",
              issuer: Filings.issuer("ACME \(i) CORP", cik: cik, ticker: ticker), owners: owners, holdings1: [Filings.holding("100")])
          }
          // The first issuer's first filing also as a copy without accession, recorded first:
          // retired once the filing arrives, it is not a filing of its own.
          if i == 0 && k == 0 { try store.append(Filings.imported(filing(nil))) }
          try store.append(Filings.imported(filing(String(format: "0000000001-24-%06d", i * 10 + k))))
        }
      }
      counts.append(try BigHolderTests.statements(store) { db in
        let report = try Directory.issuers(db)
        let byName = (0..<n).sorted { "ACME \($0) CORP" < "ACME \($1) CORP" }
        #expect(report.issuers.map(\.issuer.cik?.rawValue) == byName.map { String(format: "%010d", 100 + $0) })
        for listing in report.issuers {
          let i = Int(listing.issuer.cik!.rawValue)! - 100
          #expect(listing.filings == 2)
          #expect(listing.insiders == 2)
          #expect(listing.tickers == ["A\(i)", "B\(i)"])
          #expect(listing.names == ["ACME \(i) CORP"])
        }
      })
    }
    #expect(counts[0] == counts[1])
  }
}

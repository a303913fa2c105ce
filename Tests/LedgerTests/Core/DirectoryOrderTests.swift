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

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

  /// A person's role at an issuer is the one their latest filing on or before the date states:
  /// by filing date, then (filed the same day) by accession.
  @Test func theRoleIsTheLatestFilingsByDateThenAccession() throws {
    let store = try LedgerStore()
    func owner(_ cik: String, _ set: (inout ReportingOwner.Relationship) -> Void) -> ReportingOwner {
      var owner = Filings.owner("DOE \(cik)", cik: cik)
      var relationship = ReportingOwner.Relationship()
      set(&relationship)
      owner.reportingOwnerRelationship = relationship
      return owner
    }
    // Each person files first as director, then twice on one day: as officer and as 10% owner,
    // the 10% owner's filing with the higher accession, appended second for one person and
    // first for the other (whichever the ledger meets first, the accession decides).
    for (cik, base, tenPercentFirst) in [("0000000777", 10, true), ("0000000888", 20, false)] {
      let director = owner(cik) { $0.isDirector = Flag(true) }
      let officer = owner(cik) { $0.isOfficer = Flag(true); $0.officerTitle = "CFO" }
      let tenPercent = owner(cik) { $0.isTenPercentOwner = Flag(true) }
      var filings = [(base + 5, "2024-01-03", director)]
      let sameDay = [(base + 9, "2024-02-05", tenPercent), (base + 2, "2024-02-05", officer)]
      filings += tenPercentFirst ? sameDay : sameDay.reversed()
      for (accession, filed, who) in filings {
        try store.append(Filings.imported(Filings.document(
          period: "2024-01-02", accession: String(format: "0000000001-24-%06d", accession), filed: filed,
          owners: [who], holdings1: [Filings.holding("100")])))
      }
    }
    func roles(_ asOf: String) throws -> [String] { try store.people(PeopleRequest(asOf: LedgerDate(asOf)!)).people.map(\.role) }
    #expect(try roles("2024-01-31") == ["director", "director"])
    #expect(try roles("2024-02-05") == ["10% owner", "10% owner"])
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

import Foundation
import LedgerCore
import Testing

/// `ledger people` and `ledger issuers`, end to end on the real corpus.
@Suite(.needsCorpus) struct DirectoryTests {
  var cli: CLI { FolderAppendTests.indexed.cli }

  @Test func muskIsDirectorCEOAndTenPercentOwnerOfTeslaOnNovember10th2021() throws {
    let report = try cli.json(["people", "--issuer", "TSLA", "--asof", "2021-11-10"])
    let people = try #require(report["people"] as? [[String: Any]])
    let musk = try #require(people.first { ($0["person"] as? [String: Any])?["cik"] as? String == "0001494730" })
    #expect(musk["role"] as? String == "director, officer (CEO), 10% owner")
    #expect((musk["filedAt"] as? String).map { $0 <= "2021-11-10" } == true)
    let table = cli.run(["people", "--issuer", "Tesla", "--asof", "2021-11-10"]).stdout
    #expect(table.contains("director, officer (CEO), 10% owner"))
  }

  @Test func issuersAreListedWithTickersAndCounts() throws {
    let report = try cli.json(["issuers"])
    let issuers = try #require(report["issuers"] as? [[String: Any]])
    let tesla = try #require(issuers.first { ($0["issuer"] as? [String: Any])?["cik"] as? String == "0001318605" })
    #expect(tesla["tickers"] as? [String] == ["TSLA"])
    #expect((tesla["filings"] as? Int ?? 0) > 20)
    #expect(tesla["insiders"] as? Int == 2)  // Musk, and Baglino in 2023
    // GOOG was two issuers' ticker.
    #expect(issuers.filter { ($0["tickers"] as? [String])?.contains("GOOG") == true }.count == 2)
  }

  /// Every issuer's counts are those its own listings give: its filings that are not
  /// duplicates, and the people who filed them.
  @Test func eachIssuersCountsAreWhatItsListingsShow() throws {
    let issuers = try #require(try cli.json(["issuers"])["issuers"] as? [[String: Any]])
    #expect(issuers.count > 20)
    for listing in issuers {
      let cik = try #require((listing["issuer"] as? [String: Any])?["cik"] as? String)
      let filings = try #require(try cli.json(["filings", "--issuer", cik])["filings"] as? [[String: Any]])
      let kept = filings.filter { ($0["status"] as? String)?.hasPrefix("duplicate of") == false }
      #expect(listing["filings"] as? Int == kept.count, "\(cik)")
      let people = try #require(try cli.json(["people", "--issuer", cik, "--asof", "2099-12-31"])["people"] as? [[String: Any]])
      #expect(listing["insiders"] as? Int == people.count, "\(cik)")
    }
  }

  @Test func filingsShowWhereEachCameFromAndWhatBecameOfIt() throws {
    let report = try cli.json(["filings", "--issuer", "TSLA"])
    let filings = try #require(report["filings"] as? [[String: Any]])
    let split = try #require(filings.first { $0["accession"] as? String == "0000899243-21-044225" })
    #expect(split["source"] as? String == "doc4.xml")
    #expect(split["form"] as? String == "4")
    #expect(split["status"] as? String == "recorded")
    #expect(split["filedAtEstimated"] as? Bool == false)
    // History names the same source for each row.
    let history = try cli.json(["history", "--cik", "0001494730", "--issuer", "TSLA"])
    let rows = try #require(history["entries"] as? [[String: Any]])
    #expect(rows.filter { $0["accession"] as? String == "0000899243-21-044225" }.allSatisfy { $0["source"] as? String == "doc4.xml" })
  }

  /// Issuer-wide tables say whose each line is, and (holdings) the owner's role.
  @Test func issuerWideTablesNameTheOwner() {
    let holdings = cli.run(["holdings", "--issuer", "TSLA", "--asof", "2021-11-10"]).stdout
    #expect(holdings.contains("OWNER"))
    #expect(holdings.contains("Musk Elon  director, officer (CEO), 10% owner"))
    let history = cli.run(["history", "--issuer", "TSLA"]).stdout
    #expect(history.split(separator: "\n").dropFirst().first?.hasPrefix("DATE        OWNER") == true)
    let reconcile = cli.run(["reconcile", "--issuer", "TSLA"]).stdout
    #expect(reconcile.contains("Tesla, Inc. (TSLA): Common Stock · D · Musk Elon"))
    // A person's own tables do not repeat the owner.
    #expect(cli.run(["holdings", "--cik", "0001494730", "--asof", "2021-11-10"]).stdout.split(separator: "\n").dropFirst().first?.hasPrefix("ISSUER") == true)
  }
}

import Foundation
import LedgerCore
import Testing

/// `ledger transactions`, end to end on the real corpus.
@Suite(.needsCorpus) struct TransactionsTests {
  var cli: CLI { FolderAppendTests.indexed.cli }

  /// Musk's 2021 sales at Tesla, totalled, against his S rows summed from the documents.
  @Test func muskSalesIn2021AreTheSumOfHisSRows() throws {
    var shares = Amount.zero
    var rows = 0
    for e in Corpus.index {
      let doc = try Corpus.imported(e).document
      guard doc.issuer.issuerCik == CIK("1318605"), doc.reportingOwners.map(\.reportingOwnerId.rptOwnerCik) == [CIK("1494730")],
        !doc.documentType.isAmendment
      else { continue }
      for r in doc.rows where r.kind == .transaction && r.row.transactionCoding?.transactionCode == .S {
        guard let date = r.row.transactionDate?.value, date.year == 2021 else { continue }
        shares = shares + (r.row.transactionAmounts?.transactionShares?.value ?? .zero)
        rows += 1
      }
    }
    #expect(rows > 100)
    let report = try cli.json(["transactions", "--issuer", "TSLA", "--from", "2021-01-01", "--to", "2021-12-31", "--code", "S", "--group-by", "person"])
    let groups = try #require(report["groups"] as? [[String: Any]])
    #expect(groups.count == 1)
    #expect(groups.first?["cik"] as? String == "0001494730")
    #expect(groups.first?["transactions"] as? Int == rows)
    #expect((groups.first?["sharesDisposed"] as? NSNumber)?.stringValue == shares.description)
    #expect((report["transactions"] as? [Any])?.count == rows)
    // No gift of his in January 2021: the grouping says so rather than drawing an empty table.
    let none = cli.run(["transactions", "--cik", "0001494730", "--from", "2021-01-01", "--to", "2021-01-31", "--code", "G", "--group-by", "person"])
    #expect(none.stdout == "Musk Elon from 2021-01-01 to 2021-01-31, codes G: 0 transactions\n\nNone.\n")
  }

  @Test func eachRowHasItsRoleValueAndProvenance() throws {
    let report = try cli.json(["transactions", "--cik", "0001494730", "--from", "2021-11-08", "--to", "2021-11-08", "--code", "S", "--sort", "value"])
    let rows = try #require(report["transactions"] as? [[String: Any]])
    let first = try #require(rows.first)
    #expect(first["role"] as? String == "director, officer (CEO), 10% owner")
    // Musk filed two Form 4s for his sales of 2021-11-08.
    #expect(["0000899243-21-044060", "0000899243-21-044077"].contains(first["accession"] as? String ?? ""))
    // Sorted by value, largest first; value = shares × price.
    let values = rows.compactMap { ($0["value"] as? NSNumber)?.doubleValue }
    #expect(values == values.sorted(by: >))
    let shares = try #require((first["shares"] as? NSNumber).map { Amount($0.stringValue)! })
    let price = try #require((first["price"] as? NSNumber).map { Amount($0.stringValue)! })
    #expect((first["value"] as? NSNumber).map { Amount($0.stringValue)! } == shares * price)
  }

  /// Without a person or an issuer, the listing reads the whole ledger in one pass over its
  /// entries (not line by line): it gives exactly the rows of every issuer's listing put
  /// together, for all dates, for a window, and as known at a date.
  @Test func theWholeLedgerListsWhatEveryIssuersListingsGive() throws {
    let issuers = try #require(try cli.json(["issuers"])["issuers"] as? [[String: Any]])
    let ciks = try issuers.map { try #require(($0["issuer"] as? [String: Any])?["cik"] as? String) }
    #expect(ciks.count > 20)
    func rows(_ arguments: [String]) -> [String] {
      let run = cli.run(["transactions", "--format", "csv"] + arguments)
      #expect(run.status == 0, "\(arguments): \(run.stderr)")
      return Array(run.stdout.split(whereSeparator: \.isNewline).dropFirst().map(String.init))
    }
    for window in [[], ["--from", "2021-01-01", "--to", "2021-12-31"], ["--from", "2020-06-01", "--known-at", "2022-01-01"]] {
      let whole = rows(window)
      #expect(whole.count > 100, "\(window)")
      #expect(whole.sorted() == ciks.flatMap { rows(["--issuer", $0] + window) }.sorted(), "\(window)")
    }
  }

  @Test func badCodesAndSortsAreUsageErrors() {
    #expect(cli.run(["transactions", "--issuer", "TSLA", "--code", "Q"]).status == 64)
    #expect(cli.run(["transactions", "--issuer", "TSLA", "--sort", "size"]).status == 64)
  }
}

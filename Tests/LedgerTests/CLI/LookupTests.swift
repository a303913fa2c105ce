import Foundation
import LedgerCore
import Testing

/// Lookups that forgive, end to end on the real corpus.
@Suite(.needsCorpus) struct LookupTests {
  var cli: CLI { FolderAppendTests.indexed.cli }

  @Test func aPersonIsFoundWhateverTheWordOrderAndPunctuation() throws {
    for query in ["Elon Musk", "musk, elon", "MUSK ELON", "Musk"] {
      let report = try cli.json(["holdings", "--person", query, "--asof", "2021-11-10"])
      #expect((report["person"] as? [String: Any])?["cik"] as? String == "0001494730", "\(query)")
    }
  }

  @Test func noMatchSuggestsTheClosestNamesWithTheirCIKs() {
    let r = cli.run(["holdings", "--person", "Elon Mask"])
    #expect(r.status == 3)
    #expect(r.stderr == "no person matches \"Elon Mask\" in the ledger; the closest names: Musk Elon (CIK 0001494730)\n")
    let far = cli.run(["holdings", "--person", "Zzyzx Quux"])
    #expect(far.status == 3)
    #expect(far.stderr == "no person matches \"Zzyzx Quux\" in the ledger\n")
  }

  @Test func anIssuerIsFoundByName() throws {
    for query in ["Tesla", "tesla, inc.", "TSLA", "0001318605"] {
      let report = try cli.json(["holdings", "--issuer", query, "--asof", "2021-11-10"])
      #expect((report["issuer"] as? [String: Any])?["cik"] as? String == "0001318605", "\(query)")
    }
  }

  /// GOOG was Google Inc.'s ticker, then Alphabet's.
  @Test func anAmbiguousTickerListsTheIssuersThatUsedItWithTheirDates() {
    let r = cli.run(["holdings", "--issuer", "GOOG"])
    #expect(r.status == 2)
    #expect(
      r.stderr
        == "\"GOOG\" matches 2 issuers: Alphabet Inc. (CIK 0001652044) from 2018-09-19 to 2022-04-15; GOOGLE INC. (CIK 0001288776) from 2015-10-05 to 2015-10-05; use --issuer CIK\n")
  }
}

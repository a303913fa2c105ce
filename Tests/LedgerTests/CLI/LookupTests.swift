import Foundation
import LedgerCore
import Testing

/// Lookups that forgive, end to end on the real corpus.
@Suite struct LookupTests {
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
}

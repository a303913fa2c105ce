import Foundation
@testable import LedgerCore
import Testing

/// The fast payload reader gives what JSONDecoder gives, on every corpus payload.
@Suite struct PayloadScannerTests {
  @Test(.needsCorpus) func rowsAndFilingFactsMatchTheGeneralDecoder() throws {
    var rows = 0
    var owners = 0
    var officers = 0
    for e in Corpus.index {
      let prepared = PreparedFiling(try Corpus.imported(e))
      for payload in prepared.rowPayloads {
        let fast = payload.withUnsafeBytes { PayloadScanner.rowReported($0.bindMemory(to: UInt8.self)) }
        let slow = try JSONDecoder().decode(RowReported.self, from: payload)
        #expect(fast == slow, "\(e.file)")
        rows += 1
      }
      let facts = prepared.recordedPayload.withUnsafeBytes { PayloadScanner.filingFacts($0.bindMemory(to: UInt8.self)) }
      let recorded = try JSONDecoder().decode(FilingRecorded.self, from: prepared.recordedPayload)
      #expect(facts == FilingFacts(recorded), "\(e.file)")
      let roles = facts?.ownerRoles ?? []
      #expect(roles.count == recorded.document.reportingOwners.count, "\(e.file)")
      owners += roles.count
      officers += roles.filter { $0.contains("officer (") }.count
    }
    #expect(rows > 2000)
    // Every owner's role, officers with their titles among them.
    #expect(owners >= Corpus.index.count)
    #expect(officers > 20)
  }

  @Test func escapedTextAndMalformedPayloads() throws {
    var row = Filings.trade("2024-01-02", shares: "1", after: "1", security: "Common \"A\" \\ Stock\n\u{1}é")
    row.ownershipNature = OwnershipNature(directOrIndirectOwnership: Reported(.indirect, footnoteIds: ["F1"]), natureOfOwnership: Reported("By \"Trust\""))
    let event = RowReported(table: .nonDerivative, kind: .transaction, index: 3, row: row)
    let payload = CanonicalJSON.encode(event)
    #expect(payload.withUnsafeBytes { PayloadScanner.rowReported($0.bindMemory(to: UInt8.self)) } == event)
    for bad in ["", "{", "{\"index\":1}", "[1,2]", "{\"index\":1,\"kind\":\"x\",\"row\":{},\"table\":\"nonDerivative\"}", "{\"a\":\"unterminated}"] {
      #expect(Data(bad.utf8).withUnsafeBytes { PayloadScanner.rowReported($0.bindMemory(to: UInt8.self)) } == nil, "\(bad)")
    }
  }
}

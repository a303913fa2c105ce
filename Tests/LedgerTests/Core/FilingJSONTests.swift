import Foundation
import LedgerCore
import Testing

@Suite struct FilingJSONTests {
  func decode(_ text: String) throws(LedgerError) -> OwnershipDocument {
    try FilingJSON.decode(Data(text.utf8), file: "f.json")
  }

  static let minimal = """
    {"documentType": "4", "periodOfReport": "2004-04-06",
     "issuer": {"issuerName": "X"}, "reportingOwners": [{"reportingOwnerId": {"rptOwnerName": "Y"}}]
    """

  @Test func theSeedDecodesWithItsFootnoteOnlyExerciseDate() throws {
    let doc = try FilingJSON.decode(Data(contentsOf: Paths.seed), file: "seed.json")
    #expect(doc.issuer.issuerTradingSymbol == "SONSE")
    #expect(doc.issuer.issuerCik == nil)
    let row = try #require(doc.derivativeTable?.transactions.first)
    #expect(row.exerciseDate?.value == nil)
    #expect(row.exerciseDate?.footnoteIds == ["F1"])
    #expect(row.conversionOrExercisePrice?.value == Amount("3.99"))
    #expect(doc.footnote("F1")?.hasPrefix("The option will vest as to 25% of the shares on 04/06/2005.") == true)
  }

  @Test func aValueMayBeBareAnObjectOrOnlyFootnotes() throws {
    let doc = try decode(
      Self.minimal + """
        , "nonDerivativeTable": {"holdings": [
          {"securityTitle": {"value": "Common", "footnoteIds": ["F1"]},
           "postTransactionAmounts": {"sharesOwnedFollowingTransaction": {"footnoteIds": ["F2"]}},
           "ownershipNature": {"directOrIndirectOwnership": "D"}},
          {"securityTitle": "Common", "postTransactionAmounts": {"sharesOwnedFollowingTransaction": "12.50"},
           "ownershipNature": {"directOrIndirectOwnership": {"value": "I"}, "natureOfOwnership": "By Trust"}}
        ]}, "footnotes": [{"id": "F1", "text": "one"}, {"id": "F2", "text": "two"}]}
        """)
    let holdings = try #require(doc.nonDerivativeTable?.holdings)
    #expect(holdings[0].securityTitle == Reported("Common", footnoteIds: ["F1"]))
    #expect(holdings[0].postTransactionAmounts?.sharesOwnedFollowingTransaction == Reported(nil, footnoteIds: ["F2"]))
    #expect(holdings[1].postTransactionAmounts?.sharesOwnedFollowingTransaction?.value == Amount("12.5"))
    #expect(holdings[1].ownershipNature.directOrIndirectOwnership.value == .indirect)
  }

  @Test func errorsNameTheFieldPath() {
    func message(_ text: String) -> String? {
      do {
        _ = try decode(text)
        return nil
      } catch {
        return error.errorDescription
      }
    }
    #expect(
      message(#"{"documentType": "4", "periodOfReport": "2004-04-06", "issuer": {}, "reportingOwners": [{"reportingOwnerId": {"rptOwnerName": "Y"}}]}"#)
        == "f.json: issuer: needs issuerCik or issuerName")
    #expect(
      message(#"{"documentType": "4", "periodOfReport": "2004-04-06", "issuer": {"issuerCik": "12x"}, "reportingOwners": []}"#)
        == #"f.json: issuer.issuerCik: "12x" is not a CIK (up to 10 digits)"#)
    #expect(message(#"{"documentType": "4/B"}"#) == #"f.json: documentType: "4/B" is not a form type (3, 4, 5, 3/A, 4/A, 5/A)"#)
    #expect(
      message(#"{"documentType": "4", "periodOfReport": "2004-04-06", "issuer": {"issuerName": "X"}, "reportingOwners": []}"#)
        == "f.json: reportingOwners: at least one reporting owner is required")
    #expect(message(Self.minimal + #", "accessionNumber": "123"}"#) == #"f.json: accessionNumber: "123" is not an accession number (NNNNNNNNNN-YY-NNNNNN)"#)
    #expect(
      message(
        Self.minimal
          + #", "nonDerivativeTable": {"holdings": [{"securityTitle": "C", "conversionOrExercisePrice": 1, "postTransactionAmounts": {}, "ownershipNature": {"directOrIndirectOwnership": "D"}}]}}"#)
        == "f.json: nonDerivativeTable.holdings[0].conversionOrExercisePrice: belongs to derivative rows only")
    #expect(message("[1, 2]")?.hasPrefix("f.json: ") == true)
  }

  @Test func jsonRenderingRoundTrips() throws {
    let doc = try FilingJSON.decode(Data(contentsOf: Paths.seed), file: "seed.json")
    let again = try FilingJSON.decode(FilingJSON.encode(doc), file: "again.json")
    #expect(again == doc)
  }

  @Test func theSchemaIsValidJSONAndNamesEveryTopLevelField() throws {
    let schema = try #require(try JSONSerialization.jsonObject(with: Data(FilingSchema.json.utf8)) as? [String: Any])
    let properties = try #require(schema["properties"] as? [String: Any])
    for key in OwnershipDocument.CodingKeys.allCases {
      #expect(properties[key.stringValue] != nil, "schema lacks \(key.stringValue)")
    }
  }

  /// The schema's enums hold every code the ledger writes for the real corpus, and what it
  /// cannot express is said in a $comment.
  @Test(.needsCorpus) func theSchemaEnumeratesTheCodesOfEveryCorpusDocument() throws {
    let schema = try #require(try JSONSerialization.jsonObject(with: Data(FilingSchema.json.utf8)) as? [String: Any])
    let defs = try #require(schema["$defs"] as? [String: Any])
    func values(_ def: String) -> Set<String> {
      let options = (defs[def] as? [String: Any])?["oneOf"] as? [[String: Any]] ?? []
      return Set((options.first?["enum"] as? [String]) ?? [])
    }
    #expect(values("reportedAD") == ["A", "D"])
    #expect(values("reportedDI") == ["D", "I"])
    #expect(values("reportedTimeliness") == ["E", "L"])
    let coding = (defs["transactionCoding"] as? [String: Any])?["properties"] as? [String: Any]
    let codes = Set(((coding?["transactionCode"] as? [String: Any])?["enum"] as? [String]) ?? [])
    #expect(((defs["date"] as? [String: Any])?["$comment"] as? String)?.contains("impossible") == true)
    #expect((schema["$comment"] as? String)?.contains("transactionShares or transactionTotalValue, not both") == true)
    var seen = 0
    for e in Corpus.index {
      for r in try Corpus.imported(e).document.rows {
        if let code = r.row.transactionCoding?.transactionCode { #expect(codes.contains(code.rawValue), "\(e.file)") }
        if let ad = r.row.transactionAmounts?.transactionAcquiredDisposedCode?.value { #expect(values("reportedAD").contains(ad.rawValue)) }
        if let di = r.row.ownershipNature.directOrIndirectOwnership.value { #expect(values("reportedDI").contains(di.rawValue)) }
        seen += 1
      }
    }
    #expect(seen > 1000)
  }
}

import Foundation
@testable import LedgerCore
import Testing

@Suite struct EdgarXMLTests {
  static func xml(_ body: String, declaration: Bool = true, schema: String = "X0306") -> String {
    (declaration ? "<?xml version=\"1.0\"?>\n" : "") + """
      <ownershipDocument>
        <schemaVersion>\(schema)</schemaVersion>
        <documentType>4</documentType>
        <periodOfReport>2024-03-01</periodOfReport>
        <issuer><issuerCik>0000012345</issuerCik><issuerName>ACME CORP</issuerName><issuerTradingSymbol>ACME</issuerTradingSymbol></issuer>
        <reportingOwner>
          <reportingOwnerId><rptOwnerCik>0000000777</rptOwnerCik><rptOwnerName>DOE JANE</rptOwnerName></reportingOwnerId>
          <reportingOwnerRelationship><isOfficer>true</isOfficer><officerTitle>CFO</officerTitle></reportingOwnerRelationship>
        </reportingOwner>
        \(body)
        <ownerSignature><signatureName>/s/ Jane Doe</signatureName><signatureDate>2024-03-04</signatureDate></ownerSignature>
      </ownershipDocument>
      """
  }

  static let trade = """
    <nonDerivativeTable><nonDerivativeTransaction>
      <securityTitle><value>  Common Stock
      </value></securityTitle>
      <transactionDate><value>
        2024-03-01 </value></transactionDate>
      <deemedExecutionDate><value/></deemedExecutionDate>
      <transactionCoding><transactionFormType>4</transactionFormType><transactionCode>S</transactionCode><equitySwapInvolved>false</equitySwapInvolved><footnoteId id="F1"/></transactionCoding>
      <transactionTimeliness><value></value></transactionTimeliness>
      <transactionAmounts>
        <transactionShares><value>1,5</value></transactionShares>
        <transactionPricePerShare><footnoteId id="F2"/></transactionPricePerShare>
        <transactionAcquiredDisposedCode><value>D</value></transactionAcquiredDisposedCode>
      </transactionAmounts>
      <postTransactionAmounts><sharesOwnedFollowingTransaction><value>98.5</value></sharesOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>D</value></directOrIndirectOwnership></ownershipNature>
    </nonDerivativeTransaction></nonDerivativeTable>
    <footnotes><footnote id="F1">Sold under a 10b5-1 plan.</footnote><footnote id="F2">Weighted average; prices ranged from $10 to $11.</footnote></footnotes>
    """

  func decode(_ text: String) throws(LedgerError) -> OwnershipDocument {
    try EdgarXML.decode(Data(text.utf8), file: "f.xml")
  }

  @Test func whitespaceEmptyValuesAndFootnoteOnlyValuesAreRead() throws {
    let doc = try decode(Self.xml(Self.trade.replacingOccurrences(of: "1,5", with: "1.5")))
    let row = try #require(doc.nonDerivativeTable?.transactions.first)
    #expect(row.securityTitle.value == "Common Stock")
    #expect(row.transactionDate?.value == LedgerDate("2024-03-01"))
    #expect(row.deemedExecutionDate == nil)
    #expect(row.transactionTimeliness == nil)
    #expect(row.transactionAmounts?.transactionShares?.value == Amount("1.5"))
    #expect(row.transactionAmounts?.transactionPricePerShare == Reported(nil, footnoteIds: ["F2"]))
    #expect(row.transactionCoding?.footnoteIds == ["F1"])
    #expect(row.transactionCoding?.equitySwapInvolved == Flag(false))
    #expect(doc.reportingOwners.first?.reportingOwnerRelationship?.isOfficer == Flag(true))
    #expect(doc.ownerSignatures.first?.signatureDate == LedgerDate("2024-03-04"))
  }

  @Test(arguments: ["X0201", "X0306", "X0407", "X0508", "X0609", ""])
  func everySchemaVersionReadsTheSame(_ version: String) throws {
    let base = try decode(Self.xml(Self.trade.replacingOccurrences(of: "1,5", with: "1.5")))
    let other = try decode(Self.xml(Self.trade.replacingOccurrences(of: "1,5", with: "1.5"), declaration: version != "X0306", schema: version))
    #expect(other.nonDerivativeTable == base.nonDerivativeTable)
    #expect(other.schemaVersion == (version.isEmpty ? nil : version))
  }

  @Test func badValuesNameTheirField() {
    #expect(throws: LedgerError.invalidField(file: "f.xml", path: "nonDerivativeTable.transactions[0].transactionAmounts.transactionShares", message: #""1,5" is not a number"#)) {
      try decode(Self.xml(Self.trade))
    }
    #expect(throws: LedgerError.invalidField(file: "f.xml", path: "nonDerivativeTable.transactions[0].transactionDate", message: #""2024-02-30" is not a date (YYYY-MM-DD)"#)) {
      try decode(Self.xml(Self.trade.replacingOccurrences(of: "1,5", with: "1").replacingOccurrences(of: "2024-03-01 ", with: "2024-02-30")))
    }
  }

  @Test func unknownElementsAreKeptNotDropped() throws {
    let doc = try decode(Self.xml("<futureElement kind=\"x\">kept</futureElement>"))
    #expect(doc.otherElements == [OtherElement(path: "ownershipDocument/futureElement[1]", text: "kept", attributes: ["kind": "x"])])
  }

  @Test func entitiesAndDoctypesAreRefusedWithoutReadingAnything() throws {
    let laughs = """
      <?xml version="1.0"?>
      <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
      <ownershipDocument><remarks>&lol2;</remarks></ownershipDocument>
      """
    let external = """
      <?xml version="1.0"?>
      <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <ownershipDocument><remarks>&x;</remarks></ownershipDocument>
      """
    for text in [laughs, external] {
      #expect(throws: LedgerError.invalidFile(file: "f.xml", message: "has a DOCTYPE or entity declaration, which ownership XML never has; refused")) {
        try decode(text)
      }
    }
  }

  @Test func aTruncatedDocumentIsRefused() {
    let full = Self.xml(Self.trade.replacingOccurrences(of: "1,5", with: "1.5"))
    let cut = String(full.prefix(full.count - 30))
    #expect(throws: LedgerError.self) { try decode(cut) }
  }

  @Test func otherXMLIsNotAFiling() {
    #expect(throws: LedgerError.notAFiling(file: "f.xml", reason: "XML but not an EDGAR ownership document (root element <html>)")) {
      try decode("<html><body/></html>")
    }
  }
}

import Foundation
@testable import EdgarOwnership
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

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The ledger's XML parser agrees with Foundation's XMLParser on every real document.
@Suite struct XMLTreeTests {
  /// XMLParser's view of a document, as nested (name, attributes, text, children).
  final class Reference: NSObject, XMLParserDelegate {
    final class Node {
      var name: String
      var attributes: [String: String]
      var text = ""
      var children: [Node] = []
      init(_ name: String, _ attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
      }
    }
    var stack: [Node] = []
    var root: Node?
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
      let n = Node(e, attributes)
      if let top = stack.last { top.children.append(n) } else { root = n }
      stack.append(n)
    }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) { _ = stack.popLast() }
    func parser(_ p: XMLParser, foundCharacters s: String) { stack.last?.text += s }
    func parser(_ p: XMLParser, foundCDATA d: Data) { stack.last?.text += String(decoding: d, as: UTF8.self) }
  }

  static func same(_ a: XMLElementNode, _ b: Reference.Node, _ path: String, _ differences: inout [String]) {
    if a.name != b.name { differences.append("\(path): \(a.name) vs \(b.name)") }
    if a.attributes != b.attributes { differences.append("\(path): attributes") }
    if a.text != b.text { differences.append("\(path)/\(a.name): text \(quoted(a.text)) vs \(quoted(b.text))") }
    // The trimmed text is read from the bytes: it must be the trimmed text.
    if a.trimmedText != b.text.nonEmptyTrimmed { differences.append("\(path)/\(a.name): trimmed text \(quoted(a.trimmedText ?? "nil"))") }
    if a.children.count != b.children.count { differences.append("\(path)/\(a.name): \(a.children.count) vs \(b.children.count) children") }
    for (x, y) in zip(a.children, b.children) { same(x, y, path + "/" + a.name, &differences) }
  }

  @Test(.needsCorpus) func itReadsEveryCorpusDocumentExactlyAsXMLParserDoes() throws {
    var compared = 0
    for e in Corpus.index {
      let data = try Data(contentsOf: Corpus.url(e))
      let xml = EdgarSubmission.ownershipXML(in: data) ?? data
      let reference = Reference()
      let parser = XMLParser(data: xml)
      parser.delegate = reference
      try #require(parser.parse(), "\(e.file)")
      guard case .success(let ours) = XMLTree.parse(xml), let theirs = reference.root else {
        Issue.record("\(e.file) does not parse")
        continue
      }
      var differences: [String] = []
      Self.same(ours, theirs, "", &differences)
      #expect(differences.isEmpty, "\(e.file): \(differences.prefix(3))")
      compared += 1
    }
    #expect(compared == 188)
  }

  @Test func wellFormednessIsChecked() {
    func failure(_ s: String) -> XMLTree.Failure? {
      if case .failure(let f) = XMLTree.parse(Data(s.utf8)) { return f }
      return nil
    }
    #expect(failure("<a><b></a>") == .malformed(line: 1, message: "<b> is closed by </a>"))
    #expect(failure("<a>x</a><b/>") == .malformed(line: 1, message: "content after the root element"))
    #expect(failure("<a>&nbsp;</a>") == .malformed(line: 1, message: "the entity &nbsp; is not defined (only &amp; &lt; &gt; &quot; &apos; exist without a DTD)"))
    #expect(failure("<a x=1/>") == .malformed(line: 1, message: "an attribute value must be quoted"))
    #expect(failure("<a>\n<b>") == .truncated(element: "b"))
    #expect(failure("<a>\u{1}</a>") == .malformed(line: 1, message: "a control character (1) is not allowed in XML"))
    #expect(failure(String(repeating: "<a>", count: 40)) == .tooDeep)
    #expect(failure("<!DOCTYPE a><a/>") == .doctype)
    guard case .success(let node) = XMLTree.parse(Data("<?xml version=\"1.0\"?><!-- c --><x:r xmlns:x=\"u\" a='1 &amp; 2'>t&#233;&#x41;<![CDATA[<raw>]]>\r\n</x:r>".utf8)) else {
      Issue.record("did not parse")
      return
    }
    #expect(node.name == "r")
    #expect(node.attributes == ["a": "1 & 2"])
    #expect(node.text == "téA<raw>\n")
    guard case .success(let latin) = XMLTree.parse(Data([0x3C, 0x3F] + Array("xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".utf8) + [0xE9] + Array("</a>".utf8))) else {
      Issue.record("latin-1 did not parse")
      return
    }
    #expect(latin.text == "é")
    if case .failure(let f) = XMLTree.parse(Data(Array("<a>".utf8) + [0xC3, 0x28] + Array("</a>".utf8))) {
      #expect(f == .malformed(line: 1, message: "the text is not valid UTF-8"))
    } else {
      Issue.record("invalid UTF-8 was accepted")
    }
  }

  /// How the bytes are read: by byte order mark, then by the declared encoding (UTF-8 when none
  /// is), each to the same text; UTF-8 is validated past long runs of ASCII.
  @Test func encodingsAreReadByMarkAndDeclaration() {
    func text(_ bytes: [UInt8]) -> String? {
      guard case .success(let node) = XMLTree.parse(Data(bytes)) else { return nil }
      return node.text
    }
    func failure(_ bytes: [UInt8]) -> XMLTree.Failure? {
      guard case .failure(let f) = XMLTree.parse(Data(bytes)) else { return nil }
      return f
    }
    let body = Array("<a>café</a>".utf8)
    #expect(text(body) == "café")
    #expect(text([0xEF, 0xBB, 0xBF] + body) == "café")
    #expect(text(Array("<?xml version='1.0' encoding='utf-8'?>".utf8) + body) == "café")
    #expect(text(Array("<?xml version=\"1.0\" encoding = \"US-ASCII\"?>".utf8) + body) == "café")
    #expect(text(Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>".utf8) + [0x80] + Array("</a>".utf8)) == "€")
    let utf16: [UInt8] = [0xFF, 0xFE] + "<a>café</a>".utf16.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
    #expect(text(utf16) == "café")
    #expect(failure(Array("<?xml version=\"1.0\" encoding=\"EBCDIC\"?><a/>".utf8)) == .malformed(line: 1, message: "encoding \"ebcdic\" is not supported"))
    // A bad byte after many lines of ASCII: found, and on its line.
    let ascii = Array(("<a>" + String(repeating: "plain text\n", count: 30)).utf8)
    #expect(failure(ascii + [0xE9] + Array("</a>".utf8)) == .malformed(line: 31, message: "the text is not valid UTF-8"))
    #expect(text(ascii + Array("é</a>".utf8))?.hasSuffix("\né") == true)
  }
}

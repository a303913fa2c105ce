import Foundation
@testable import EdgarOwnership
@testable import LedgerCore
import Testing

@Suite struct EdgarSubmissionTests {
  @Test(.needsCorpus) func theTxtHeaderGivesAccessionTypeFilingDateAndAcceptance() throws {
    let url = Paths.edgar.appendingPathComponent("envelopes/form4A.txt")
    let doc = try EdgarSubmission.decode(Data(contentsOf: url), file: "form4A.txt")
    #expect(doc.accessionNumber == AccessionNumber("0000707549-25-000004"))
    #expect(doc.submissionType == "4/A")
    #expect(doc.filedAt == LedgerDate("2025-01-21"))
    #expect(doc.acceptanceDateTime == "20250121132357")
    #expect(doc.documentType == .form4A)
    #expect(doc.dateOfOriginalSubmission == LedgerDate("2024-11-04"))
  }

  @Test(.needsCorpus) func theOneLineNcHeaderIsReadToo() throws {
    let url = Paths.edgar.appendingPathComponent("envelopes/0001127602-25-004598.nc")
    let doc = try EdgarSubmission.decode(Data(contentsOf: url), file: "x.nc")
    #expect(doc.accessionNumber == AccessionNumber("0001127602-25-004598"))
    #expect(doc.filedAt == LedgerDate("2025-02-13"))
    #expect(doc.submissionType == "4")
    #expect(doc.issuer.issuerTradingSymbol == "ARW")
  }

  /// A submission saved with CR LF line ends: a header tag's value ends at the line end (a CR LF
  /// is one Character, which a character-by-character test misses: the value ran on over the
  /// following header lines up to the next tag).
  @Test(.needsCorpus) func headerTagValuesEndAtCRLFLineEnds() throws {
    let url = Paths.edgar.appendingPathComponent("envelopes/form4A.txt")
    var text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    let header = try EdgarSubmission.header(of: Data(text.utf8), file: "crlf.txt")
    #expect(header.acceptance == "20250121132357")
    #expect(header.accession == AccessionNumber("0000707549-25-000004"))
  }

  @Test(.needsCorpus) func aSubmissionNamedXMLIsReadAsASubmission() throws {
    let data = try Data(contentsOf: Paths.edgar.appendingPathComponent("envelopes/1.txt"))
    let filing = try FilingReader.read(data, file: "really-a-submission.xml")
    #expect(filing.source.format == .edgarSubmission)
    #expect(filing.document.accessionNumber == AccessionNumber("0000842517-24-000086"))
  }

  @Test func aSubmissionWithoutOwnershipXMLIsNotAFiling() {
    let text = "<SEC-DOCUMENT>x\nACCESSION NUMBER:\t0000000001-24-000001\nFILED AS OF DATE:\t20240101\n<DOCUMENT>\n<TYPE>8-K\n<TEXT>hello</TEXT>\n</DOCUMENT>\n"
    #expect(throws: LedgerError.notAFiling(file: "8k.txt", reason: "an EDGAR submission without ownership XML (not a Form 3, 4 or 5)")) {
      try FilingReader.read(Data(text.utf8), file: "8k.txt")
    }
  }

  @Test(.needsCorpus) func theEnvelopeAndItsBareXMLAreOneFiling() throws {
    let store = try LedgerStore()
    let bare = Paths.edgar.appendingPathComponent("deanshelton913/1.txt.primary.xml")
    let first = try store.append(FilingReader.read(Data(contentsOf: bare), file: "1.txt.primary.xml"))
    guard case .recorded(let estimated, _) = first else {
      Issue.record("not recorded: \(first)")
      return
    }
    #expect(estimated.isEstimated)
    let envelope = Paths.edgar.appendingPathComponent("envelopes/1.txt")
    let second = try store.append(FilingReader.read(Data(contentsOf: envelope), file: "1.txt"))
    #expect(second == .recorded(filing: FilingID(rawValue: "0000842517-24-000086"), events: 5))
    // The copy without accession leaves the balances; the filing counts once.
    let h = try store.history(HistoryRequest(person: .cik(CIK("1849440")!)))
    #expect(h.entries.count == 3)
    #expect(h.entries.allSatisfy { $0.filing.rawValue == "0000842517-24-000086" })
    #expect(try store.append(FilingReader.read(Data(contentsOf: bare), file: "again.xml")) == .alreadyRecorded(filing: FilingID(rawValue: "0000842517-24-000086")))
  }
}

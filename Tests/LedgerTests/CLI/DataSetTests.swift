import Foundation
import LedgerCore
import LedgerGenerator
import Testing
import ZIPFoundation

/// SEC Insider Transactions Data Sets: a quarter written by hand in the published format, with its
/// quirks, and data sets written from the real corpus, appended through the binary.
@Suite struct DataSetTests {
  static let jane = "0000222222"
  static let a = "0000222222-24-000001"
  static let b = "0000222222-24-000002"
  static let c = "0000333333-24-000001"

  static func tsv(_ header: [String], _ rows: [[String]]) -> String {
    ([header] + rows).map { $0.joined(separator: "\t") }.joined(separator: "\n") + "\n"
  }

  /// One quarter with what published quarters do: columns in another order and some missing
  /// (no AFF10B5ONE, REMARKS, TRANS_TIMELINESS; no DERIV_HOLDING file at all), `EXCERCISE_DATE`,
  /// booleans as 0/1/true/false, `DD-MON-YYYY` dates, empty cells, rows out of `*_SK` order,
  /// values given only by footnote, and CRLF line ends in one table.
  static func quarter(in dir: URL, unsorted: Bool = false) -> URL {
    let q = dir.appendingPathComponent("2024q1")
    try! FileManager.default.createDirectory(at: q, withIntermediateDirectories: true)
    func put(_ table: String, _ text: String) { try! Data(text.utf8).write(to: q.appendingPathComponent(table + ".tsv")) }
    put(
      "SUBMISSION",
      tsv(
        [
          "ISSUERCIK", "ACCESSION_NUMBER", "DOCUMENT_TYPE", "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB", "NO_SECURITIES_OWNED",
          "NOT_SUBJECT_SEC16", "ISSUERNAME", "ISSUERTRADINGSYMBOL",
        ],
        [
          ["111111", a, "4", "05-JAN-2024", "03-JAN-2024", "", "", "0", "WIDGETS INC", "WDGT"],
          ["111111", b, "4", "12-FEB-2024", "09-FEB-2024", "", "", "false", "WIDGETS INC", "WDGT"],
          ["111111", c, "3", "02-MAR-2024", "29-FEB-2024", "", "true", "0", "WIDGETS INC", "WDGT"],
        ]))
    put(
      "REPORTINGOWNER",
      tsv(
        ["ACCESSION_NUMBER", "RPTOWNERCIK", "RPTOWNERNAME", "RPTOWNER_RELATIONSHIP", "RPTOWNER_TITLE"],
        [
          [a, "222222", "DOE JANE", "Director,Officer", "CEO"],
          [b, "222222", "DOE JANE", "Director,Officer", "CEO"],
          [c, "333333", "ROE RICHARD", "Director", ""],
        ]))
    var trades = [
      // SK 12 comes before SK 11 in the file: the sale follows the exercise.
      [a, "12", "Common Stock", "03-JAN-2024", "4", "S", "false", "400", "25.10", "", "D", "600", "", "D", ""],
      [a, "11", "Common Stock", "03-JAN-2024", "4", "M", "0", "1000", "", "F1", "A", "1000", "", "D", ""],
      [b, "13", "Common Stock", "09-FEB-2024", "4", "G", "1", "100", "", "", "D", "", "F2", "D", ""],
      [b, "14", "common  stock", "09-FEB-2024", "4", "G", "true", "100", "", "", "A", "100", "", "I", "By Trust"],
    ]
    if unsorted { trades.reverse() }
    put(
      "NONDERIV_TRANS",
      tsv(
        [
          "ACCESSION_NUMBER", "NONDERIV_TRANS_SK", "SECURITY_TITLE", "TRANS_DATE", "TRANS_FORM_TYPE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED",
          "TRANS_SHARES", "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN", "TRANS_ACQUIRED_DISP_CD", "SHRS_OWND_FOLWNG_TRANS",
          "SHRS_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP", "NATURE_OF_OWNERSHIP",
        ], trades).replacingOccurrences(of: "\n", with: "\r\n"))
    put(
      "NONDERIV_HOLDING",
      tsv(
        ["ACCESSION_NUMBER", "NONDERIV_HOLDING_SK", "SECURITY_TITLE", "SHRS_OWND_FOLWNG_TRANS", "DIRECT_INDIRECT_OWNERSHIP", "NATURE_OF_OWNERSHIP"],
        [[a, "5", "Common Stock", "5000", "I", "By Spouse"]]))
    put(
      "DERIV_TRANS",
      tsv(
        [
          "ACCESSION_NUMBER", "DERIV_TRANS_SK", "SECURITY_TITLE", "CONV_EXERCISE_PRICE", "TRANS_DATE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED",
          "TRANS_SHARES", "TRANS_ACQUIRED_DISP_CD", "EXCERCISE_DATE", "EXPIRATION_DATE", "UNDLYNG_SEC_TITLE", "UNDLYNG_SEC_SHARES",
          "SHRS_OWND_FOLWNG_TRANS", "DIRECT_INDIRECT_OWNERSHIP",
        ],
        [[a, "21", "Stock Option (right to buy)", "10.5", "03-JAN-2024", "M", "False", "1000", "D", "15-MAR-2022", "15-MAR-2031", "Common Stock", "1000", "4000", "D"]]
      ))
    put(
      "FOOTNOTES",
      tsv(
        ["ACCESSION_NUMBER", "FOOTNOTE_ID", "FOOTNOTE_TXT"],
        [
          [a, "F1", "Weighted average price; prices ranged from $24.90 to $25.30."],
          [b, "F2", "The reporting person's holdings after the gift are under review."],
        ]))
    put(
      "OWNER_SIGNATURE",
      tsv(
        ["ACCESSION_NUMBER", "OWNERSIGNATURENAME", "OWNERSIGNATUREDATE"],
        [[a, "/s/ Jane Doe", "05-JAN-2024"], [b, "/s/ Jane Doe", "12-FEB-2024"], [c, "/s/ Richard Roe", "01-MAR-2024"]]))
    return q
  }

  static func documents(_ path: String) throws -> [String: OwnershipDocument] {
    var out: [String: OwnershipDocument] = [:]
    for r in try DataSetReader(path: path) {
      let f = try r.get()
      out[f.document.accessionNumber!.rawValue] = f.document
    }
    return out
  }

  @Test func theQuirksOfAPublishedQuarterAreRead() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = try Self.documents(Self.quarter(in: dir).path)
    #expect(docs.count == 3)
    let a = try #require(docs[Self.a])
    #expect(a.filedAt == LedgerDate("2024-01-05"))
    #expect(a.periodOfReport == LedgerDate("2024-01-03"))
    #expect(a.notSubjectToSection16?.value == false)
    #expect(a.aff10b5One == nil)
    #expect(a.reportingOwners.first?.reportingOwnerId.rptOwnerCik == CIK("0000222222"))
    #expect(a.reportingOwners.first?.reportingOwnerRelationship?.isOfficer?.value == true)
    #expect(a.reportingOwners.first?.reportingOwnerRelationship?.officerTitle == "CEO")
    let trades = try #require(a.nonDerivativeTable?.transactions)
    #expect(trades.map { $0.transactionCoding?.transactionCode } == [.M, .S])
    #expect(trades.map { $0.transactionCoding?.equitySwapInvolved?.value } == [false, false])
    #expect(trades[0].transactionAmounts?.transactionPricePerShare?.value == nil)
    #expect(trades[0].transactionAmounts?.transactionPricePerShare?.footnoteIds == ["F1"])
    #expect(trades[0].transactionTimeliness == nil)
    let option = try #require(a.derivativeTable?.transactions.first)
    #expect(option.exerciseDate?.value == LedgerDate("2022-03-15"))
    #expect(option.expirationDate?.value == LedgerDate("2031-03-15"))
    #expect(option.conversionOrExercisePrice?.value == Amount("10.5"))
    #expect(a.footnotes.map(\.id) == ["F1"])
    let b = try #require(docs[Self.b])
    #expect(b.notSubjectToSection16?.value == false)
    #expect(b.nonDerivativeTable?.transactions.map { $0.transactionCoding?.equitySwapInvolved?.value } == [true, true])
    let gift = try #require(b.nonDerivativeTable?.transactions.first)
    #expect(gift.postTransactionAmounts?.sharesOwnedFollowingTransaction?.value == nil)
    #expect(gift.postTransactionAmounts?.sharesOwnedFollowingTransaction?.footnoteIds == ["F2"])
    let c = try #require(docs[Self.c])
    #expect(c.noSecuritiesOwned?.value == true)
    #expect(c.nonDerivativeTable == nil && c.derivativeTable == nil)
  }

  @Test func aQuarterGivesBalancesInRowOrderAndKeepsFootnoteOnlyAmountsUnknown() throws {
    let cli = CLI()
    let q = Self.quarter(in: cli.directory)
    let r = cli.run(["append", q.path])
    #expect(r.status == 0)
    #expect(r.stdout == "Appended 3 filings (9 events); already recorded 0; skipped 0 (not filings); refused 0; 1 file.\n")
    let january = try cli.json(["holdings", "--cik", Self.jane, "--asof", "2024-01-31"])
    let jan = try #require(january["positions"] as? [[String: Any]])
    #expect(jan.count == 3)
    let direct = try #require(jan.first { $0["security"] as? String == "Common Stock" && $0["ownership"] as? String == "D" })
    #expect(direct["shares"] as? Int == 600)
    #expect(direct["accession"] as? String == Self.a)
    #expect(direct["filedAt"] as? String == "2024-01-05")
    let spouse = try #require(jan.first { $0["nature"] as? String == "By Spouse" })
    #expect(spouse["shares"] as? Int == 5000)
    let option = try #require(jan.first { $0["derivative"] as? Bool == true })
    #expect(option["shares"] as? Int == 4000)
    #expect((option["exercisePrice"] as? NSNumber)?.decimalValue == Decimal(string: "10.5"))
    #expect(option["expirationDate"] as? String == "2031-03-15")

    let march = try cli.json(["holdings", "--cik", Self.jane, "--asof", "2024-03-01"])
    let mar = try #require(march["positions"] as? [[String: Any]])
    let unknown = try #require(mar.first { $0["security"] as? String == "Common Stock" && $0["ownership"] as? String == "D" })
    #expect(unknown["shares"] is NSNull)
    let notes = try #require(unknown["sharesFootnotes"] as? [[String: Any]])
    #expect(notes.first?["id"] as? String == "F2")
    #expect(notes.first?["text"] as? String == "The reporting person's holdings after the gift are under review.")
    let trust = try #require(mar.first { $0["nature"] as? String == "By Trust" })
    #expect(trust["shares"] as? Int == 100)
    #expect(trust["security"] as? String == "common  stock")
    #expect(mar.count == 4)
  }

  @Test func unsortedTablesAndAZipGiveTheSameLedger() throws {
    let sorted = CLI()
    #expect(sorted.run(["append", Self.quarter(in: sorted.directory).path]).status == 0)
    let unsorted = CLI()
    let r = unsorted.run(["append", Self.quarter(in: unsorted.directory, unsorted: true).path])
    #expect(r.stdout == "Appended 3 filings (9 events); already recorded 0; skipped 0 (not filings); refused 0; 1 file.\n")
    let zipped = CLI()
    let folder = Self.quarter(in: zipped.directory)
    let zip = zipped.directory.appendingPathComponent("2024q1_form345.zip")
    try FileManager.default.zipItem(at: folder, to: zip)
    try FileManager.default.removeItem(at: folder)
    let z = zipped.run(["append", zip.path])
    #expect(z.status == 0)
    #expect(z.stdout == "Appended 3 filings (9 events); already recorded 0; skipped 0 (not filings); refused 0; 1 file.\n")
    // The same answers; only the file each filing was recorded from (a folder, a ZIP) differs.
    func withoutSources(_ text: String) -> String { text.split(separator: "\n").filter { !$0.contains(#""source": "#) }.joined(separator: "\n") }
    for args in [["holdings", "--cik", Self.jane, "--asof", "2024-03-01", "--format", "json"], ["history", "--cik", Self.jane, "--format", "json"]] {
      let expected = withoutSources(sorted.run(args).stdout)
      #expect(!expected.isEmpty)
      #expect(withoutSources(unsorted.run(args).stdout) == expected)
      #expect(withoutSources(zipped.run(args).stdout) == expected)
    }
    // The same quarter again records nothing.
    let again = zipped.run(["append", zip.path])
    #expect(again.stdout == "Appended 0 filings (0 events); already recorded 3; skipped 0 (not filings); refused 0; 1 file.\n")
  }

  @Test func aBadCellIsRefusedByTableLineAndColumn() throws {
    let cli = CLI()
    let q = Self.quarter(in: cli.directory)
    let url = q.appendingPathComponent("NONDERIV_TRANS.tsv")
    let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\t400\t", with: "\t4O0\t")
    try Data(text.utf8).write(to: url)
    let r = cli.run(["append", q.path])
    #expect(r.status == 65)
    #expect(r.stdout == "Appended 2 filings (4 events); already recorded 0; skipped 0 (not filings); refused 1; 1 file.\n")
    #expect(r.stderr == "refused \(q.path)#\(Self.a): NONDERIV_TRANS.tsv line 2 TRANS_SHARES: \"4O0\" is not a number\n")
    // The refused filing left nothing: its accession is not in the ledger.
    let history = try cli.json(["history", "--cik", Self.jane])
    let entries = try #require(history["entries"] as? [[String: Any]])
    #expect(!entries.contains { $0["accession"] as? String == Self.a })
  }

  /// A line longer than any a data set has (here a 17 MiB footnote, then a table with no line
  /// end at all) refuses the data set by table and line, before anything is recorded, instead
  /// of holding the file whole in memory.
  @Test func anOverlongLineRefusesTheDataSetByTableAndLine() throws {
    let cli = CLI()
    let q = Self.quarter(in: cli.directory)
    let url = q.appendingPathComponent("FOOTNOTES.tsv")
    let published = try Data(contentsOf: url)
    let footnotes = try FileHandle(forWritingTo: url)
    try footnotes.seekToEnd()
    try footnotes.write(contentsOf: Data("\(Self.b)\tF3\t".utf8) + Data(repeating: 0x78, count: 17 << 20) + Data("\n".utf8))
    try footnotes.close()
    let r = cli.run(["append", q.path])
    #expect(r.status == 65)
    #expect(r.stdout == "Appended 0 filings (0 events); already recorded 0; skipped 0 (not filings); refused 1; 1 file.\n")
    #expect(r.stderr == "refused \(q.path): FOOTNOTES.tsv line 4: is longer than 16 MiB (a data set's lines are a few KB)\n")

    try Data(repeating: 0x78, count: 17 << 20).write(to: url)
    let header = cli.run(["append", q.path])
    #expect(header.status == 65)
    #expect(header.stderr == "refused \(q.path): FOOTNOTES.tsv line 1: is longer than 16 MiB (a data set's lines are a few KB)\n")
    // Nothing was recorded by either: the quarter, mended, is appended whole.
    try published.write(to: url)
    let mended = cli.run(["append", q.path])
    #expect(mended.stdout == "Appended 3 filings (9 events); already recorded 0; skipped 0 (not filings); refused 0; 1 file.\n")
  }

  /// Every indexed corpus document written as one data set: appended after the XML it records
  /// nothing, appended before it the XML records nothing, and the balances agree.
  @Test(.needsCorpus) func aDataSetAndTheXMLOfTheSameFilingsAreRecordedOnce() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var byAccession: [String: Corpus.Entry] = [:]
    for e in Corpus.index where !e.accession.isEmpty && !e.filingDate.isEmpty { byAccession[e.accession] = byAccession[e.accession] ?? e }
    let entries = byAccession.values.sorted { $0.accession < $1.accession }
    #expect(entries.count > 150)
    let folder = dir.appendingPathComponent("corpus-dataset")
    let writer = try DataSetWriter(directory: folder)
    for e in entries { try writer.write(Corpus.imported(e).document) }
    try writer.close()

    let xmlFirst = CLI()
    let store = try LedgerStore(path: xmlFirst.db.path, mode: .readWrite)
    for e in entries { _ = try store.append(Corpus.imported(e)) }
    let events = try xmlFirst.eventCount()
    let r = xmlFirst.run(["append", folder.path])
    #expect(r.stderr == "")
    #expect(r.stdout == "Appended 0 filings (0 events); already recorded \(entries.count); skipped 0 (not filings); refused 0; 1 file.\n")
    #expect(try xmlFirst.eventCount() == events)

    let dataSetFirst = CLI()
    let d = dataSetFirst.run(["append", folder.path])
    #expect(d.stdout.hasPrefix("Appended \(entries.count) filings"))
    let second = try LedgerStore(path: dataSetFirst.db.path, mode: .readWrite)
    for e in entries {
      let outcome = try second.append(Corpus.imported(e))
      guard case .alreadyRecorded = outcome else {
        Issue.record("\(e.file) was recorded again: \(outcome)")
        continue
      }
    }
    let musk = ["holdings", "--cik", "0001494730", "--asof", "2021-11-10", "--format", "json"]
    let fromXML = xmlFirst.run(musk).stdout
    #expect(fromXML.contains("166904938"))
    #expect(fromXML.contains("1220481"))
    // The filings' sources differ (XML file or data set row), so compare the balances alone.
    func balances(_ text: String) throws -> [String] {
      let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
      return (json["positions"] as! [[String: Any]]).map { "\($0["security"]!) \($0["ownership"]!) \($0["nature"]!) \($0["shares"]!) \($0["accession"]!)" }
    }
    #expect(try balances(dataSetFirst.run(musk).stdout) == balances(fromXML))
  }
}

import Foundation
import LedgerGenerator
import ZIPFoundation

/// A small EDGAR made from the real filings in `../shared/edgar`, laid out by URL path as the
/// SEC serves it: Musk's and Tesla's submissions indexes (Musk's with an older page), each
/// filing's full submission, the ticker list, and one quarter's data set.
enum EdgarTree {
  static let musk = "0001494730"
  static let tesla = "0001318605"
  static let quarter = "2021q4"

  /// The indexed filings that have an accession number and a filing date, in the order a fetch
  /// appends them: filing date, then accession.
  static let filings: [Corpus.Entry] = Corpus.index.filter { !$0.accession.isEmpty && !$0.filingDate.isEmpty }
    .sorted { ($0.filingDate, $0.accession) < ($1.filingDate, $1.accession) }

  static var muskFilings: [Corpus.Entry] { filings.filter { $0.ownerCiks.contains(musk) } }
  static var teslaFilings: [Corpus.Entry] { filings.filter { $0.issuerCik == tesla } }
  /// The filings of the served quarter's data set.
  static var quarterFilings: [Corpus.Entry] { filings.filter { $0.filingDate >= "2021-10-01" && $0.filingDate <= "2021-12-31" } }

  static func compact(_ date: String) -> String { date.replacingOccurrences(of: "-", with: "") }

  /// The full submission of a filing: its SGML header, then its XML as it was published.
  static func submission(_ e: Corpus.Entry) throws -> Data {
    let xml = try Data(contentsOf: Corpus.url(e))
    let d = compact(e.filingDate)
    var head = "<SEC-DOCUMENT>\(e.accession).txt : \(d)\n<SEC-HEADER>\(e.accession).hdr.sgml : \(d)\n<ACCEPTANCE-DATETIME>\(d)163012\n"
    head += "ACCESSION NUMBER:\t\t\(e.accession)\nCONFORMED SUBMISSION TYPE:\t\(e.documentType)\nPUBLIC DOCUMENT COUNT:\t\t1\n"
    head += "FILED AS OF DATE:\t\t\(d)\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>\(e.documentType)\n<SEQUENCE>1\n"
    head += "<FILENAME>\((e.file as NSString).lastPathComponent)\n<TEXT>\n<XML>\n"
    return Data(head.utf8) + xml + Data("\n</XML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n".utf8)
  }

  static func filingPath(_ e: Corpus.Entry, cik: String) -> String {
    "/Archives/edgar/data/\(Int(cik)!)/\(e.accession.replacingOccurrences(of: "-", with: ""))/\(e.accession).txt"
  }

  static let dataSetPath = "/files/structureddata/data/insider-transactions-data-sets/\(quarter)_form345.zip"

  /// Columns of a submissions index, with one filing that is not an ownership form (a fetch
  /// must leave it alone).
  static func columns(_ entries: [Corpus.Entry], other: (String, String)? = nil) -> [String: Any] {
    var rows = entries.map { ($0.accession, $0.filingDate, $0.documentType, ($0.file as NSString).lastPathComponent) }
    if let (accession, date) = other { rows.append((accession, date, "SC 13G", "primary_doc.xml")) }
    rows.sort { $0.1 > $1.1 }
    return [
      "accessionNumber": rows.map(\.0), "filingDate": rows.map(\.1), "reportDate": rows.map(\.1),
      "acceptanceDateTime": rows.map { "\($0.1)T16:30:12.000Z" }, "form": rows.map(\.2), "primaryDocument": rows.map(\.3),
    ]
  }

  static func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

  /// Every file of the tree, by URL path.
  static func files() throws -> [String: Data] {
    var files: [String: Data] = [:]
    for e in muskFilings { files[filingPath(e, cik: musk)] = try submission(e) }
    for e in teslaFilings { files[filingPath(e, cik: tesla)] = try submission(e) }
    // Musk's index: the filings from 2021 on are recent, the older ones on an older page.
    let recent = muskFilings.filter { $0.filingDate >= "2021-01-01" }
    let older = muskFilings.filter { $0.filingDate < "2021-01-01" }
    let page = "CIK\(musk)-submissions-001.json"
    files["/submissions/CIK\(musk).json"] = try json([
      "cik": "1494730", "name": "Musk Elon", "tickers": [String](),
      "filings": [
        "recent": columns(recent, other: ("0001104659-22-000001", "2022-01-03")),
        "files": [["name": page, "filingCount": older.count, "filingFrom": older.first!.filingDate, "filingTo": older.last!.filingDate]],
      ],
    ])
    files["/submissions/\(page)"] = try json(columns(older))
    files["/submissions/CIK\(tesla).json"] = try json([
      "cik": "1318605", "name": "Tesla, Inc.", "tickers": ["TSLA"],
      "filings": ["recent": columns(teslaFilings, other: ("0000950170-22-000796", "2022-02-07")), "files": [[String: Any]]()],
    ])
    files["/files/company_tickers.json"] = try json([
      "0": ["cik_str": 1_318_605, "ticker": "TSLA", "title": "Tesla, Inc."],
      "1": ["cik_str": 1_766_363, "ticker": "EDR", "title": "Endeavor Group Holdings, Inc."],
      "2": ["cik_str": 1_067_983, "ticker": "BRK-B", "title": "BERKSHIRE HATHAWAY INC"],
    ])
    files[dataSetPath] = try dataSet()
    return files
  }

  /// The served quarter's data set, written by the project's data-set writer and zipped.
  static func dataSet() throws -> Data {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let folder = dir.appendingPathComponent("\(quarter)_form345")
    let writer = try DataSetWriter(directory: folder)
    for e in quarterFilings { try writer.write(Corpus.imported(e).document) }
    try writer.close()
    let zip = dir.appendingPathComponent("\(quarter)_form345.zip")
    try FileManager.default.zipItem(at: folder, to: zip)
    return try Data(contentsOf: zip)
  }

  /// Writes `entries`' submissions to `folder`, named as EDGAR names them, and returns their
  /// paths in the order given.
  static func write(_ entries: [Corpus.Entry], to folder: URL) throws -> [String] {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return try entries.map { e in
      let url = folder.appendingPathComponent("\(e.accession).txt")
      try submission(e).write(to: url)
      return url.path
    }
  }
}

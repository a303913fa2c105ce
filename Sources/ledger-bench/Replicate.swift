import ArgumentParser
import Foundation

/// `ledger-bench replicate`: a real-shaped corpus. The filings of a folder of real EDGAR
/// documents (`../shared/edgar`), copied round-robin into `count` full submissions, each under an
/// issuer CIK and an accession number of its own, so that every copy is a new filing with the
/// real filing's long footnotes, remarks and rows. The reporting owners stay: Musk's filings,
/// copied, make a holder of thousands of lines.
struct Replicate: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Copy real filings into many unique EDGAR submissions (a real-shaped corpus).")

  @Option(help: "Folder of real ownership XML and submissions.") var from: String
  @Option(help: "How many submissions to write.") var count = 20_000
  @Option(help: "Folder to write them to, a thousand per subfolder.") var out: String

  func run() throws {
    let written = try Replicate.write(from: URL(fileURLWithPath: from), count: count, to: URL(fileURLWithPath: out))
    print("Wrote \(written) submissions from real filings.")
  }

  /// The ownership XML of each document below `folder` (a bare XML, or the `<XML>` part of a
  /// submission), with its filing date when a submission header gives one. Sorted by path.
  static func sources(_ folder: URL) -> [(xml: String, filed: String?)] {
    guard let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) else { return [] }
    var out: [(String, String?)] = []
    for name in names.sorted() where [".xml", ".txt", ".nc"].contains(where: name.hasSuffix) {
      guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
      let text = String(decoding: data, as: UTF8.self)
      guard let start = text.range(of: "<ownershipDocument") else { continue }
      let end = text.range(of: "</ownershipDocument>", range: start.upperBound..<text.endIndex)
      guard let end else { continue }
      let filed = first(#"FILED AS OF DATE:\s*(\d{8})"#, in: text) ?? first(#"<FILING-DATE>(\d{8})"#, in: text)
      out.append((String(text[start.lowerBound..<end.upperBound]), filed))
    }
    return out
  }

  static func write(from folder: URL, count: Int, to out: URL) throws -> Int {
    let documents = sources(folder)
    guard !documents.isEmpty else { throw ValidationError("no ownership documents under \(folder.path)") }
    for i in 0..<count {
      let (original, filedText) = documents[i % documents.count]
      let cik = String(format: "%010d", 9_000_000_000 + i)
      let xml = original.replacingOccurrences(of: #"<issuerCik>\s*[0-9]+\s*</issuerCik>"#, with: "<issuerCik>\(cik)</issuerCik>", options: .regularExpression)
      let type = first(#"<documentType>\s*([0-9A-Z/]+)\s*</documentType>"#, in: xml) ?? "4"
      let period = (first(#"<periodOfReport>\s*([0-9-]{10})\s*</periodOfReport>"#, in: xml) ?? "2020-01-01").replacingOccurrences(of: "-", with: "")
      let signed = first(#"<signatureDate>\s*([0-9-]{10})\s*</signatureDate>"#, in: xml)?.replacingOccurrences(of: "-", with: "")
      let filed = filedText ?? signed ?? period
      let accession = String(format: "9999999999-%02d-%06d", (Int(filed.prefix(4)) ?? 2020) % 100, i)
      var s = "<SEC-DOCUMENT>\(accession).txt : \(filed)\n<SEC-HEADER>\(accession).hdr.sgml : \(filed)\n"
      s += "<ACCEPTANCE-DATETIME>\(filed)160000\nACCESSION NUMBER:\t\t\(accession)\nCONFORMED SUBMISSION TYPE:\t\(type)\n"
      s += "PUBLIC DOCUMENT COUNT:\t\t1\nCONFORMED PERIOD OF REPORT:\t\(period)\nFILED AS OF DATE:\t\t\(filed)\n</SEC-HEADER>\n"
      s += "<DOCUMENT>\n<TYPE>\(type)\n<SEQUENCE>1\n<FILENAME>form.xml\n<TEXT>\n<XML>\n<?xml version=\"1.0\"?>\n\(xml)\n</XML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
      let dir = out.appendingPathComponent(String(format: "%05d", i / 1000))
      if i % 1000 == 0 { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
      try Data(s.utf8).write(to: dir.appendingPathComponent(accession + ".txt"))
    }
    return count
  }

  static func first(_ pattern: String, in text: String) -> String? {
    guard let regex = try? NSRegularExpression(pattern: pattern),
      let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), m.numberOfRanges > 1,
      let r = Range(m.range(at: 1), in: text)
    else { return nil }
    return String(text[r])
  }
}

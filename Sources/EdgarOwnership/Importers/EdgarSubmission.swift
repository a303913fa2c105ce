import Foundation

/// Reads an EDGAR full submission: the `.txt` form with an SGML header (`ACCESSION NUMBER:`,
/// `CONFORMED SUBMISSION TYPE:`, `FILED AS OF DATE:`, `<ACCEPTANCE-DATETIME>`) or the one-line
/// `.nc` form (`<ACCESSION-NUMBER>`, `<TYPE>`, `<FILING-DATE>`). The ownership XML is the
/// content of the first `<XML>` block holding an `<ownershipDocument>`.
public enum EdgarSubmission {
  public struct Header: Equatable, Sendable {
    public var accession: AccessionNumber?
    public var submissionType: String?
    public var filedAt: LedgerDate?
    public var acceptance: String?
  }

  public static func decode(_ data: Data, file: String) throws(LedgerError) -> OwnershipDocument {
    guard let xml = ownershipXML(in: data) else {
      throw .notAFiling(file: file, reason: "an EDGAR submission without ownership XML (not a Form 3, 4 or 5)")
    }
    let header = try header(of: data, file: file)
    var doc = try EdgarXML.decode(xml, file: file)
    doc.accessionNumber = header.accession
    doc.filedAt = header.filedAt
    doc.acceptanceDateTime = header.acceptance
    doc.submissionType = header.submissionType
    return doc
  }

  /// True when the submission carries ownership XML.
  static func hasOwnershipXML(_ data: Data) -> Bool { ownershipXML(in: data) != nil }

  /// The header facts. The accession number and filing date are required.
  static func header(of data: Data, file: String) throws(LedgerError) -> Header {
    let end = data.range(of: "<DOCUMENT>")?.lowerBound ?? data.endIndex
    let head = data[data.startIndex..<end]
    let labelled = fields(head, labels: ["ACCESSION NUMBER:", "FILED AS OF DATE:", "CONFORMED SUBMISSION TYPE:"])
    var h = Header()
    let accessionText = labelled[0] ?? tag(head, "<ACCESSION-NUMBER>")
    guard let accessionText else {
      throw .invalidField(file: file, path: "ACCESSION NUMBER", message: "is missing from the submission header")
    }
    guard let accession = AccessionNumber(accessionText) else {
      throw .invalidField(file: file, path: "ACCESSION NUMBER", message: "\(quoted(accessionText)) is not an accession number")
    }
    // The `.txt` form names its accession twice: on its first line (`<SEC-DOCUMENT>ACCESSION.txt
    // : YYYYMMDD`) and in the header. Two different numbers: which filing this is cannot be told.
    if let first = firstLineAccession(data), first != accession {
      throw .invalidField(
        file: file, path: "ACCESSION NUMBER", message: "\(accession) differs from \(first) on the submission's first line (<SEC-DOCUMENT>); refused")
    }
    h.accession = accession
    let filedText = labelled[1] ?? tag(head, "<FILING-DATE>")
    guard let filedText else {
      throw .invalidField(file: file, path: "FILED AS OF DATE", message: "is missing from the submission header")
    }
    guard let filed = LedgerDate(compact: filedText) else {
      throw .invalidField(file: file, path: "FILED AS OF DATE", message: "\(quoted(filedText)) is not a date (YYYYMMDD)")
    }
    h.filedAt = filed
    h.submissionType = labelled[2] ?? tag(head, "<TYPE>")
    h.acceptance = tag(head, "<ACCEPTANCE-DATETIME>")
    return h
  }

  /// The accession number the first line gives, `<SEC-DOCUMENT>0000899243-22-035394.txt : ...`.
  static func firstLineAccession(_ data: Data) -> AccessionNumber? {
    let prefix = "<SEC-DOCUMENT>"
    guard data.starts(with: prefix.utf8) else { return nil }
    let start = data.startIndex + prefix.utf8.count
    var end = start
    while end < data.endIndex, data[end] != UInt8(ascii: "."), data[end] != 0x0A, data[end] != 0x0D, data[end] != 0x20 { end += 1 }
    return AccessionNumber(String(decoding: data[start..<end], as: UTF8.self))
  }

  /// The values of `LABEL:<tabs>value` header lines, for each label the first line that has
  /// it (nil where none does, or where its value is empty), in one pass over the bytes.
  static func fields(_ header: Data, labels: [StaticString]) -> [String?] {
    var values = [String?](repeating: nil, count: labels.count)
    var found = [Bool](repeating: false, count: labels.count)
    var left = labels.count
    header.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      let bytes = raw.bindMemory(to: UInt8.self)
      var i = 0
      while i < bytes.count && left > 0 {
        var lineEnd = i
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
        var start = i
        while start < lineEnd, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        for (n, label) in labels.enumerated() where !found[n] {
          let count = label.utf8CodeUnitCount
          guard lineEnd - start >= count, memcmp(bytes.baseAddress! + start, label.utf8Start, count) == 0 else { continue }
          found[n] = true
          left -= 1
          values[n] = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + count)..<lineEnd]), as: UTF8.self).nonEmptyTrimmed
        }
        i = lineEnd + 1
      }
    }
    return values
  }

  /// `<TAG>value` up to the next tag or line end, for `tag` given with its brackets (searched in
  /// bytes: Foundation's string search is slow on Linux, and a CR LF line end is one Character
  /// that a character test misses).
  static func tag(_ header: Data, _ tag: String) -> String? {
    guard let r = header.range(of: tag) else { return nil }
    var end = r.upperBound
    while end < header.endIndex, header[end] != 0x3C, header[end] != 0x0A, header[end] != 0x0D { end += 1 }
    return String(decoding: header[r.upperBound..<end], as: UTF8.self).nonEmptyTrimmed
  }

  static func ownershipXML(in data: Data) -> Data? {
    var searchFrom = data.startIndex
    while let start = data.range(of: "<XML>", from: searchFrom) {
      guard let end = data.range(of: "</XML>", from: start.upperBound) else { return nil }
      let body = data[start.upperBound..<end.lowerBound]
      if let root = data.range(of: "<ownershipDocument", from: start.upperBound), root.upperBound <= end.lowerBound {
        // The XML starts after the line break that follows <XML>.
        var s = body.startIndex
        while s < body.endIndex, body[s] == 0x0A || body[s] == 0x0D || body[s] == 0x20 || body[s] == 0x09 { s += 1 }
        return body[s...]  // a slice: the bytes are not copied
      }
      searchFrom = end.upperBound
    }
    return nil
  }
}

import Foundation

/// Reads a filing from bytes in whichever format they are: filing JSON, EDGAR ownership XML, or
/// an EDGAR submission (`.txt`, `.nc`) wrapping the XML. The content decides, not the extension.
public enum FilingReader {
  /// What a file turned out to be.
  public enum Kind: Sendable, Equatable {
    case filingJSON
    case edgarXML
    case edgarSubmission
    /// Not a filing at all (the reason says what it is).
    case notAFiling(String)
  }

  /// Looks at the first bytes to tell what the file holds.
  public static func sniff(_ data: Data) -> Kind {
    var i = data.startIndex
    // Skip a UTF-8 byte order mark and leading whitespace.
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { i = data.index(i, offsetBy: 3) }
    while i < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[i]) { i = data.index(after: i) }
    guard i < data.endIndex else { return .notAFiling("empty") }
    let head = String(decoding: data[i..<min(data.endIndex, i + 512)], as: UTF8.self)
    if data[i] == UInt8(ascii: "{") { return .filingJSON }
    if head.hasPrefix("<SEC-DOCUMENT>") || head.hasPrefix("<SEC-HEADER>") || head.hasPrefix("<SUBMISSION>")
      || head.hasPrefix("<IMS-DOCUMENT>")
    {
      return .edgarSubmission
    }
    if data[i] == UInt8(ascii: "<") { return .edgarXML }
    return .notAFiling("neither filing JSON, EDGAR XML nor an EDGAR submission")
  }

  /// Reads one filing from `data`, named `file` in messages.
  public static func read(_ data: Data, file: String, overrides: EnvelopeOverrides = .init()) throws(LedgerError) -> ImportedFiling {
    let kind = sniff(data)
    var doc: OwnershipDocument
    let format: ImportedFiling.Format
    switch kind {
    case .filingJSON:
      if let reason = FilingJSON.notAFiling(data) { throw .notAFiling(file: file, reason: reason) }
      doc = try FilingJSON.decode(data, file: file)
      format = .filingJSON
    case .edgarXML:
      doc = try EdgarXML.decode(data, file: file)
      format = .edgarXML
    case .edgarSubmission:
      doc = try EdgarSubmission.decode(data, file: file)
      format = .edgarSubmission
    case .notAFiling(let reason):
      throw .notAFiling(file: file, reason: reason)
    }
    try overrides.apply(to: &doc, file: file)
    if doc.amends != nil && !doc.documentType.isAmendment {
      throw .invalidField(
        file: file, path: "amends", message: "names an amended filing, but form \(doc.documentType.rawValue) is not an amendment (3/A, 4/A, 5/A)")
    }
    let name = Inputs.lastComponent(file)
    return ImportedFiling(document: doc, source: .init(name: name, format: format, sha256: Hashing.sha256Hex(data)), file: file)
  }
}

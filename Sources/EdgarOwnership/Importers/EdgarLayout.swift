import Foundation

/// Envelope facts a bare ownership XML lacks, taken from where EDGAR keeps it: its folder
/// (`edgar/data/CIK/NNNNNNNNNNYYNNNNNN/doc4.xml` names the accession) or a manifest.
public enum EdgarLayout {
  /// The accession a path's folders name: the deepest folder whose name is 18 digits
  /// (`000089924321044225`), or in EDGAR's dashed form (`0000899243-21-044225`).
  public static func accession(inPath path: String) -> AccessionNumber? {
    let folders = path.split(separator: "/").dropLast()
    for name in folders.reversed() {
      if name.count == 18, name.allSatisfy({ $0.isASCII && $0.isNumber }) {
        return AccessionNumber("\(name.prefix(10))-\(name.dropFirst(10).prefix(2))-\(name.suffix(6))")
      }
      if let a = AccessionNumber(String(name)) { return a }
    }
    return nil
  }
}

/// A manifest of filings: a tab-separated file with a header naming at least the columns
/// `file`, `accession` and `filingDate` (other columns are ignored). `file` is a path relative
/// to the manifest's folder (or absolute). An empty accession or date says nothing.
public struct FilingManifest: Sendable {
  /// By standardized absolute path.
  private let entries: [String: EnvelopeOverrides]
  public let name: String

  public init(path: String) throws(LedgerError) {
    name = path
    guard let data = FileManager.default.contents(atPath: path) else { throw .fileMissing(file: path) }
    let text = String(decoding: data, as: UTF8.self)
    var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    guard !lines.isEmpty else { throw .invalidFile(file: path, message: "is empty (a manifest has a header: file, accession, filingDate)") }
    let header = lines.removeFirst().map { $0.trimmingCharacters(in: .whitespaces) }
    guard let f = header.firstIndex(of: "file"), let a = header.firstIndex(of: "accession"), let d = header.firstIndex(of: "filingDate") else {
      throw .invalidField(file: path, path: "line 1", message: "the header must name the columns file, accession and filingDate")
    }
    let base = URL(fileURLWithPath: path).deletingLastPathComponent()
    var entries: [String: EnvelopeOverrides] = [:]
    for (i, cells) in lines.enumerated() where cells.count > max(f, a, d) {
      let file = cells[f].trimmingCharacters(in: .whitespaces)
      guard !file.isEmpty else { continue }
      let accessionText = cells[a].trimmingCharacters(in: .whitespaces)
      let dateText = cells[d].trimmingCharacters(in: .whitespaces)
      let accession = accessionText.isEmpty ? nil : AccessionNumber(accessionText)
      if !accessionText.isEmpty && accession == nil {
        throw .invalidField(file: path, path: "line \(i + 2) accession", message: "\(quoted(accessionText)) is not an accession number")
      }
      let date = dateText.isEmpty ? nil : LedgerDate(dateText)
      if !dateText.isEmpty && date == nil {
        throw .invalidField(file: path, path: "line \(i + 2) filingDate", message: "\(quoted(dateText)) is not a date (YYYY-MM-DD)")
      }
      let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : base.appendingPathComponent(file)
      entries[url.standardizedFileURL.path] = EnvelopeOverrides(accession: accession, filedAt: date, origin: "the manifest")
    }
    self.entries = entries
  }

  /// What the manifest says of a file, if it names it.
  public func overrides(for file: String) -> EnvelopeOverrides? {
    entries[URL(fileURLWithPath: file).standardizedFileURL.path]
  }
}

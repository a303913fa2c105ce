import EdgarOwnership
import Foundation
import LedgerCore

/// Writes generated filings as EDGAR submissions (one `.txt` per filing, a thousand per folder)
/// and/or as quarterly SEC data sets (`YYYYqN/` folders of the eight tables).
public final class GeneratorOutput {
  let xmlDirectory: URL?
  let dataSetDirectory: URL?
  private var writers: [String: DataSetWriter] = [:]
  private var openQuarter: String?
  public private(set) var filings = 0
  public private(set) var rows = 0

  public init(xml: URL?, dataSets: URL?) throws {
    xmlDirectory = xml
    dataSetDirectory = dataSets
    for d in [xml, dataSets].compactMap({ $0 }) { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
  }

  public func write(_ doc: OwnershipDocument) throws {
    filings += 1
    rows += doc.rows.count
    if let xmlDirectory {
      let folder = xmlDirectory.appendingPathComponent(String(format: "%04d/%03d", doc.filedAt!.year, (filings / 1000) % 1000))
      if filings % 1000 == 1 || !FileManager.default.fileExists(atPath: folder.path) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      }
      try Self.write(EdgarXMLWriter.submission(doc), to: folder.appendingPathComponent(doc.accessionNumber!.rawValue + ".txt").path)
    }
    if let dataSetDirectory {
      let d = doc.filedAt!
      let quarter = "\(d.year)q\((d.month - 1) / 3 + 1)"
      if openQuarter != quarter {
        try writers[openQuarter ?? ""]?.close()
        writers = [:]
        writers[quarter] = try DataSetWriter(directory: dataSetDirectory.appendingPathComponent(quarter))
        openQuarter = quarter
      }
      try writers[quarter]!.write(doc)
    }
  }

  /// Writes a file without Foundation's `Data.write`, which syncs every file to disk (generated
  /// inputs need no durability, and a hundred thousand syncs take minutes).
  static func write(_ text: String, to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
    defer { _ = Foundation.close(fd) }
    var text = text
    let ok = text.withUTF8 { buffer -> Bool in
      var offset = 0
      while offset < buffer.count {
        let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n <= 0 { return false }
        offset += n
      }
      return true
    }
    guard ok else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
  }

  public func close() throws {
    for w in writers.values { try w.close() }
    writers = [:]
  }

  /// Generates `configuration.filings` filings into the outputs; returns (filings, rows).
  @discardableResult
  public static func generate(_ configuration: FilingGenerator.Configuration, xml: URL?, dataSets: URL?) throws -> (filings: Int, rows: Int) {
    let out = try GeneratorOutput(xml: xml, dataSets: dataSets)
    for doc in FilingGenerator(configuration) { try out.write(doc) }
    try out.close()
    return (out.filings, out.rows)
  }
}

import Crypto
import Foundation
import ZIPFoundation

/// Reads an SEC Insider Transactions Data Set (a quarterly ZIP, or its unzipped folder) and
/// yields one filing per accession number, in the SUBMISSION table's order, as the same
/// `OwnershipDocument` its XML gives: the accession number and filing date included, rows in
/// `*_SK` order, footnote columns as footnote references.
///
/// The tables are read as streams joined on ACCESSION_NUMBER, which needs them sorted by it (the
/// SEC's are). If a table is not, `staging` puts the rows in accession order first (the ledger
/// stages them in a temporary SQLite file, so memory stays flat either way); without one, such
/// a data set is refused. Quirks handled: the `EXCERCISE_DATE` spelling, booleans as
/// 0/1/true/false, `DD-MON-YYYY` dates, empty cells, columns that only later quarters have.
public final class DataSetReader: Sequence, IteratorProtocol {
  public typealias Element = Result<ImportedFiling, LedgerError>

  /// The name messages use: the ZIP or folder as the user named it.
  public let name: String
  private let folder: URL
  private var temporary: URL?
  private var source: RowSource

  /// True when `path` is a data set: a folder with SUBMISSION.tsv, or a ZIP holding one.
  public static func isDataSet(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
    if isDirectory.boolValue { return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("SUBMISSION.tsv")) }
    guard path.lowercased().hasSuffix(".zip"), let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil) else {
      return false
    }
    return archive.contains { ($0.path as NSString).lastPathComponent.uppercased() == "SUBMISSION.TSV" }
  }

  /// The number of filings in a data set folder (lines of SUBMISSION.tsv), for progress.
  public static func filingCount(_ path: String) -> Int? {
    let url = URL(fileURLWithPath: path).appendingPathComponent("SUBMISSION.tsv")
    guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
    defer { try? handle.close() }
    var lines = 0
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      lines += chunk.withUnsafeBytes { b -> Int in
        guard let base = b.baseAddress else { return 0 }
        var n = 0
        var p = base
        let end = base + b.count
        while p < end, let q = memchr(p, 0x0A, end - p) {
          n += 1
          p = UnsafeRawPointer(q) + 1
        }
        return n
      }
    }
    return Swift.max(0, lines - 1)
  }

  /// Reads a data set whose tables are sorted by accession (the SEC's are).
  public convenience init(path: String) throws(LedgerError) {
    try self.init(path: path, staging: nil)
  }

  package init(path: String, staging: (any DataSetStaging)?) throws(LedgerError) {
    name = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .fileMissing(file: path)
    }
    if isDirectory.boolValue {
      folder = URL(fileURLWithPath: path)
    } else {
      // A ZIP: its tables are extracted to a temporary folder and streamed from there.
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-dataset-\(UUID().uuidString)")
      do {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        for entry in archive where entry.type == .file {
          let base = (entry.path as NSString).lastPathComponent
          guard DataSetTable(rawValue: base.uppercased().replacingOccurrences(of: ".TSV", with: "")) != nil else { continue }
          _ = try archive.extract(entry, to: dir.appendingPathComponent(base.uppercased().replacingOccurrences(of: ".TSV", with: ".tsv")))
        }
      } catch {
        try? FileManager.default.removeItem(at: dir)
        throw .invalidFile(file: path, message: "is not a readable ZIP of an SEC data set")
      }
      folder = dir
      temporary = dir
    }
    do {
      // Streaming needs every table sorted by accession; one quick pass over the accession
      // column says whether they are (a filing must never be yielded before all its rows).
      let dir = folder
      let sorted = try DataSetTable.allCases.allSatisfy { try TSVFile.isSortedByAccession(folder: dir, table: $0, name: path) }
      if sorted {
        source = try StreamSource(folder: dir, name: path)
      } else if let staging {
        source = try staging.stage(folder: dir, name: path)
      } else {
        throw LedgerError.invalidFile(file: path, message: "has tables not sorted by ACCESSION_NUMBER")
      }
    } catch let e as LedgerError {
      throw e
    } catch {
      throw .invalidFile(file: path, message: "cannot be read")
    }
  }

  deinit {
    if let temporary { try? FileManager.default.removeItem(at: temporary) }
  }

  public func next() -> Element? {
    switch nextRows() {
    case nil: return nil
    case .success(let rows): return DataSetReader.assemble(rows, name: name)
    case .failure(let e): return .failure(e)
    }
  }

  /// The rows of the next accession, not yet made a filing: a bulk append reads them on one
  /// thread and has its workers `assemble` them.
  package func nextRows() -> Result<FilingRows, LedgerError>? {
    do {
      guard let group = try source.next() else { return nil }
      return .success(group)
    } catch let e as LedgerError {
      return .failure(e)
    } catch {
      return .failure(.invalidFile(file: name, message: "cannot be read"))
    }
  }

  // MARK: - Assembling a filing

  /// The filing of one accession's rows, read from the data set `name`.
  package static func assemble(_ g: FilingRows, name: String) -> Element {
    let file = name + "#" + g.accession
    do {
      var doc = try DataSetMapper.document(g, file: file)
      doc.accessionNumber = AccessionNumber(g.accession)
      do {
        try FilingValidator.validate(doc)
      } catch {
        throw LedgerError.invalidField(file: file, path: error.path, message: error.message)
      }
      var digest = SHA256()
      for var line in g.lines { line.withUTF8 { digest.update(bufferPointer: UnsafeRawBufferPointer($0)) } }
      let source = ImportedFiling.Source(
        name: Inputs.lastComponent(name) + "#" + g.accession, format: .secDataSet, sha256: digest.finalize().hexString)
      return .success(ImportedFiling(document: doc, source: source, file: file))
    } catch let e as LedgerError {
      return .failure(e)
    } catch {
      return .failure(.invalidFile(file: name, message: "accession \(g.accession) cannot be read"))
    }
  }
}

/// The rows of one accession across the tables.
package struct FilingRows: Sendable {
  package var accession: String
  /// Each table's rows, by `DataSetTable.ordinal`.
  package var tables: [[TSVRow]] = Array(repeating: [], count: DataSetTable.allCases.count)
  /// The raw lines, for the source hash.
  package var lines: [String] = []

  package init(accession: String) { self.accession = accession }

  subscript(_ table: DataSetTable) -> [TSVRow] {
    get { tables[table.ordinal] }
    set { tables[table.ordinal] = newValue }
  }
}

/// The rows of a data set, one accession at a time.
package protocol RowSource {
  mutating func next() throws -> FilingRows?
}

/// Puts the rows of a data set whose tables are not sorted by accession in accession order.
package protocol DataSetStaging: Sendable {
  func stage(folder: URL, name: String) throws -> any RowSource
}

/// The fast path: every table sorted by accession, joined as streams.
struct StreamSource: RowSource {
  let submissions: TSVFile
  var children: [TSVFile]
  let name: String
  /// The last accession of each table, by `DataSetTable.ordinal`.
  var last: [String?] = Array(repeating: nil, count: DataSetTable.allCases.count)

  init(folder: URL, name: String) throws {
    guard let s = try TSVFile(folder: folder, table: .submission, name: name) else {
      throw LedgerError.invalidFile(file: name, message: "is not an SEC data set (no SUBMISSION.tsv)")
    }
    guard s.columns.value[DataSetColumn.accessionNumber.rawValue] >= 0 else {
      throw LedgerError.invalidField(file: name, path: "SUBMISSION.tsv", message: "has no ACCESSION_NUMBER column")
    }
    submissions = s
    children = try DataSetTable.allCases.dropFirst().compactMap { try TSVFile(folder: folder, table: $0, name: name) }
    self.name = name
  }

  mutating func next() throws -> FilingRows? {
    guard let submission = try submissions.take() else {
      // Rows left in other tables belong to no submission.
      for child in children {
        if let orphan = try child.peek() {
          _ = try child.take()
          throw LedgerError.invalidField(
            file: name, path: "\(child.table.fileName) line \(orphan.line)",
            message: "accession \(orphan.accession) has no row in SUBMISSION.tsv")
        }
      }
      return nil
    }
    let accession = submission.accession
    try check(.submission, accession)
    var group = FilingRows(accession: accession)
    group[.submission] = [submission]
    group.lines.append(submission.raw)
    for child in children {
      while let row = try child.peek() {
        let a = row.accession
        if a == accession {
          try check(child.table, a)
          group.tables[child.table.ordinal].append(row)
          group.lines.append(row.raw)
          _ = try child.take()
        } else if a < accession {
          try check(child.table, a)
          _ = try child.take()
          throw LedgerError.invalidField(
            file: name, path: "\(child.table.fileName) line \(row.line)", message: "accession \(a) has no row in SUBMISSION.tsv")
        } else {
          break
        }
      }
    }
    return group
  }

  /// Accession numbers must not go down within a table (checked before streaming; this guards
  /// a file that changes while it is read).
  mutating func check(_ table: DataSetTable, _ accession: String) throws {
    if let previous = last[table.ordinal], accession < previous {
      throw LedgerError.invalidFile(file: name, message: "\(table.fileName) changed while it was read")
    }
    last[table.ordinal] = accession
  }
}

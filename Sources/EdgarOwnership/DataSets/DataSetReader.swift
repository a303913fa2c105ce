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
      throw .invalidFile(file: path, message: "no such file")
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

/// One row of a table: its cells by column, and where it came from.
package struct TSVRow: Sendable {
  package var table: DataSetTable
  package var line: Int
  package var columns: ColumnPositions
  /// Where each tab-separated field starts and ends in `raw`'s UTF-8 bytes (two entries a field;
  /// 32 bits hold them, as a line is at most `LineReader.maxBytes`).
  var bounds: [UInt32]
  package var raw: String
  /// The trimmed ACCESSION_NUMBER cell ("" when missing), read once: the join compares it often.
  package let accession: String

  package init(table: DataSetTable, line: Int, columns: ColumnPositions, raw: String) {
    self.table = table
    self.line = line
    self.columns = columns
    self.raw = raw
    let bounds = TSVRow.bounds(raw)
    self.bounds = bounds
    accession = TSVRow.cell(raw, bounds, columns.value[DataSetColumn.accessionNumber.rawValue]) ?? ""
  }

  /// The cell's trimmed text, or nil when the column is missing or the cell empty.
  subscript(_ column: DataSetColumn) -> String? { cell(at: columns.value[column.rawValue]) }

  /// The trimmed text of the column's footnote column (`<name>_FN`), or nil.
  func footnotes(_ column: DataSetColumn) -> String? { cell(at: columns.footnotes[column.rawValue]) }

  func cell(at position: Int) -> String? { TSVRow.cell(raw, bounds, position) }

  static func cell(_ raw: String, _ bounds: [UInt32], _ position: Int) -> String? {
    guard position >= 0, 2 * position < bounds.count else { return nil }
    let start = Int(bounds[2 * position])
    let end = Int(bounds[2 * position + 1])
    guard start < end else { return nil }
    let t =
      raw.utf8.withContiguousStorageIfAvailable { Trimming.trimmed(UnsafeBufferPointer(rebasing: $0[start..<end])) }
      ?? String(raw.utf8.dropFirst(start).prefix(end - start))!.trimmed
    return t.isEmpty ? nil : t
  }

  package var sortKey: Int { table.sortColumn.flatMap { self[$0] }.flatMap { Int($0) } ?? line }

  /// Splits a line at tabs, by bytes (a tab is never part of a multi-byte character).
  static func bounds(_ line: String) -> [UInt32] {
    var line = line
    return line.withUTF8 { b in
      var out: [UInt32] = []
      out.reserveCapacity(64)
      var start = 0
      if let base = b.baseAddress {
        while start < b.count, let tab = memchr(base + start, 0x09, b.count - start) {
          let i = UnsafeRawPointer(tab) - UnsafeRawPointer(base)
          out.append(UInt32(start))
          out.append(UInt32(i))
          start = i + 1
        }
      }
      out.append(UInt32(start))
      out.append(UInt32(b.count))
      return out
    }
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

/// Reads a data-set table's lines a megabyte at a time, and refuses a line longer than
/// `maxBytes`: published lines are at most a few kilobytes (a long footnote), and a file with no
/// line ends would otherwise be held whole in memory. A read error is thrown, never taken for
/// the end.
struct LineReader {
  static let maxBytes = 16 << 20

  private let handle: FileHandle
  /// The table and the data set, for the error.
  private let table: DataSetTable
  private let name: String
  private var buffer: [UInt8] = []
  private var position = 0
  /// How many bytes from `position` are known to hold no line end (so none is searched twice).
  private var scanned = 0
  private var eof = false
  /// The lines read so far.
  private(set) var count = 0

  init(_ handle: FileHandle, table: DataSetTable, name: String) {
    self.handle = handle
    self.table = table
    self.name = name
  }

  /// The next line without its line end (LF or CRLF), decoded, or nil at the end of the file.
  mutating func next() throws -> String? {
    try next { String(decoding: $0, as: UTF8.self) }
  }

  /// The next line's bytes without its line end, given to `body`, or nil at the end of the file.
  mutating func next<T>(_ body: (ArraySlice<UInt8>) throws -> T) throws -> T? {
    while true {
      if let newline = buffer[(position + scanned)...].firstIndex(of: 0x0A) {
        count += 1
        var end = newline
        if end > position && buffer[end - 1] == 0x0D { end -= 1 }
        guard end - position <= Self.maxBytes else { throw tooLong(line: count) }
        let line = try body(buffer[position..<end])
        position = newline + 1
        scanned = 0
        return line
      }
      scanned = buffer.count - position
      guard scanned <= Self.maxBytes else { throw tooLong(line: count + 1) }
      if eof {
        guard position < buffer.count else { return nil }
        count += 1
        let line = try body(buffer[position...])
        position = buffer.count
        scanned = 0
        return line
      }
      buffer.removeFirst(position)
      position = 0
      if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { buffer.append(contentsOf: chunk) } else { eof = true }
    }
  }

  private func tooLong(line: Int) -> LedgerError {
    .invalidField(
      file: name, path: "\(table.fileName) line \(line)", message: "is longer than \(Self.maxBytes >> 20) MiB (a data set's lines are a few KB)")
  }
}


/// Reads a table's rows from a file.
package final class TSVFile {
  let table: DataSetTable
  package let columns: ColumnPositions
  private let handle: FileHandle
  private var lines: LineReader
  private var pending: TSVRow?

  /// The table's file in `folder`, or nil when the data set `name` has none.
  package init?(folder: URL, table: DataSetTable, name: String) throws {
    let url = folder.appendingPathComponent(table.fileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    self.table = table
    handle = try FileHandle(forReadingFrom: url)
    lines = LineReader(handle, table: table, name: name)
    var columns: [String: Int] = [:]
    for (i, column) in TSVFile.columnNames(try lines.next() ?? "").enumerated() { columns[column] = i }
    self.columns = ColumnPositions(header: columns)
  }

  /// A header's column names, upper-cased and trimmed, with the SEC's `EXCERCISE_DATE` spelling
  /// read as `EXERCISE_DATE`.
  static func columnNames(_ header: String) -> [String] {
    let misspelt = DataSetTable.derivTrans.exerciseDateColumn
    return header.split(separator: "\t", omittingEmptySubsequences: false).map { column in
      let n = column.uppercased().trimmed
      return n == misspelt || n == misspelt + "_FN" ? DataSetColumn.exerciseDate.name + n.dropFirst(misspelt.count) : n
    }
  }

  deinit { try? handle.close() }

  /// The next row, or nil at the end.
  func peek() throws -> TSVRow? {
    if let pending { return pending }
    while let line = try lines.next() {
      if line.isEmpty { continue }
      pending = TSVRow(table: table, line: lines.count, columns: columns, raw: line)
      return pending
    }
    return nil
  }

  /// True when the table's ACCESSION_NUMBER column never goes down (or its file is missing).
  /// Reads the file once, looking only at the accession cell of each line.
  static func isSortedByAccession(folder: URL, table: DataSetTable, name: String) throws -> Bool {
    guard let handle = try? FileHandle(forReadingFrom: folder.appendingPathComponent(table.fileName)) else { return true }
    defer { try? handle.close() }
    var lines = LineReader(handle, table: table, name: name)
    guard let header = try lines.next(), let column = columnNames(header).firstIndex(of: DataSetColumn.accessionNumber.name) else { return true }
    var previous: [UInt8] = []
    var current: [UInt8] = []
    while let sorted = try lines.next({ line -> Bool in
      // The accession cell: the bytes between the column's tabs, trimmed.
      var start = line.startIndex
      var field = 0
      while field < column, start < line.endIndex {
        if line[start] == 0x09 { field += 1 }
        start += 1
      }
      var end = start
      while end < line.endIndex, line[end] != 0x09 { end += 1 }
      while start < end, line[start] == 0x20 { start += 1 }
      while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x0D { end -= 1 }
      guard start < end else { return true }
      current.removeAll(keepingCapacity: true)
      current.append(contentsOf: line[start..<end])
      if current.lexicographicallyPrecedes(previous) { return false }
      swap(&previous, &current)
      return true
    }) {
      if !sorted { return false }
    }
    return true
  }

  package func take() throws -> TSVRow? {
    let row = try peek()
    pending = nil
    return row
  }
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

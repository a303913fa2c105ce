import Foundation

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

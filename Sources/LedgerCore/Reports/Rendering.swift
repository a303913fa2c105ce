import Foundation

/// Output formats shared by the reports.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, json, csv
}

/// Comma-separated values (RFC 4180): a header line, then one line per row.
public struct CSVTable: Sendable {
  public var header: [String]
  public var rows: [[String]]

  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }

  /// RFC 4180: fields joined by commas, records ended by CRLF; a field is quoted (its quotes
  /// doubled) when it holds a comma, a quote, CR or LF, or begins or ends with a space. Built as
  /// bytes: a big holder's history has hundreds of thousands of fields.
  public func rendered() -> String {
    var out = ""
    CSVTable.write(header: header, rows: rows) { out += $0 }
    return out
  }

  /// `header`, then each of `rows`, as `rendered()` writes them, handed to `write` in pieces of
  /// about 64 KiB as the rows come: a whole ledger's transactions run to hundreds of megabytes.
  public static func write(header: [String], rows: some Sequence<[String]>, to write: (String) -> Void) {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16 + 4096)
    append(record: header, to: &out)
    for r in rows {
      append(record: r, to: &out)
      if out.count >= 1 << 16 {
        write(String(decoding: out, as: UTF8.self))
        out.removeAll(keepingCapacity: true)
      }
    }
    write(String(decoding: out, as: UTF8.self))
  }

  /// One record as `rendered()` writes it, CRLF included: for output written a record at a time.
  public static func record(_ fields: [String]) -> String {
    var out: [UInt8] = []
    append(record: fields, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func append(record fields: [String], to out: inout [UInt8]) {
    for (i, field) in fields.enumerated() {
      if i > 0 { out.append(0x2C) }
      append(field, to: &out)
    }
    out += [0x0D, 0x0A]
  }

  static func append(_ field: String, to out: inout [UInt8]) {
    var field = field
    field.withUTF8 { bytes in
      let quoted = bytes.first == 0x20 || bytes.last == 0x20 || bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
      guard quoted else { return out.append(contentsOf: bytes) }
      out.append(0x22)
      // Runs between quotes are copied whole; each quote is doubled.
      var start = 0
      for i in bytes.indices where bytes[i] == 0x22 {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...i]))
        out.append(0x22)
        start = i + 1
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
      out.append(0x22)
    }
  }
}

/// An aligned text table for people.
public struct TextTable: Sendable {
  public struct Column: Sendable {
    public var title: String
    public var rightAligned: Bool
    public init(_ title: String, right: Bool = false) {
      self.title = title
      self.rightAligned = right
    }
  }

  public var columns: [Column]
  public var rows: [[String]]

  public init(columns: [Column], rows: [[String]]) {
    self.columns = columns
    self.rows = rows
  }

  public func rendered() -> String {
    var out = ""
    write { out += $0 }
    return out
  }

  /// The table a piece of up to about 64 KiB at a time, to `write`: a big holder's table runs
  /// to a hundred megabytes, which need not be held whole, let alone copied.
  public func write(_ write: (String) -> Void) {
    // Drop columns that are empty in every row, so a report shows only what it has.
    let keep = columns.indices.filter { i in rows.contains { !$0[i].isEmpty } || columns[i].title.isEmpty }
    let cols = keep.map { columns[$0] }
    // Each cell's width measured once, kept flat (a few bytes a cell beside the rows the table
    // already holds): a big holder's table has a hundred thousand cells.
    var cellWidths: [Int32] = []
    cellWidths.reserveCapacity(rows.count * keep.count)
    var widths = cols.map { TextTable.width($0.title) }
    for r in rows {
      for (i, c) in keep.enumerated() {
        let w = TextTable.width(Terminal.printable(r[c]))
        cellWidths.append(Int32(w))
        if w > widths[i] { widths[i] = w }
      }
    }
    // Built as bytes: appending to a String and making padding strings cost more than the
    // rest of a big holder's table. Cells go in one by one, with no array made per row.
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16 + 4096)
    func put(_ cell: String, width: Int, column i: Int) {
      if i > 0 { out.append(0x20); out.append(0x20) }
      let pad = widths[i] - width
      if cols[i].rightAligned && pad > 0 { out.append(contentsOf: repeatElement(0x20, count: pad)) }
      out.append(contentsOf: cell.utf8)
      if !cols[i].rightAligned && i < cols.count - 1 && pad > 0 { out.append(contentsOf: repeatElement(0x20, count: pad)) }
    }
    func endLine() {
      out.append(0x0A)
      if out.count >= 1 << 16 {
        write(String(decoding: out, as: UTF8.self))
        out.removeAll(keepingCapacity: true)
      }
    }
    for (i, c) in cols.enumerated() { put(c.title, width: TextTable.width(c.title), column: i) }
    endLine()
    for (n, r) in rows.enumerated() {
      let first = n * keep.count
      for (i, c) in keep.enumerated() { put(Terminal.printable(r[c]), width: Int(cellWidths[first + i]), column: i) }
      endLine()
    }
    if !out.isEmpty { write(String(decoding: out, as: UTF8.self)) }
  }

  /// Characters a cell takes (counted by bytes when they are all ASCII, as nearly all are:
  /// counting characters is far slower).
  static func width(_ s: String) -> Int {
    s.containsUTF8(where: { $0 >= 0x80 }) ? s.count : s.utf8.count
  }
}

public enum Terminal {
  /// Text made safe for one line of a terminal, visibly: every C0 control (newline and tab
  /// included), DEL, C1 control and line or paragraph separator is written as `\u{1B}`, so
  /// that a filer's text or a file's name can neither send an escape sequence nor forge a second
  /// line. Errors, progress and summaries print file names and filer text through it.
  public static func escaped(_ s: String) -> String {
    guard s.containsUTF8(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return s }
    var out = ""
    for scalar in s.unicodeScalars {
      let v = scalar.value
      if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
        out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Replaces control characters (C0, C1, DEL) so that filer-supplied text cannot move the
  /// cursor or break a table row. Everything else, right-to-left text included, is kept.
  public static func printable(_ s: String) -> String {
    guard s.containsUTF8(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return s }
    var out = ""
    for scalar in s.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
        out += scalar == "\n" || scalar == "\t" || scalar == "\r" ? " " : "\u{FFFD}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

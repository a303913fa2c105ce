import Foundation

/// Output formats shared by the reports.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, json, csv
}

/// A JSON value written with sorted keys and exact decimal numbers.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A number as exact decimal text.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public static func amount(_ a: Amount?) -> JSONValue { a.map { .number($0.description) } ?? .null }
  public static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
  public static func date(_ d: LedgerDate?) -> JSONValue { d.map { .string($0.description) } ?? .null }

  /// Pretty-printed with two-space indentation and keys in byte order, ending with a newline.
  public func rendered() -> String {
    var out: [UInt8] = []
    out.reserveCapacity(1024)
    write(into: &out, indent: 0)
    out.append(UInt8(ascii: "\n"))
    return String(decoding: out, as: UTF8.self)
  }

  /// The value as written nested `indent` levels deep (no newline after it).
  public func rendered(indent: Int) -> String {
    var out: [UInt8] = []
    write(into: &out, indent: indent)
    return String(decoding: out, as: UTF8.self)
  }

  // Written as UTF-8 bytes, then made a string once: a report's JSON runs to megabytes, and
  // appending piece by piece to a String costs several times more.
  private func write(into out: inout [UInt8], indent: Int) {
    switch self {
    case .null: out += "null".utf8
    case .bool(let b): out += (b ? "true" : "false").utf8
    case .number(let n): out += n.utf8
    case .string(let s): JSONValue.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]".utf8
        return
      }
      out += "[\n".utf8
      for (i, item) in items.enumerated() {
        Self.indent(indent + 1, into: &out)
        item.write(into: &out, indent: indent + 1)
        if i != items.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
      }
      Self.indent(indent, into: &out)
      out.append(UInt8(ascii: "]"))
    case .object(let fields):
      if fields.isEmpty {
        out += "{}".utf8
        return
      }
      out += "{\n".utf8
      // Swift orders strings by their scalars once in NFC: for keys in NFC (every key here is
      // an ASCII name) that is their UTF-8 byte order, compared a buffer at a time.
      let sorted = fields.sorted { $0.key < $1.key }
      for (i, field) in sorted.enumerated() {
        Self.indent(indent + 1, into: &out)
        JSONValue.escape(field.key, into: &out)
        out += ": ".utf8
        field.value.write(into: &out, indent: indent + 1)
        if i != sorted.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
      }
      Self.indent(indent, into: &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func indent(_ levels: Int, into out: inout [UInt8]) {
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * levels))
  }

  static func escape(_ s: String, into out: inout String) {
    var bytes: [UInt8] = []
    escape(s, into: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }

  /// A byte `escape` looks at: a quote, a backslash, a control character, or the lead byte of
  /// U+2028/U+2029.
  private static func special(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 }

  /// A JSON string: quotes, backslashes and control characters escaped (C0 and DEL, and the
  /// line and paragraph separators U+2028/U+2029, which JavaScript does not take raw).
  static func escape(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { bytes in
      var i = 0
      let n = bytes.count
      while i < n {
        // The bytes up to the next one that needs escaping go in at once.
        var end = i
        while end < n, !JSONValue.special(bytes[end]) { end += 1 }
        if end > i {
          out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
          i = end
          continue
        }
        let b = bytes[i]
        switch b {
        case UInt8(ascii: "\""): out += #"\""#.utf8
        case UInt8(ascii: "\\"): out += #"\\"#.utf8
        case UInt8(ascii: "\n"): out += #"\n"#.utf8
        case UInt8(ascii: "\r"): out += #"\r"#.utf8
        case UInt8(ascii: "\t"): out += #"\t"#.utf8
        case 0..<0x20, 0x7F: hex(UInt32(b))
        case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
          hex(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)
          i += 2
        default: out.append(b)
        }
        i += 1
      }
    }
    out.append(UInt8(ascii: "\""))

    func hex(_ value: UInt32) {
      let digits = Array("0123456789abcdef".utf8)
      out += #"\u"#.utf8
      for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
    }
  }
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
    // rest of a big holder's table.
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16 + 4096)
    func line(_ cells: [String], width: (Int) -> Int) {
      for (i, cell) in cells.enumerated() {
        if i > 0 { out += [0x20, 0x20] }
        let pad = repeatElement(UInt8(0x20), count: widths[i] - width(i))
        if cols[i].rightAligned { out += pad }
        out += cell.utf8
        if !cols[i].rightAligned && i < cells.count - 1 { out += pad }
      }
      out.append(0x0A)
      if out.count >= 1 << 16 {
        write(String(decoding: out, as: UTF8.self))
        out.removeAll(keepingCapacity: true)
      }
    }
    line(cols.map(\.title)) { TextTable.width(cols[$0].title) }
    for (n, r) in rows.enumerated() {
      let first = n * keep.count
      line(keep.map { Terminal.printable(r[$0]) }) { Int(cellWidths[first + $0]) }
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

/// Writes an object with a long array one element at a time, byte for byte as
/// `JSONValue.rendered()` writes the whole object: the `leading` fields (whose keys sort before
/// the array's), the array's elements as they come, then the other fields (whose keys sort
/// after it). Nothing is written before the first element or `finish`, so an error before then
/// leaves no partial object.
public struct JSONArrayWriter {
  private let write: (String) -> Void
  private let key: String
  private let leading: [String: JSONValue]
  private var count = 0

  public init(key: String, leading: [String: JSONValue] = [:], write: @escaping (String) -> Void) {
    precondition(leading.keys.allSatisfy { $0.utf8.lexicographicallyPrecedes(key.utf8) })
    self.key = key
    self.leading = leading
    self.write = write
  }

  private var head: String {
    // The leading fields as an object of their own write them, up to its closing brace.
    var head = leading.isEmpty ? "{\n  " : String(JSONValue.object(leading).rendered().dropLast(3)) + ",\n  "
    JSONValue.escape(key, into: &head)
    return head + ": ["
  }

  public mutating func append(_ element: JSONValue) {
    write((count == 0 ? head + "\n    " : ",\n    ") + element.rendered(indent: 2))
    count += 1
  }

  /// Writes the object a streamed report makes: `produce` runs the report, handing each
  /// element of `key`'s array to the closure it is given, and returns the report's other
  /// fields (which sort after `key`).
  public static func write<E: Error>(
    key: String, to write: @escaping (String) -> Void, _ produce: (_ add: (JSONValue) -> Void) throws(E) -> [String: JSONValue]
  ) throws(E) {
    var writer = JSONArrayWriter(key: key, write: write)
    let fields = try produce { writer.append($0) }
    writer.finish(with: fields)
  }

  public func finish(with fields: [String: JSONValue]) {
    precondition(fields.keys.allSatisfy { key.utf8.lexicographicallyPrecedes($0.utf8) })
    let close = count == 0 ? head + "]" : "\n  ]"
    guard !fields.isEmpty else { return write(close + "\n}\n") }
    // The other fields as an object of their own writes them, after its opening brace.
    write(close + ",\n" + JSONValue.object(fields).rendered().dropFirst(2))
  }
}

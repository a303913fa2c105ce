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
    var out = ""
    write(into: &out, indent: 0)
    out += "\n"
    return out
  }

  /// The value as written nested `indent` levels deep (no newline after it).
  public func rendered(indent: Int) -> String {
    var out = ""
    write(into: &out, indent: indent)
    return out
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += n
    case .string(let s): JSONValue.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += String(repeating: "  ", count: indent + 1)
        item.write(into: &out, indent: indent + 1)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "]"
    case .object(let fields):
      if fields.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for (i, key) in keys.enumerated() {
        out += String(repeating: "  ", count: indent + 1)
        JSONValue.escape(key, into: &out)
        out += ": "
        fields[key]!.write(into: &out, indent: indent + 1)
        out += i == keys.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "}"
    }
  }

  static func escape(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
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

  public func rendered() -> String {
    ([header] + rows).map { $0.map(CSVTable.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
  }

  static func field(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
      return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
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
    // Drop columns that are empty in every row, so a report shows only what it has.
    let keep = columns.indices.filter { i in rows.contains { !$0[i].isEmpty } || columns[i].title.isEmpty }
    let cols = keep.map { columns[$0] }
    let body = rows.map { r in keep.map { Terminal.printable(r[$0]) } }
    var widths = cols.map { $0.title.count }
    for r in body {
      for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, cell) in cells.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        parts.append(cols[i].rightAligned ? pad + cell : cell + (i == cells.count - 1 ? "" : pad))
      }
      return parts.joined(separator: "  ")
    }
    var out = line(cols.map(\.title)) + "\n"
    for r in body { out += line(r) + "\n" }
    return out
  }
}

public enum Terminal {
  /// Replaces control characters (C0, C1, DEL) so that filer-supplied text cannot move the
  /// cursor or break a table row. Everything else, right-to-left text included, is kept.
  public static func printable(_ s: String) -> String {
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

/// Writes an object whose first key holds a long array one element at a time, byte for byte as
/// `JSONValue.rendered()` writes the whole object: `{` and the array's elements as they come,
/// then the other fields (whose keys must sort after the array's). Nothing is written before
/// the first element or `finish`, so an error before then leaves no partial object.
public struct JSONArrayWriter {
  private let write: (String) -> Void
  private let key: String
  private var count = 0

  public init(key: String, write: @escaping (String) -> Void) {
    self.key = key
    self.write = write
  }

  private var head: String {
    var head = "{\n  "
    JSONValue.escape(key, into: &head)
    return head + ": ["
  }

  public mutating func append(_ element: JSONValue) {
    write((count == 0 ? head + "\n    " : ",\n    ") + element.rendered(indent: 2))
    count += 1
  }

  public func finish(with fields: [String: JSONValue]) {
    precondition(fields.keys.allSatisfy { key.utf8.lexicographicallyPrecedes($0.utf8) })
    let close = count == 0 ? head + "]" : "\n  ]"
    guard !fields.isEmpty else { return write(close + "\n}\n") }
    // The other fields as an object of their own writes them, after its opening brace.
    write(close + ",\n" + JSONValue.object(fields).rendered().dropFirst(2))
  }
}

import Foundation

/// A JSON value written with sorted keys and exact decimal numbers.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A number as exact decimal text.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
  /// An object whose fields are given in the byte order of their keys, and written as given:
  /// for the objects a report writes thousands of times (a big holder's positions), which then
  /// need their keys neither hashed nor sorted. It renders exactly as the `object` of the same
  /// fields.
  case sortedObject(KeyValuePairs<String, JSONValue>)

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
      // Swift orders strings by their scalars once in NFC: for keys in NFC (every key here is
      // an ASCII name) that is their UTF-8 byte order, compared a buffer at a time.
      Self.write(fields: fields.sorted { $0.key < $1.key }, into: &out, indent: indent)
    case .sortedObject(let fields):
      assert(zip(fields, fields.dropFirst()).allSatisfy { $0.key < $1.key }, "keys out of order: \(fields.map(\.key))")
      Self.write(fields: fields, into: &out, indent: indent)
    }
  }

  private static func write(
    fields: some Collection<(key: String, value: JSONValue)>, into out: inout [UInt8], indent: Int
  ) {
    if fields.isEmpty {
      out += "{}".utf8
      return
    }
    out += "{\n".utf8
    var remaining = fields.count
    for field in fields {
      Self.indent(indent + 1, into: &out)
      JSONValue.escape(field.key, into: &out)
      out += ": ".utf8
      field.value.write(into: &out, indent: indent + 1)
      remaining -= 1
      if remaining > 0 { out.append(UInt8(ascii: ",")) }
      out.append(UInt8(ascii: "\n"))
    }
    Self.indent(indent, into: &out)
    out.append(UInt8(ascii: "}"))
  }

  /// Values are equal when they render alike; an `object` and a `sortedObject` of the same
  /// fields are equal.
  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.number(let x), .number(let y)), (.string(let x), .string(let y)): x == y
    case (.array(let x), .array(let y)): x == y
    case (.object(let x), .object(let y)): x == y
    case (.sortedObject, _), (_, .sortedObject): a.fieldsIfObject == b.fieldsIfObject
    default: false
    }
  }

  /// The fields of an object of either kind, keyed; nil for any other value.
  private var fieldsIfObject: [String: JSONValue]? {
    switch self {
    case .object(let fields): fields
    case .sortedObject(let fields): Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    default: nil
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

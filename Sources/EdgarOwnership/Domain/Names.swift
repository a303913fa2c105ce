import Foundation

/// How the ledger compares names and titles that filers spell differently.
public enum NameKey {
  /// A person's or entity's name, compared by its words in any order, ignoring case and
  /// punctuation: `NOTINI ALBERT A`, `Albert A. Notini` and `Notini, Albert A` are one key.
  public static func person(_ name: String) -> String {
    words(name).sorted().joined(separator: " ")
  }

  /// An issuer's name, ignoring case and punctuation: `Sonus Networks, Inc.` = `SONUS NETWORKS INC`.
  public static func issuer(_ name: String) -> String {
    words(name).joined(separator: " ")
  }

  /// A nature of ownership, ignoring case, spacing and punctuation: `By Fund IV, LP` =
  /// `by fund iv lp`. Filers repunctuate the same nature from one filing to the next.
  public static func nature(_ text: String) -> String {
    words(text).joined(separator: " ").lowercased()
  }

  /// A security title, ignoring case and spacing only:
  /// `Common  stock` = `Common Stock`, but `Class A Common` is another security.
  public static func title(_ text: String) -> String {
    // Fast path for ASCII (nearly every title).
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    if appendTitle(text, to: &out) { return String(decoding: out, as: UTF8.self) }
    return text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  /// Appends the title key of an ASCII text to `out` (lowercased, white space collapsed, in
  /// one pass); for any other text, appends nothing and returns false.
  package static func appendTitle(_ text: String, to out: inout [UInt8]) -> Bool {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
    let start = out.count
    var pendingSpace = false
    for b in text.utf8 {
      if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
        pendingSpace = out.count > start
        continue
      }
      if pendingSpace {
        out.append(0x20)
        pendingSpace = false
      }
      out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
    }
    return true
  }

  package static func words(_ name: String) -> [String] {
    asciiWords(name) ?? unicodeWords(name)
  }

  /// `unicodeWords` for an ASCII name (nearly every one), a byte at a time; nil for any other.
  static func asciiWords(_ name: String) -> [String]? {
    var out: [String] = []
    var current: [UInt8] = []
    for b in name.utf8 {
      guard b < 0x80 else { return nil }
      let upper = b >= 0x61 && b <= 0x7A ? b - 0x20 : b
      if (upper >= 0x41 && upper <= 0x5A) || (upper >= 0x30 && upper <= 0x39) {
        current.append(upper)
      } else if upper == UInt8(ascii: "'") {
        continue  // O'Brien = OBRIEN
      } else if !current.isEmpty {
        out.append(String(decoding: current, as: UTF8.self))
        current.removeAll(keepingCapacity: true)
      }
    }
    if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
    return out
  }

  /// The name's words: letters and digits, upper-cased, apostrophes dropped.
  static func unicodeWords(_ name: String) -> [String] {
    var out: [String] = []
    var current = ""
    for ch in name.uppercased() {
      if ch.isLetter || ch.isNumber {
        current.append(ch)
      } else if ch == "'" || ch == "’" {
        continue  // O'Brien = OBRIEN
      } else if !current.isEmpty {
        out.append(current)
        current = ""
      }
    }
    if !current.isEmpty { out.append(current) }
    return out
  }
}

/// Trimming UTF-8 text: of strings, and of the texts the XML parser keeps as bytes.
enum Trimming {
  static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

  /// The text without surrounding white space (spaces, tabs, line breaks, Unicode spaces); ""
  /// when nothing is left. ASCII white space is trimmed over the bytes; only an edge outside
  /// ASCII, which may be a Unicode space, needs the scalars.
  static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> String {
    var start = 0
    var end = b.count
    while start < end, isASCIISpace(b[start]) { start += 1 }
    while end > start, isASCIISpace(b[end - 1]) { end -= 1 }
    guard start < end else { return "" }
    let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    guard b[start] >= 0x80 || b[end - 1] >= 0x80 else { return s }
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(s[first..<scalars.index(after: last)])
  }
}

extension StringProtocol {
  /// The text without surrounding whitespace (spaces, tabs, line breaks, Unicode spaces).
  package var trimmed: String {
    if let t = utf8.withContiguousStorageIfAvailable(Trimming.trimmed) { return t }
    var copy = String(self)
    return copy.withUTF8(Trimming.trimmed)
  }

  /// Trims surrounding whitespace; nil when nothing is left.
  package var nonEmptyTrimmed: String? {
    let t = trimmed
    return t.isEmpty ? nil : t
  }
}

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

  /// A security title, ignoring case and spacing and the footnote marks a filer typed after
  /// it: `Common  stock` = `Common Stock`, `Class B Common Stock (2)` = `Class B Common Stock`
  /// (the same filer's next Form 4 drops the mark), but `Class A Common` is another security.
  public static func title(_ text: String) -> String {
    // Fast path for ASCII (nearly every title).
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    if appendTitle(text, to: &out) { return String(decoding: out, as: UTF8.self) }
    var key = Array(text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").utf8)
    dropFootnoteMarks(&key, from: 0)
    return String(decoding: key, as: UTF8.self)
  }

  /// Drops the footnote marks that end a title key from `out[start...]`: `(2)`, `(f3)`,
  /// `(1)(2)`, `(1) (2)`, a number of one or two digits in parentheses, with white space
  /// before it. A title that is only a mark keeps it, and `(series 2)` is words, not a mark.
  static func dropFootnoteMarks(_ out: inout [UInt8], from start: Int) {
    while out.count - start >= 3, out[out.count - 1] == UInt8(ascii: ")") {
      var i = out.count - 2
      while i > start, out[i] >= 0x30 && out[i] <= 0x39 { i -= 1 }
      let digits = out.count - 2 - i
      guard digits == 1 || digits == 2 else { return }
      if i > start, out[i] == UInt8(ascii: "f") { i -= 1 }
      guard i > start, out[i] == UInt8(ascii: "(") else { return }
      var end = i
      while end > start, out[end - 1] == 0x20 { end -= 1 }
      guard end > start else { return }
      out.removeSubrange(end...)
    }
  }

  /// Appends the title key of an ASCII text to `out` (lowercased, white space collapsed and
  /// footnote marks dropped, `title(_:)`); for any other text, appends nothing and returns false.
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
    if out.last == UInt8(ascii: ")") { dropFootnoteMarks(&out, from: start) }
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

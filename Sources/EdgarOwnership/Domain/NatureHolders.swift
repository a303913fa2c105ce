/// Who holds an indirect position, when its nature does not say: "See Footnote" (a pointer) or
/// "By Trust" (a kind of holder) shared by several holdings of one filer, the footnote each row
/// cites naming its trust or fund.
extension NameKey {
  /// Whether a nature of ownership only points to the footnotes it cites (`See Footnote`,
  /// `See footnotes (2) and (3)`, `See Explanation of Responses`, `(1)`, or no words at all):
  /// such a nature says nothing of who holds the shares, so the footnotes are the nature.
  public static func pointsToFootnotes(_ text: String) -> Bool {
    var w = words(text).map { $0.lowercased() }[...]
    if w.first == "see" || w.first == "refer" { w = w.dropFirst() }
    if w.first == "to" { w = w.dropFirst() }
    // "1" or "f1".
    func number(_ word: String) -> Bool {
      word.allSatisfy(\.isNumber) || (word.count > 1 && word.first == "f" && word.dropFirst().allSatisfy(\.isNumber))
    }
    guard let head = w.first else { return true }
    if ["footnote", "footnotes", "note", "notes", "fn", "explanation", "remarks"].contains(head) {
      return w.dropFirst().allSatisfy { number($0) || ["and", "of", "responses", "below", "above", "no", "nos"].contains($0) }
    }
    return w.allSatisfy(number)
  }

  /// Whether a nature names only a kind of holder, not which one (`By Trust`, `Trust`, `By
  /// Fund`, `By LLC`, `By Family Trusts`): a filer with several trusts or funds writes it on
  /// each of their rows.
  public static func namesAKindOfHolder(_ text: String) -> Bool {
    var w = words(text).map { $0.lowercased() }[...]
    if ["by", "through", "via"].contains(w.first) { w = w.dropFirst() }
    if w.first == "the" { w = w.dropFirst() }
    return !w.isEmpty && w.count <= 3 && w.allSatisfy(holderKinds.contains)
  }

  private static let holderKinds: Set<String> = [
    "trust", "trusts", "fund", "funds", "llc", "llcs", "lp", "lps", "partnership", "partnerships", "limited", "corporation",
    "corporations", "company", "companies", "entity", "entities", "affiliate", "affiliates", "foundation", "foundations", "grat",
    "grats", "family", "irrevocable", "revocable", "gst", "ira", "iras", "account", "accounts", "holding", "holdings",
    "investment", "investments", "vehicle", "vehicles",
  ]

  private static let legalForms: Set<String> = ["lp", "llc", "llp", "inc", "ltd", "corp", "corporation", "incorporated", "limited", "plc"]

  /// The holder a footnote names, as a nature key: the words after "held by" or "owned by"
  /// (up to three words between, as in "held of record by" or "owned directly by"), up to the
  /// first parenthesis, semicolon, end of sentence or clause ("which", "for which", ", a", ...):
  /// "These shares are held of record by The Founders Fund II, LP ("FF-II")." gives
  /// `founders fund ii` (`entity`). Nil when the footnote names none.
  public static func holder(named footnote: String) -> String? {
    var text = footnote
    // On the UTF-8 bytes: every marker is ASCII, and this runs for each row whose nature
    // points to its footnotes.
    return text.withUTF8 { holder(in: $0) }
  }

  private static func holder(in b: UnsafeBufferPointer<UInt8>) -> String? {
    func isWord(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c >= 0x80 }
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
    // Whether the text at `k` is `s` (lowercase ASCII), ignoring case.
    func matches(_ s: StaticString, at k: Int) -> Bool {
      let n = s.utf8CodeUnitCount
      guard k + n <= b.count else { return false }
      return (0..<n).allSatisfy { b[k + $0] | 0x20 == s.utf8Start[$0] }
    }
    var words: [Range<Int>] = []
    var i = 0
    while i < b.count {
      guard isWord(b[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < b.count && isWord(b[j]) { j += 1 }
      words.append(i..<j)
      i = j
    }
    func word(_ r: Range<Int>, is s: StaticString) -> Bool { r.count == s.utf8CodeUnitCount && matches(s, at: r.lowerBound) }
    for (n, w) in words.enumerated() where word(w, is: "held") || word(w, is: "owned") {
      guard let by = words[(n + 1)..<min(n + 5, words.count)].first(where: { word($0, is: "by") }) else { continue }
      let start = by.upperBound
      var end = start
      scan: while end < b.count {
        switch b[end] {
        case UInt8(ascii: "("), UInt8(ascii: ";"):
          break scan
        case UInt8(ascii: "."):
          // A sentence ends at a period before white space or the end, unless it follows a
          // single letter (an initial, as in "Michael P. Scarpelli" or "L.P.").
          var p = end
          while p > start && isWord(b[p - 1]) { p -= 1 }
          if (end + 1 == b.count || isSpace(b[end + 1])) && end - p != 1 { break scan }
        case UInt8(ascii: ","):
          if matches(", a ", at: end) || matches(", an ", at: end) || matches(", the general", at: end) || matches(", as ", at: end) { break scan }
        default:
          break
        }
        end += 1
      }
      let holder = entity(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
      if !holder.isEmpty { return holder }
    }
    return nil
  }

  /// An entity's name as a nature key, without a leading "the", a clause from "which", "of
  /// which", "for which" or "whose" on, or a trailing legal form ("LP", "L.P.", "LLC", "Inc."): one filing writes
  /// "Craft Ventures II, LP", the next "Craft Ventures II".
  static func entity(_ name: String) -> String {
    var w = words(name).map { $0.lowercased() }[...]
    if w.first == "the" { w = w.dropFirst() }
    if let n = w.firstIndex(where: { $0 == "which" || $0 == "whose" }) {
      w = w[..<n]
      if w.last == "for" || w.last == "of" { w = w.dropLast() }
    }
    while let last = w.last {
      if legalForms.contains(last) {
        w = w.dropLast()
      } else if w.suffix(2) == ["l", "p"] {
        w = w.dropLast(2)
      } else if w.suffix(3) == ["l", "l", "c"] {
        w = w.dropLast(3)
      } else {
        break
      }
    }
    return w.joined(separator: " ")
  }
}

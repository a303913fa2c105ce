import Foundation

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
    func reference(_ word: String) -> Bool {
      word.allSatisfy(\.isNumber) || (word.count > 1 && word.first == "f" && word.dropFirst().allSatisfy(\.isNumber))
        || ["and", "of", "responses", "below", "above", "no", "nos"].contains(word)
    }
    guard let head = w.first else { return true }
    if ["footnote", "footnotes", "note", "notes", "fn", "explanation", "remarks"].contains(head) {
      return w.dropFirst().allSatisfy(reference)
    }
    return w.allSatisfy { $0.allSatisfy(\.isNumber) || reference($0) && $0.first == "f" }
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

  /// The holder a footnote names, as a nature key: the words after "held by" or "owned by"
  /// (up to three words between, as in "held of record by" or "owned directly by"), up to the
  /// first parenthesis, semicolon, end of sentence or clause ("which", "for which", ", a", ...):
  /// "These shares are held of record by The Founders Fund II, LP ("FF-II")." gives
  /// `founders fund ii` (`entity`). Nil when the footnote names none.
  public static func holder(named footnote: String) -> String? {
    var words: [(word: String, range: Range<String.Index>)] = []
    var i = footnote.startIndex
    while i < footnote.endIndex {
      guard footnote[i].isLetter || footnote[i].isNumber else {
        i = footnote.index(after: i)
        continue
      }
      var j = i
      while j < footnote.endIndex && (footnote[j].isLetter || footnote[j].isNumber) { j = footnote.index(after: j) }
      words.append((footnote[i..<j].lowercased(), i..<j))
      i = j
    }
    for (n, w) in words.enumerated() where w.word == "held" || w.word == "owned" {
      guard let by = words[(n + 1)..<min(n + 5, words.count)].first(where: { $0.word == "by" }) else { continue }
      let rest = footnote[by.range.upperBound...]
      var end = sentenceEnd(in: rest)
      for stop in ["(", ";", ", a ", ", an ", ", the general", ", as "] {
        if let r = rest.range(of: stop, options: .caseInsensitive), r.lowerBound < end { end = r.lowerBound }
      }
      let holder = entity(String(rest[..<end]))
      if !holder.isEmpty { return holder }
    }
    return nil
  }

  /// Where the first sentence of `text` ends: a period before white space or the end, unless it
  /// follows a single letter (an initial, as in "Michael P. Scarpelli" or "L.P.").
  static func sentenceEnd(in text: Substring) -> String.Index {
    var i = text.startIndex
    while let dot = text[i...].firstIndex(of: ".") {
      let next = text.index(after: dot)
      let word = text[..<dot].reversed().prefix { $0.isLetter || $0.isNumber }
      if (next == text.endIndex || text[next].isWhitespace) && word.count != 1 { return dot }
      i = next
    }
    return text.endIndex
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
    let forms: Set<String> = ["lp", "llc", "llp", "inc", "ltd", "corp", "corporation", "incorporated", "limited", "plc"]
    while let last = w.last {
      if forms.contains(last) {
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

import Foundation

/// A footnote's text made regular for the vesting reader: lower case, single spaces, numbers in
/// digits ("thirty-six" is 36, "four (4)" is 4, "1/4th" is 1/4, "25 percent" is 25%), and every
/// date replaced by `#k`, its index in `dates`. Dates are read as EDGAR filers write them:
/// `April 6, 2005`, `04/06/2005` (month first) and `2005-04-06`.
struct VestingText {
  let text: String
  let dates: [LedgerDate]

  init(_ original: String) {
    var s = original.lowercased()
    for (from, to) in [("\u{2019}", "'"), ("\u{2010}", "-"), ("\u{2011}", "-"), ("\u{2013}", "-"), ("\u{2014}", "-"), ("\u{00A0}", " ")] {
      s = s.replacingOccurrences(of: from, with: to)
    }
    s = TextPattern.collapse(s, #"\s+"#, " ")
    var dates: [LedgerDate] = []
    s = TextPattern.replace(s, VestingText.monthNameDate) { g in
      guard let m = VestingText.months[g[1] ?? ""], let d = Int(g[2] ?? ""), let y = Int(g[3] ?? ""),
        let date = LedgerDate(year: y, month: m, day: d)
      else { return nil }
      dates.append(date)
      return "#\(dates.count - 1)"
    }
    s = TextPattern.replace(s, #"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"#) { g in
      guard let m = Int(g[1] ?? ""), let d = Int(g[2] ?? ""), let y = Int(g[3] ?? ""), let date = LedgerDate(year: y, month: m, day: d)
      else { return nil }
      dates.append(date)
      return "#\(dates.count - 1)"
    }
    s = TextPattern.replace(s, #"\b(\d{4})-(\d{2})-(\d{2})\b"#) { g in
      guard let date = LedgerDate("\(g[1]!)-\(g[2]!)-\(g[3]!)") else { return nil }
      dates.append(date)
      return "#\(dates.count - 1)"
    }
    s = VestingText.digits(s)
    s = TextPattern.collapse(s, #"\b(\d+) \(\d+\)"#, "$1")
    s = TextPattern.collapse(s, #"\b(\d+)/(\d+)(?:st|nd|rd|th)\b"#, "$1/$2")
    s = TextPattern.collapse(s, #"\b(\d+(?:\.\d+)?) ?(?:%|percent\b|per cent\b)"#, "$1%")
    s = TextPattern.collapse(s, #"(\d),(\d{3})\b"#, "$1$2")
    text = s
    self.dates = dates
  }

  static let monthNameDate =
    #"\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b"#

  static let months: [String: Int] = [
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
    "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
  ]

  static let units = [
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
  ]
  static let tens = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
  /// Ordinals as denominators ("one-fourth", "one-third"): only after a number.
  static let ordinals = [
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6,
    "eighth": 8, "tenth": 10, "twelfth": 12, "sixteenth": 16, "twentieth": 20,
  ]

  /// Number words as digits: "thirty-six" and "thirty six" are 36, "one-fourth" is 1/4.
  static func digits(_ s: String) -> String {
    let unitWords = units.keys.sorted { $0.count > $1.count }.joined(separator: "|")
    let tenWords = tens.keys.joined(separator: "|")
    var out = TextPattern.replace(s, "\\b(\(tenWords))(?:[- ](\(unitWords)))?\\b") { g in
      let t = tens[g[1] ?? ""] ?? 0
      return String(t + (g[2].flatMap { units[$0] } ?? 0))
    }
    out = TextPattern.replace(out, "\\b(\(unitWords))\\b") { g in units[g[1] ?? ""].map(String.init) }
    let ordinalWords = ordinals.keys.sorted { $0.count > $1.count }.joined(separator: "|")
    out = TextPattern.replace(out, "\\b(\\d+)[- ](\(ordinalWords))\\b") { g in
      guard let n = g[1], let d = g[2].flatMap({ ordinals[$0] }) else { return nil }
      return "\(n)/\(d)"
    }
    return out
  }
}

/// Small helpers over `NSRegularExpression`, which works the same on every platform.
enum TextPattern {
  nonisolated(unsafe) private static var cache: [String: NSRegularExpression] = [:]
  private static let lock = NSLock()

  static func compiled(_ pattern: String) -> NSRegularExpression {
    lock.lock()
    defer { lock.unlock() }
    if let r = cache[pattern] { return r }
    let r = try! NSRegularExpression(pattern: pattern, options: [])
    cache[pattern] = r
    return r
  }

  /// The groups of the first match at or after `offset` (UTF-16), with the match's range.
  static func first(_ pattern: String, in s: String, from offset: Int = 0) -> (groups: [String?], range: NSRange)? {
    let ns = s as NSString
    guard offset <= ns.length,
      let m = compiled(pattern).firstMatch(in: s, range: NSRange(location: offset, length: ns.length - offset))
    else { return nil }
    return (groups(m, ns), m.range)
  }

  /// The groups of every match.
  static func all(_ pattern: String, in s: String) -> [(groups: [String?], range: NSRange)] {
    let ns = s as NSString
    return compiled(pattern).matches(in: s, range: NSRange(location: 0, length: ns.length)).map { (groups($0, ns), $0.range) }
  }

  static func contains(_ pattern: String, in s: String) -> Bool { first(pattern, in: s) != nil }

  /// Replaces each match by what `transform` makes of its groups (nil keeps the match).
  static func replace(_ s: String, _ pattern: String, _ transform: ([String?]) -> String?) -> String {
    let ns = s as NSString
    var out = ""
    var last = 0
    for m in compiled(pattern).matches(in: s, range: NSRange(location: 0, length: ns.length)) {
      out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
      out += transform(groups(m, ns)) ?? ns.substring(with: m.range)
      last = m.range.location + m.range.length
    }
    return out + ns.substring(from: last)
  }

  static func collapse(_ s: String, _ pattern: String, _ template: String) -> String {
    let ns = s as NSString
    return compiled(pattern).stringByReplacingMatches(in: s, range: NSRange(location: 0, length: ns.length), withTemplate: template)
  }

  private static func groups(_ m: NSTextCheckingResult, _ ns: NSString) -> [String?] {
    (0..<m.numberOfRanges).map { i in
      let r = m.range(at: i)
      return r.location == NSNotFound ? nil : ns.substring(with: r)
    }
  }
}

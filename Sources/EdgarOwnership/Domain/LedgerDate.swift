import Foundation

/// A calendar date without time or zone, written `YYYY-MM-DD`.
///
/// EDGAR dates are civil dates: a transaction date, a period of report, a filing date. They never
/// carry a time zone, so the ledger never turns them into instants.
public struct LedgerDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a date after checking that it exists in the proleptic Gregorian calendar.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= LedgerDate.daysIn(month: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses exactly `YYYY-MM-DD` (surrounding whitespace allowed) and rejects dates that do not
  /// exist, such as `2004-02-30`.
  public init?(_ text: some StringProtocol) {
    var bytes = Array(text.utf8)
    while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
      bytes.removeLast()
    }
    var start = 0
    while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D {
      start += 1
    }
    let b = bytes[start...]
    guard b.count == 10 else { return nil }
    func digits(_ range: Range<Int>) -> Int? {
      var value = 0
      for i in range {
        let c = b[b.startIndex + i]
        guard c >= 0x30, c <= 0x39 else { return nil }
        value = value * 10 + Int(c - 0x30)
      }
      return value
    }
    guard b[b.startIndex + 4] == 0x2D, b[b.startIndex + 7] == 0x2D,
      let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Parses the compact `YYYYMMDD` form used by EDGAR submission headers.
  public init?(compact text: some StringProtocol) {
    let t = text.trimmed
    guard t.utf8.count >= 8, t.utf8.prefix(8).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    let s = String(t.prefix(8))
    self.init("\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))")
  }

  public var description: String {
    let y = year, m = month, d = day
    return String(unsafeUninitializedCapacity: 10) { b in
      b[0] = UInt8(0x30 + y / 1000 % 10)
      b[1] = UInt8(0x30 + y / 100 % 10)
      b[2] = UInt8(0x30 + y / 10 % 10)
      b[3] = UInt8(0x30 + y % 10)
      b[4] = 0x2D
      b[5] = UInt8(0x30 + m / 10)
      b[6] = UInt8(0x30 + m % 10)
      b[7] = 0x2D
      b[8] = UInt8(0x30 + d / 10)
      b[9] = UInt8(0x30 + d % 10)
      return 10
    }
  }

  public static func < (lhs: LedgerDate, rhs: LedgerDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  // MARK: - Day arithmetic

  /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The date `dayNumber` days after 1970-01-01.
  public init(dayNumber z0: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.year = y
    self.month = m
    self.day = d
  }

  public func adding(days: Int) -> LedgerDate { LedgerDate(dayNumber: dayNumber + days) }

  /// The date `months` calendar months later, on `day` of that month (default: this date's
  /// day), clamped to the month's last day: 2005-01-31 plus one month is 2005-02-28. With
  /// `endOfMonth`, always the month's last day.
  public func adding(months: Int, day: Int? = nil, endOfMonth: Bool = false) -> LedgerDate {
    let index = year * 12 + (month - 1) + months
    let y = index / 12
    let m = index % 12 + 1
    let last = LedgerDate.daysIn(month: m, year: y)
    let d = endOfMonth ? last : min(day ?? self.day, last)
    return LedgerDate(year: y, month: m, day: d) ?? self
  }

  /// 0 = Monday ... 6 = Sunday.
  public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

  public var isWeekend: Bool { weekday >= 5 }

  /// Business days strictly after `self` up to and including `other` (weekends skipped; US
  /// holidays are not modelled).
  public func businessDays(until other: LedgerDate) -> Int {
    guard other > self else { return 0 }
    var count = 0
    var d = self.adding(days: 1)
    while d <= other {
      if !d.isWeekend { count += 1 }
      d = d.adding(days: 1)
    }
    return count
  }

  /// Today in the machine's local calendar.
  public static func today(now: Date = Date()) -> LedgerDate {
    let c = Calendar(identifier: .gregorian).dateComponents(in: .current, from: now)
    return LedgerDate(year: c.year!, month: c.month!, day: c.day!)!
  }
}

extension LedgerDate: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let date = LedgerDate(text) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is not a date (YYYY-MM-DD)")
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

/// Quotes a user-supplied text for an error message, escaping what would break a one-line message.
package func quoted(_ text: some StringProtocol, limit: Int = 60) -> String {
  var s = ""
  for ch in text.unicodeScalars {
    switch ch {
    case "\"": s += "\\\""
    case "\\": s += "\\\\"
    case "\n": s += "\\n"
    case "\r": s += "\\r"
    case "\t": s += "\\t"
    default:
      if ch.value < 0x20 || ch.value == 0x7F || (0x202A...0x202E).contains(ch.value) || (0x2066...0x2069).contains(ch.value) {
        s += String(format: "\\u{%X}", ch.value)
      } else {
        s.unicodeScalars.append(ch)
      }
    }
  }
  if s.count > limit { s = String(s.prefix(limit)) + "…" }
  return "\"" + s + "\""
}

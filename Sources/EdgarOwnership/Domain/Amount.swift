import Foundation

/// An exact, non-negative or signed decimal quantity: shares, dollars, prices.
///
/// Never a `Double` and never an `Int`: filings report fractional shares (`259605.40`) and prices
/// to four places, and the ledger must add them up exactly. Backed by Foundation's `Decimal`
/// (38 significant digits); text is parsed strictly (no exponent, no thousands separators).
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let decimal: Decimal
  /// The canonical text, kept when the amount was parsed (rendering a Decimal is slow).
  private let text: String?

  public init(_ decimal: Decimal) {
    self.decimal = decimal
    self.text = nil
  }

  public init(_ int: Int) {
    self.decimal = Decimal(int)
    self.text = String(int)
  }

  private init(_ decimal: Decimal, text: String) {
    self.decimal = decimal
    self.text = text
  }

  public static func == (l: Amount, r: Amount) -> Bool { l.decimal == r.decimal }
  public func hash(into h: inout Hasher) { h.combine(decimal) }

  public static let zero = Amount(0)

  /// The largest number of digits accepted before and after the decimal point.
  public static let maxIntegerDigits = 18
  public static let maxFractionDigits = 10

  public enum ParseError: Error, Equatable {
    case notANumber
    case outOfRange
  }

  /// Parses `[-+]?digits[.digits]` with surrounding whitespace allowed.
  public static func parse(_ text: some StringProtocol) -> Result<Amount, ParseError> {
    if let r = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) { return r }
    return Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
  }

  /// One pass over the bytes, no allocation but the canonical text (amounts are parsed for
  /// every row of every filing appended, and again when the log is replayed).
  static func parse(bytes u: UnsafeBufferPointer<UInt8>) -> Result<Amount, ParseError> {
    var i = 0
    var n = u.count
    while i < n, isSpace(u[i]) { i += 1 }
    while n > i, isSpace(u[n - 1]) { n -= 1 }
    var negative = false
    if i < n, u[i] == 0x2D || u[i] == 0x2B {
      negative = u[i] == 0x2D
      i += 1
    }
    let intStart = i
    while i < n, isDigit(u[i]) { i += 1 }
    let intEnd = i
    var fracStart = i
    var fracEnd = i
    if i < n, u[i] == 0x2E {
      i += 1
      fracStart = i
      while i < n, isDigit(u[i]) { i += 1 }
      fracEnd = i
    }
    guard i == n, intEnd > intStart || fracEnd > fracStart else { return .failure(.notANumber) }
    // Canonical digits: drop leading zeros of the integer part and trailing zeros of the fraction.
    var a = intStart
    while a < intEnd, u[a] == 0x30 { a += 1 }
    var b = fracEnd
    while b > fracStart, u[b - 1] == 0x30 { b -= 1 }
    let integerDigits = intEnd - a
    let fractionDigits = b - fracStart
    guard integerDigits <= maxIntegerDigits, fractionDigits <= maxFractionDigits else { return .failure(.outOfRange) }
    let digits = integerDigits + fractionDigits
    if digits == 0 { return .success(Amount(Decimal(0), text: "0")) }
    var decimal: Decimal
    if digits <= 19 {
      var significand: UInt64 = 0
      for k in a..<intEnd { significand = significand &* 10 &+ UInt64(u[k] - 0x30) }
      for k in fracStart..<b { significand = significand &* 10 &+ UInt64(u[k] - 0x30) }
      decimal = Decimal(significand)
    } else {
      decimal = 0
      for k in a..<intEnd { decimal = decimal * 10 + Decimal(Int(u[k] - 0x30)) }
      for k in fracStart..<b { decimal = decimal * 10 + Decimal(Int(u[k] - 0x30)) }
    }
    if fractionDigits > 0 { decimal = Decimal(sign: .plus, exponent: -fractionDigits, significand: decimal) }
    if negative { decimal.negate() }
    // Canonical text: no leading zeros, no trailing fractional zeros, no exponent.
    var canonical: [UInt8] = []
    canonical.reserveCapacity(digits + 3)
    if negative { canonical.append(0x2D) }
    if integerDigits == 0 { canonical.append(0x30) } else { canonical.append(contentsOf: UnsafeBufferPointer(rebasing: u[a..<intEnd])) }
    if fractionDigits > 0 {
      canonical.append(0x2E)
      canonical.append(contentsOf: UnsafeBufferPointer(rebasing: u[fracStart..<b]))
    }
    return .success(Amount(decimal, text: String(decoding: canonical, as: UTF8.self)))
  }

  private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

  public init?(_ text: some StringProtocol) {
    guard case .success(let a) = Amount.parse(text) else { return nil }
    self = a
  }

  private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

  public var isNegative: Bool { decimal < 0 }
  public var isZero: Bool { decimal == 0 }

  /// Plain decimal text, no exponent, no grouping: `2450000`, `3.99`, `-12.5`.
  public var description: String {
    if let text { return text }
    var d = decimal
    var rounded = Decimal()
    NSDecimalRound(&rounded, &d, Amount.maxFractionDigits, .plain)
    let s = rounded.description
    return s
  }

  /// Text with thousands separators for people: `2,450,000`, `1,234.5`.
  public var grouped: String {
    let s = description
    let negative = s.hasPrefix("-")
    let body = negative ? String(s.dropFirst()) : s
    let parts = body.split(separator: ".", maxSplits: 1)
    let int = Array(parts[0])
    var out = ""
    for (i, ch) in int.enumerated() {
      if i > 0 && (int.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    if parts.count == 2 { out += "." + parts[1] }
    return (negative ? "-" : "") + out
  }

  public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.decimal < rhs.decimal }

  /// Text that sorts like the number, for non-negative amounts: `00000000000000000003.99`.
  package var sortKey: String {
    let s = description
    let intLength = s.firstIndex(of: ".").map { s.distance(from: s.startIndex, to: $0) } ?? s.count
    return String(repeating: "0", count: max(0, 20 - intLength)) + s
  }
  public static func + (lhs: Amount, rhs: Amount) -> Amount { Amount(lhs.decimal + rhs.decimal) }
  public static func - (lhs: Amount, rhs: Amount) -> Amount { Amount(lhs.decimal - rhs.decimal) }
  public static func * (lhs: Amount, rhs: Amount) -> Amount { Amount(lhs.decimal * rhs.decimal) }
  /// Keeps the canonical text (a parsed amount negated, as every delta is, renders without
  /// going through Decimal's slow text conversion).
  public static prefix func - (value: Amount) -> Amount {
    guard let text = value.text else { return Amount(-value.decimal) }
    if value.isZero { return value }
    return Amount(-value.decimal, text: text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text)
  }
  public var magnitude: Amount { isNegative ? -self : self }

  /// `self / other` when it is an exact integer (a split ratio), else nil.
  public func integerRatio(over other: Amount) -> Int? {
    guard !other.isZero else { return nil }
    var q = decimal / other.decimal
    var r = Decimal()
    NSDecimalRound(&r, &q, 0, .plain)
    guard r * other.decimal == decimal, let n = Int(exactly: NSDecimalNumber(decimal: r).int64Value), n != 0
    else { return nil }
    return n
  }
}

extension Amount: Codable {
  /// Accepts a JSON number or a string holding a number; refuses negative values, since no
  /// quantity, price or amount in an ownership filing is negative (the sign lives in the A/D flag).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text: String
    if let s = try? c.decode(String.self) {
      text = s
    } else if let d = try? c.decode(Decimal.self) {
      // JSONDecoder reads the number's digits exactly into a Decimal.
      text = d.description
    } else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number")
    }
    switch Amount.parse(text) {
    case .success(let amount):
      if amount.isNegative, decoder.userInfo[.allowsNegativeAmounts] as? Bool != true {
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is negative")
      }
      self = amount
    case .failure(.outOfRange):
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is out of range")
    case .failure(.notANumber):
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is not a number")
    }
  }

  /// Encodes as a string so that no JSON reader turns it into a binary floating-point number.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

extension CodingUserInfoKey {
  /// Set to `true` when decoding stored payloads whose amounts may be signed (deltas).
  static let allowsNegativeAmounts = CodingUserInfoKey(rawValue: "ledger.allowsNegativeAmounts")!
}

import Foundation

/// An exact, non-negative or signed decimal quantity: shares, dollars, prices.
///
/// Never a `Double` and never an `Int`: filings report fractional shares (`259605.40`) and prices
/// to four places, and the ledger must add them up exactly. A 64-bit mantissa and a decimal scale
/// hold nearly every amount; Foundation's `Decimal` (38 significant digits) holds the rest. Text is
/// parsed strictly (no exponent, no thousands separators).
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The value as `mantissa / 10^scale` when the mantissa fits 64 bits (nearly every amount a
  /// filing reports), else as a Decimal: reports add, compare and print millions of amounts, and
  /// Decimal arithmetic and text conversion are slow. Each value has exactly one form, so the
  /// synthesized equality and hash are the value's: a fixed form never ends its fraction with a
  /// zero, and a Decimal holds only values the fixed form cannot.
  private enum Storage: Hashable, Sendable {
    case fixed(Int64, scale: UInt8)
    case decimal(Decimal)
  }

  private let storage: Storage

  private init(storage: Storage) { self.storage = storage }

  public init(_ decimal: Decimal) {
    storage = Amount.fixed(decimal).map { .fixed($0.0, scale: $0.1) } ?? .decimal(decimal)
  }

  public init(_ int: Int) {
    self.init(mantissa: Int64(int), scale: 0)
  }

  /// `mantissa / 10^scale`, in its one canonical form.
  init(mantissa: Int64, scale: Int) {
    var (m, s) = (mantissa, scale)
    while s > 0, m % 10 == 0 {
      m /= 10
      s -= 1
    }
    if m == 0 { s = 0 }
    if m == .min || s > Int(UInt8.max) {
      var d = Decimal(sign: m < 0 ? .minus : .plus, exponent: -s, significand: Decimal(m.magnitude))
      if m == 0 { d = 0 }
      storage = .decimal(d)
    } else {
      storage = .fixed(m, scale: UInt8(s))
    }
  }

  /// The value as Foundation's Decimal.
  public var decimal: Decimal {
    switch storage {
    case .decimal(let d): return d
    case .fixed(let m, let s):
      if s == 0 { return Decimal(m) }
      return Decimal(sign: m < 0 ? .minus : .plus, exponent: -Int(s), significand: Decimal(m.magnitude))
    }
  }

  /// The canonical fixed form of a Decimal, or nil when its mantissa needs more than 63 bits.
  private static func fixed(_ d: Decimal) -> (Int64, UInt8)? {
    if d.isNaN { return nil }
    if d.isZero { return (0, 0) }
    let significand = d.significand.magnitude
    guard significand <= Decimal(Int64.max) else { return nil }
    var m = NSDecimalNumber(decimal: significand).int64Value
    var scale = -d.exponent
    while scale < 0 {
      let (p, overflow) = m.multipliedReportingOverflow(by: 10)
      if overflow { return nil }
      (m, scale) = (p, scale + 1)
    }
    while scale > 0, m % 10 == 0 {
      m /= 10
      scale -= 1
    }
    guard scale <= Int(UInt8.max) else { return nil }
    return (d.sign == .minus ? -m : m, UInt8(scale))
  }

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

  /// One pass over the bytes, no allocation (amounts are parsed for every row of every filing
  /// appended, and again whenever a report reads the derived tables).
  package static func parse(bytes u: UnsafeBufferPointer<UInt8>) -> Result<Amount, ParseError> {
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
    // Significant digits: drop leading zeros of the integer part and trailing zeros of the fraction.
    var a = intStart
    while a < intEnd, u[a] == 0x30 { a += 1 }
    var b = fracEnd
    while b > fracStart, u[b - 1] == 0x30 { b -= 1 }
    let integerDigits = intEnd - a
    let fractionDigits = b - fracStart
    guard integerDigits <= maxIntegerDigits, fractionDigits <= maxFractionDigits else { return .failure(.outOfRange) }
    if integerDigits + fractionDigits <= 18 {
      var m: Int64 = 0
      for k in a..<intEnd { m = m &* 10 &+ Int64(u[k] - 0x30) }
      for k in fracStart..<b { m = m &* 10 &+ Int64(u[k] - 0x30) }
      return .success(Amount(mantissa: negative ? -m : m, scale: fractionDigits))
    }
    var decimal = Decimal(0)
    for k in a..<intEnd { decimal = decimal * 10 + Decimal(Int(u[k] - 0x30)) }
    for k in fracStart..<b { decimal = decimal * 10 + Decimal(Int(u[k] - 0x30)) }
    if fractionDigits > 0 { decimal = Decimal(sign: .plus, exponent: -fractionDigits, significand: decimal) }
    if negative { decimal.negate() }
    return .success(Amount(decimal))
  }

  private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

  public init?(_ text: some StringProtocol) {
    guard case .success(let a) = Amount.parse(text) else { return nil }
    self = a
  }

  private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

  public var isNegative: Bool {
    switch storage {
    case .fixed(let m, _): m < 0
    case .decimal(let d): d < 0
    }
  }

  public var isZero: Bool { storage == .fixed(0, scale: 0) }

  /// Plain decimal text, no exponent, no grouping: `2450000`, `3.99`, `-12.5`.
  public var description: String { text(grouped: false) }

  /// Text with thousands separators for people: `2,450,000`, `1,234.5`.
  public var grouped: String { text(grouped: true) }

  private func text(grouped: Bool) -> String {
    guard case .fixed(let m, let scale) = storage, scale <= Amount.maxFractionDigits else {
      var d = decimal
      var rounded = Decimal()
      NSDecimalRound(&rounded, &d, Amount.maxFractionDigits, .plain)
      return grouped ? Amount.group(rounded.description) : rounded.description
    }
    // Digits from the last: the fraction, the point, then the integer part in groups of three.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
      var end = 40
      func put(_ c: UInt8) {
        end -= 1
        buffer[end] = c
      }
      var v = m.magnitude
      for _ in 0..<scale {
        put(0x30 + UInt8(v % 10))
        v /= 10
      }
      if scale > 0 { put(0x2E) }
      var count = 0
      repeat {
        if grouped && count > 0 && count % 3 == 0 { put(0x2C) }
        put(0x30 + UInt8(v % 10))
        v /= 10
        count += 1
      } while v > 0
      if m < 0 { put(0x2D) }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[end...]), as: UTF8.self)
    }
  }

  /// Thousands separators in plain decimal text.
  private static func group(_ s: String) -> String {
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

  /// Both fixed mantissas at the larger of the two scales, or nil when either is a Decimal or
  /// rescaling overflows.
  private static func aligned(_ l: Amount, _ r: Amount) -> (Int64, Int64, Int)? {
    guard case .fixed(var a, let sa) = l.storage, case .fixed(var b, let sb) = r.storage else { return nil }
    if sa == sb { return (a, b, Int(sa)) }
    let shift = Int(sa > sb ? sa - sb : sb - sa)
    guard shift < powersOfTen.count else { return nil }
    if sa < sb {
      let (p, overflow) = a.multipliedReportingOverflow(by: powersOfTen[shift])
      if overflow { return nil }
      a = p
    } else {
      let (p, overflow) = b.multipliedReportingOverflow(by: powersOfTen[shift])
      if overflow { return nil }
      b = p
    }
    return (a, b, Int(max(sa, sb)))
  }

  private static let powersOfTen: [Int64] = (0...18).map { k in (0..<k).reduce(Int64(1)) { p, _ in p * 10 } }

  public static func < (lhs: Amount, rhs: Amount) -> Bool {
    if let (a, b, _) = aligned(lhs, rhs) { return a < b }
    return lhs.decimal < rhs.decimal
  }

  /// Text that sorts like the number, for non-negative amounts: `00000000000000000003.99`.
  package var sortKey: String {
    let s = description
    let intLength = s.firstIndex(of: ".").map { s.distance(from: s.startIndex, to: $0) } ?? s.count
    return String(repeating: "0", count: max(0, 20 - intLength)) + s
  }

  public static func + (lhs: Amount, rhs: Amount) -> Amount {
    if let (a, b, scale) = aligned(lhs, rhs) {
      let (sum, overflow) = a.addingReportingOverflow(b)
      if !overflow { return Amount(mantissa: sum, scale: scale) }
    }
    return Amount(lhs.decimal + rhs.decimal)
  }

  public static func - (lhs: Amount, rhs: Amount) -> Amount { lhs + -rhs }

  public static func * (lhs: Amount, rhs: Amount) -> Amount {
    if case .fixed(let a, let sa) = lhs.storage, case .fixed(let b, let sb) = rhs.storage {
      let (product, overflow) = a.multipliedReportingOverflow(by: b)
      if !overflow { return Amount(mantissa: product, scale: Int(sa) + Int(sb)) }
    }
    return Amount(lhs.decimal * rhs.decimal)
  }

  public static prefix func - (value: Amount) -> Amount {
    switch value.storage {
    case .fixed(let m, let s): Amount(storage: .fixed(-m, scale: s))
    case .decimal(let d): Amount(-d)
    }
  }

  public var magnitude: Amount { isNegative ? -self : self }

  /// The whole part of non-negative `a × b / c` (rounded down): shares vesting in an
  /// installment, units converted at a ratio. A zero `c` gives zero.
  public static func whole(_ a: Amount, times b: Amount, over c: Amount) -> Amount {
    if c.isZero { return .zero }
    if case .fixed(let ma, let sa) = a.storage, case .fixed(let mb, let sb) = b.storage, case .fixed(let mc, let sc) = c.storage,
      Int(sa) + Int(sb) < powersOfTen.count, Int(sc) < powersOfTen.count
    {
      // a×b/c = (ma × mb × 10^sc) / (mc × 10^(sa+sb)).
      let (p1, o1) = ma.multipliedReportingOverflow(by: mb)
      let (p2, o2) = p1.multipliedReportingOverflow(by: powersOfTen[Int(sc)])
      let (q, o3) = mc.multipliedReportingOverflow(by: powersOfTen[Int(sa) + Int(sb)])
      if !(o1 || o2 || o3) { return Amount(mantissa: p2 / q, scale: 0) }
    }
    var v = a.decimal * b.decimal / c.decimal
    var r = Decimal()
    NSDecimalRound(&r, &v, 0, .down)
    return Amount(r)
  }

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

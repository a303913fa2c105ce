import Foundation

/// When a grant's shares become exercisable (options, warrants) or vest (restricted units), as a
/// filing states it: parts of the total on given dates (a cliff, or listed percentages), then the
/// rest in equal installments.
///
/// The terms are independent of the amount: `schedule(total:)` applies them to a grant.
public struct VestingTerms: Hashable, Sendable {
  /// A part of the total that vests on one date, as an exact fraction.
  public struct Part: Hashable, Sendable {
    public var date: LedgerDate
    public var numerator: Int
    public var denominator: Int

    public init(date: LedgerDate, numerator: Int, denominator: Int) {
      self.date = date
      self.numerator = numerator
      self.denominator = denominator
    }
  }

  /// A short name of the pattern the terms were read from (`cliff+installments`, `installments`,
  /// `percent per period`, `listed dates`, `full on date`, `earlier of date or event`,
  /// `immediate`, `exercise date`).
  public var rule: String
  /// Parts vesting on their own dates, in order.
  public var parts: [Part]
  /// The dates on which what the parts leave vests in equal installments.
  public var installments: [LedgerDate]

  public init(rule: String, parts: [Part] = [], installments: [LedgerDate] = []) {
    self.rule = rule
    self.parts = parts
    self.installments = installments
  }

  /// Everything on one date.
  public static func inFull(on date: LedgerDate, rule: String) -> VestingTerms {
    VestingTerms(rule: rule, installments: [date])
  }

  /// `count` installments, the first on `start`, then every `months` months (keeping the first
  /// date's day of the month, or on each month's last day).
  public static func dates(from start: LedgerDate, every months: Int, count: Int, endOfMonth: Bool = false) -> [LedgerDate] {
    (0..<max(count, 0)).map { k in
      k == 0 && !endOfMonth ? start : start.adding(months: k * months, day: start.day, endOfMonth: endOfMonth)
    }
  }

  /// The installments for a grant of `total` shares, in date order, summing to `total`.
  ///
  /// Amounts are cumulative and rounded down: a part is floor(total × fraction); of the rest R,
  /// k of n installments have vested floor(R × k / n), so each installment is the difference
  /// between two such figures and the last takes what rounding left. Listed parts whose
  /// fractions add up to the whole give their rounding to the last part.
  public func schedule(total: Amount) -> [Installment] {
    var out: [Installment] = []
    var used = Amount.zero
    let wholeByParts = installments.isEmpty && parts.reduce(Fraction.zero) { $0 + Fraction($1.numerator, $1.denominator) } == .one
    for (i, p) in parts.enumerated() {
      var shares = Amount.whole(total, times: Amount(p.numerator), over: Amount(p.denominator))
      if wholeByParts && i == parts.count - 1 { shares = total - used }
      shares = min(shares, total - used)
      out.append(Installment(date: p.date, shares: shares))
      used = used + shares
    }
    let rest = total - used
    let n = installments.count
    var before = Amount.zero
    for (k, date) in installments.enumerated() {
      let cumulative = k == n - 1 ? rest : Amount.whole(rest, times: Amount(k + 1), over: Amount(n))
      out.append(Installment(date: date, shares: cumulative - before))
      before = cumulative
    }
    return out
  }
}

/// One date of a schedule and the shares that vest on it.
public struct Installment: Hashable, Sendable {
  public var date: LedgerDate
  public var shares: Amount

  public init(date: LedgerDate, shares: Amount) {
    self.date = date
    self.shares = shares
  }
}

extension [Installment] {
  /// The shares vested on or before `date`.
  public func vested(asOf date: LedgerDate) -> Amount {
    reduce(Amount.zero) { $1.date <= date ? $0 + $1.shares : $0 }
  }
}

/// An exact fraction of small integers, for adding up the parts a footnote lists.
struct Fraction: Equatable {
  var numerator: Int
  var denominator: Int

  init(_ numerator: Int, _ denominator: Int) {
    let g = Fraction.gcd(abs(numerator), abs(denominator))
    self.numerator = g == 0 ? 0 : numerator / g
    self.denominator = g == 0 ? 1 : denominator / g
  }

  static let zero = Fraction(0, 1)
  static let one = Fraction(1, 1)

  static func + (l: Fraction, r: Fraction) -> Fraction {
    Fraction(l.numerator * r.denominator + r.numerator * l.denominator, l.denominator * r.denominator)
  }

  static func - (l: Fraction, r: Fraction) -> Fraction { l + Fraction(-r.numerator, r.denominator) }

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  /// How many times `self` goes into `whole`, when exactly.
  func count(in whole: Fraction) -> Int? {
    let n = whole.numerator * denominator
    let d = whole.denominator * numerator
    guard d > 0, n % d == 0 else { return nil }
    return n / d
  }
}

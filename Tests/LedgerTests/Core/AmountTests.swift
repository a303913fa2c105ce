import Foundation
import LedgerCore
import Testing

@Suite struct AmountTests {
  @Test func parsesDecimalsExactlyAndStrictly() {
    #expect(Amount("259605.40")?.description == "259605.4")
    #expect(Amount("0002450000")?.description == "2450000")
    #expect(Amount(" 3.99 ")?.description == "3.99")
    #expect(Amount("-12.5")?.description == "-12.5")
    #expect(Amount("0.0001")?.description == "0.0001")
    #expect(Amount("12345678901234567.1234")?.description == "12345678901234567.1234")
    #expect(Amount("5.")?.description == "5")
    #expect(Amount(".5")?.description == "0.5")
    #expect(Amount("+7")?.description == "7")
    #expect(Amount("-0.000")?.description == "0")
    #expect(Amount("\t-000.0500\n")?.description == "-0.05")
    #expect(Amount("-0.05")!.decimal == Decimal(string: "-0.05")!)
    #expect(Amount("12345678901234567.1234")!.decimal == Decimal(string: "12345678901234567.1234")!)
    for bad in ["", "1e3", "12abc", "1,000", "--1", ".", "NaN", "1.2.3", "0x10", "-", "- 5", "5 5", "+."] {
      #expect(Amount(bad) == nil, "accepted \(bad)")
    }
    #expect(Amount.parse("1234567890123456789012") == .failure(.outOfRange))
  }

  @Test func addsWithoutBinaryFloatingPointError() {
    var sum = Amount.zero
    for _ in 0..<10 { sum = sum + Amount("0.1")! }
    #expect(sum == Amount("1")!)
    #expect((Amount("0.1")! + Amount("0.2")!).description == "0.3")
  }

  /// A negated amount keeps its parsed text; it must read exactly as the same value computed
  /// (rendered from the Decimal), since both kinds end up in the projections.
  @Test func negationRendersLikeTheComputedValue() {
    for text in ["2450000", "259605.40", "0.0001", "-12.5", "0", "-0.0", "12345678901234567.1234", "0003.990"] {
      let a = Amount(text)!
      #expect((-a).description == Amount(-a.decimal).description, "\(text)")
      #expect(-a == Amount(-a.decimal))
      #expect(-(-a) == a && (-(-a)).description == a.description)
    }
    #expect((-Amount("126666")!).description == "-126666")
    #expect((-Amount("0")!).description == "0")
  }

  @Test func groupsThousandsForPeople() {
    #expect(Amount("2450000")!.grouped == "2,450,000")
    #expect(Amount("1234.5")!.grouped == "1,234.5")
    #expect(Amount("-999")!.grouped == "-999")
  }

  @Test func findsExactIntegerRatios() {
    #expect(Amount("170492985")!.integerRatio(over: Amount("34098597")!) == 5)
    #expect(Amount("10")!.integerRatio(over: Amount("3")!) == nil)
  }

  /// Sums, differences, products, order and text agree with Decimal's, whether the operands fit
  /// 64 bits or not, and one value is one value however it was reached.
  @Test func arithmeticAgreesWithDecimal() {
    var generator = SystemRandomNumberGenerator()
    let texts = [
      "0", "1", "-1", "0.5", "259605.4", "2450000", "999999999999999999", "-999999999999999999", "0.0000000001",
      "123456789012345678.5", "9223372036854775807", "-9223372036854775808", "12345678901234567.1234", "3.99",
    ]
    var samples = texts.map { Amount(Decimal(string: $0)!) }
    for _ in 0..<300 {
      let divisor: Int64 = [1, 1_000, 1_000_000_000, 100_000_000_000_000_000].randomElement(using: &generator)!
      let m = Int64.random(in: -Int64.max...Int64.max, using: &generator) / divisor
      let scale = Int.random(in: 0...10, using: &generator)
      samples.append(Amount(Decimal(sign: m < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(m.magnitude))))
    }
    for (i, a) in samples.enumerated() {
      let b = samples[(i * 7 + 3) % samples.count]
      #expect((a + b).decimal == a.decimal + b.decimal, "\(a) + \(b)")
      #expect((a - b).decimal == a.decimal - b.decimal, "\(a) - \(b)")
      #expect((a * b).decimal == a.decimal * b.decimal, "\(a) * \(b)")
      #expect((a < b) == (a.decimal < b.decimal), "\(a) < \(b)")
      #expect(Amount(a.decimal) == a && Amount(a.decimal).hashValue == a.hashValue, "\(a)")
      #expect(Amount(Decimal(string: a.description)!) == a, "\(a)")
      #expect((a + b).description == Amount((a + b).decimal).description, "\(a) + \(b)")
    }
    for (a, b, c, whole) in [
      ("1000", "1", "3", "333"), ("259605.4", "2", "3", "173070"), ("10", "1.5", "0.7", "21"), ("7", "0", "5", "0"),
      ("123456789012345678", "100", "7", "1763668414462081114"), ("5", "1", "0", "0"),
    ] {
      #expect(Amount.whole(Amount(a)!, times: Amount(b)!, over: Amount(c)!) == Amount(Decimal(string: whole)!), "\(a) × \(b) / \(c)")
    }
    #expect(Amount("2.50")! == Amount(Decimal(string: "2.5")!))
    #expect(Set([Amount("2.50")!, Amount(Decimal(25) / 10), Amount("2.5")!]).count == 1)
    #expect((Amount(Decimal(Int64.max)) + Amount(1)).description == "9223372036854775808")
    #expect((Amount("0.3333")! * Amount("0.0000001")!).description == "0.0000000333")
    #expect((Amount("3")! * Amount("0.0000001")!).description == "0.0000003")
    #expect(Amount("1234567.89")!.grouped == "1,234,567.89")
    #expect(Amount("-1000")!.grouped == "-1,000")
  }
}

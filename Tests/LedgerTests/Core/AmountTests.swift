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
}

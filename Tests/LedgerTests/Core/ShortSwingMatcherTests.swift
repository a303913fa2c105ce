import Foundation
import LedgerCore
import Testing

/// Section 16(b) matching, on hand-computed cases and against a brute force.
@Suite struct ShortSwingMatcherTests {
  typealias Trade = ShortSwingMatcher.Trade

  func buy(_ id: Int, _ date: String, _ shares: Int, at price: String) -> Trade {
    Trade(id: id, date: LedgerDate(date)!, shares: Amount(shares), price: Amount(price)!, isPurchase: true)
  }

  func sell(_ id: Int, _ date: String, _ shares: Int, at price: String) -> Trade {
    Trade(id: id, date: LedgerDate(date)!, shares: Amount(shares), price: Amount(price)!, isPurchase: false)
  }

  func totals(_ trades: [Trade]) -> (liho: Amount, max: Amount) {
    (ShortSwingMatcher.total(ShortSwingMatcher.lowestInHighestOut(trades)), ShortSwingMatcher.total(ShortSwingMatcher.maximum(trades)))
  }

  @Test func aPurchaseThenASaleWithinSixMonths() {
    // 100 shares bought at $10, sold at $15.25 seven weeks later: 100 x 5.25 = $525.
    let t = totals([buy(1, "2024-01-10", 100, at: "10"), sell(2, "2024-03-01", 100, at: "15.25")])
    #expect(t.liho == Amount("525")! && t.max == Amount("525")!)
  }

  @Test func aSaleThenAPurchase() {
    // Sold at $20, bought back at $12 three weeks later: 100 x 8 = $800.
    let pairs = ShortSwingMatcher.maximum([sell(1, "2024-01-10", 100, at: "20"), buy(2, "2024-02-01", 100, at: "12")])
    #expect(pairs == [ShortSwingMatcher.Pair(purchase: 2, sale: 1, shares: Amount(100), profitPerShare: Amount(8))])
  }

  @Test func exactlySixMonthsIsOut() {
    #expect(totals([buy(1, "2024-01-10", 100, at: "10"), sell(2, "2024-07-10", 100, at: "15")]).max == .zero)
    #expect(totals([buy(1, "2024-01-10", 100, at: "10"), sell(2, "2024-07-09", 100, at: "15")]).max == Amount(500))
    // August 31 plus six months is the last day of February.
    #expect(!ShortSwingMatcher.withinSixMonths(LedgerDate("2022-08-31")!, LedgerDate("2023-02-28")!))
    #expect(ShortSwingMatcher.withinSixMonths(LedgerDate("2022-08-31")!, LedgerDate("2023-02-27")!))
    #expect(ShortSwingMatcher.withinSixMonths(LedgerDate("2024-03-01")!, LedgerDate("2024-03-01")!))
  }

  @Test func sharesAreMatchedInPartsAndEachOnlyOnce() {
    // 100 bought at $10; 30 sold at $15 and 50 at $14: 30 x 5 + 50 x 4 = $350; 20 unmatched.
    let trades = [buy(1, "2024-01-10", 100, at: "10"), sell(2, "2024-02-01", 30, at: "15"), sell(3, "2024-02-02", 50, at: "14")]
    let pairs = ShortSwingMatcher.maximum(trades)
    #expect(ShortSwingMatcher.total(pairs) == Amount(350))
    #expect(pairs.reduce(Amount.zero) { $0 + $1.shares } == Amount(80))
    #expect(totals(trades).liho == Amount(350))
  }

  @Test func aLossAddsNothing() {
    let trades = [buy(1, "2024-01-10", 100, at: "20"), sell(2, "2024-02-01", 100, at: "15")]
    #expect(ShortSwingMatcher.maximum(trades).isEmpty)
    #expect(ShortSwingMatcher.lowestInHighestOut(trades).isEmpty)
  }

  /// Worked by hand:
  /// - P1: 100 at $10 on Jan 1; S1: 100 at $20 on Mar 1; S2: 100 at $25 on May 1; P2: 100 at $12 on Sep 1.
  /// - P1 pairs with S1 and S2. P2 pairs with S2 (four months) but not S1 (exactly six months).
  /// - liho takes the lowest purchase, P1, with the highest sale, S2: 100 x 15 = $1,500. P2's
  ///   only partner, S2, is used up, so the total stays $1,500.
  /// - The maximum pairs P1 with S1 (100 x 10 = $1,000) and P2 with S2 (100 x 13 = $1,300): $2,300.
  @Test func theGreedyMethodCanFallShortOfTheMaximum() {
    let trades = [
      buy(1, "2024-01-01", 100, at: "10"), sell(2, "2024-03-01", 100, at: "20"), sell(3, "2024-05-01", 100, at: "25"),
      buy(4, "2024-09-01", 100, at: "12"),
    ]
    let t = totals(trades)
    #expect(t.liho == Amount(1500))
    #expect(t.max == Amount(2300))
  }

  @Test func decimalPricesAndSharesStayExact() {
    let trades = [
      Trade(id: 1, date: LedgerDate("2024-01-10")!, shares: Amount("0.3")!, price: Amount("10.1")!, isPurchase: true),
      Trade(id: 2, date: LedgerDate("2024-01-11")!, shares: Amount("0.1")!, price: Amount("10.2")!, isPurchase: false),
      Trade(id: 3, date: LedgerDate("2024-01-12")!, shares: Amount("0.2")!, price: Amount("10.3")!, isPurchase: false),
    ]
    // 0.1 x 0.1 + 0.2 x 0.2 = 0.05, exactly.
    #expect(totals(trades).max == Amount("0.05")!)
  }

  /// On random small histories, the maximum equals a brute force over all matchings and is never
  /// below liho.
  @Test func theMaximumIsTheBruteForceMaximum() {
    var rng = SplitMix64(seed: 16)
    for round in 0..<300 {
      let count = Int.random(in: 2...8, using: &rng)
      let start = LedgerDate("2024-01-01")!
      let trades = (0..<count).map { i in
        Trade(
          id: i, date: start.adding(days: Int.random(in: 0...420, using: &rng)), shares: Amount(Int.random(in: 1...4, using: &rng)),
          price: Amount(Int.random(in: 1...9, using: &rng)), isPurchase: Bool.random(using: &rng))
      }
      let t = totals(trades)
      #expect(t.max == bruteForce(trades), "round \(round)")
      #expect(t.liho <= t.max, "round \(round)")
      // No share is used twice.
      for trade in trades {
        let used = ShortSwingMatcher.maximum(trades).filter { $0.purchase == trade.id || $0.sale == trade.id }.reduce(Amount.zero) { $0 + $1.shares }
        #expect(used <= trade.shares)
      }
    }
  }

  /// Every way of assigning whole shares of purchases to sales, by recursion with memory.
  func bruteForce(_ trades: [Trade]) -> Amount {
    let purchases = trades.filter(\.isPurchase)
    let sales = trades.filter { !$0.isPurchase }
    func whole(_ a: Amount) -> Int { Int(truncating: a.decimal as NSDecimalNumber) }
    var memo: [[Int]: Int] = [:]
    // state: purchase index, its shares left, then each sale's shares left.
    func best(_ i: Int, _ left: Int, _ salesLeft: [Int]) -> Int {
      if i == purchases.count { return 0 }
      let key = [i, left] + salesLeft
      if let m = memo[key] { return m }
      var result = best(i + 1, i + 1 < purchases.count ? whole(purchases[i + 1].shares) : 0, salesLeft)
      if left > 0 {
        for (j, s) in sales.enumerated() where salesLeft[j] > 0 {
          guard ShortSwingMatcher.withinSixMonths(purchases[i].date, s.date), s.price > purchases[i].price else { continue }
          var next = salesLeft
          next[j] -= 1
          result = max(result, whole(s.price - purchases[i].price) + best(i, left - 1, next))
        }
      }
      memo[key] = result
      return result
    }
    guard !purchases.isEmpty else { return .zero }
    return Amount(best(0, whole(purchases[0].shares), sales.map { whole($0.shares) }))
  }
}

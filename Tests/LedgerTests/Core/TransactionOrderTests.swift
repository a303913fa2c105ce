import Foundation
@testable import LedgerCore
import Testing

/// A listing keeps its transactions in the chunks they were made in and sorts only their
/// places; the order is the one the listing promises, across chunks.
@Suite struct TransactionOrderTests {
  /// Transactions on a few dates, filing dates and filings, some of unknown value, shuffled.
  static func shuffled(_ count: Int) -> [Transaction] {
    var generator = SplitMix64(seed: 16)
    let owner = PartyRef(id: 1, cik: CIK("777"), name: "DOE JANE")
    let issuer = IssuerRef(id: 1, cik: CIK("12345"), name: "ACME CORP", ticker: "ACME")
    var out: [Transaction] = []
    for i in 0..<count {
      let day = LedgerDate("2024-01-01")!.adding(days: Int.random(in: 0..<20, using: &generator))
      let price: Amount? = i % 7 == 0 ? nil : Amount(Int.random(in: 1...50, using: &generator))
      let shares = Amount(Int.random(in: 1...3, using: &generator) * 100)
      out.append(
        Transaction(
          date: day, owner: owner, jointOwners: [], role: "director", issuer: issuer, security: "Common Stock", derivative: false,
          code: .S, acquiredDisposed: .disposed, shares: shares, price: price, value: price.map { shares * $0 }, sharesAfter: nil,
          filing: FilingID(rawValue: String(format: "0000000001-24-%06d", Int.random(in: 0..<30, using: &generator))), form: .form4,
          filedAt: day.adding(days: Int.random(in: 0..<3, using: &generator)), rowOrder: i))
    }
    return out.shuffled(using: &generator)
  }

  /// The transactions cut into chunks of uneven sizes, some empty.
  static func chunks(_ list: [Transaction]) -> [[Transaction]] {
    var out: [[Transaction]] = [[]]
    var start = 0
    for size in [1, 0, 700, 13, 0, 999] {
      out.append(Array(list[start..<min(start + size, list.count)]))
      start = min(start + size, list.count)
    }
    return out + [Array(list[start...])]
  }

  @Test func byDateThenFilingDateAccessionAndRow() {
    let list = TransactionList(Self.chunks(Self.shuffled(2_000)), by: .date)
    let key = { (t: Transaction) in "\(t.date) \(t.filedAt) \(t.filing.rawValue) \(String(format: "%06d", t.rowOrder))" }
    #expect(list.map(key) == list.map(key).sorted())
    #expect(Set(list.map(\.rowOrder)).count == 2_000)
  }

  @Test func byValueLargestFirstUnknownLastThenDate() {
    let list = TransactionList(Self.chunks(Self.shuffled(2_000)), by: .value)
    let known = list.prefix { $0.value != nil }
    #expect(known.count == list.filter { $0.value != nil }.count)
    #expect(list.dropFirst(known.count).allSatisfy { $0.value == nil })
    for (a, b) in zip(known, known.dropFirst()) {
      #expect(a.value! > b.value! || (a.value == b.value && Transaction.precedes(a, b)))
    }
    let unknown = Array(list.dropFirst(known.count))
    #expect(!unknown.isEmpty)
    #expect(zip(unknown, unknown.dropFirst()).allSatisfy { Transaction.precedes($0, $1) })
    #expect(Set(list.map(\.rowOrder)).count == 2_000)
  }
}

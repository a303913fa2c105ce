import Foundation

/// Transactions in a listing's order, kept in the chunks they were made in: a whole ledger's
/// millions of transactions are neither copied into one array (which would hold them twice
/// while it is made) nor moved at every step of their sort; only their places are sorted.
public struct TransactionList: RandomAccessCollection, Sendable {
  private let parts: [[Transaction]]
  /// Each position's chunk and place in it.
  private let order: [Place]

  /// A transaction's chunk and place in it, with its date and filing date as day numbers:
  /// most comparisons of the sort end there, without reading the transactions.
  private struct Place: Sendable {
    var part: Int32
    var index: Int32
    var day: Int32
    var filed: Int32

    init(_ part: Int, _ index: Int, _ t: Transaction) {
      (self.part, self.index) = (Int32(part), Int32(index))
      (day, filed) = (Int32(t.date.dayNumber), Int32(t.filedAt.dayNumber))
    }
  }

  /// The transactions of these chunks, sorted.
  init(_ parts: [[Transaction]], by sort: TransactionsRequest.Sort) {
    var order: [Place] = []
    order.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for (p, part) in parts.enumerated() {
      for (i, t) in part.enumerated() { order.append(Place(p, i, t)) }
    }
    // `Transaction.precedes`, reading only the fields it compares.
    func precedes(_ p: Place, _ q: Place) -> Bool {
      if (p.day, p.filed) != (q.day, q.filed) { return (p.day, p.filed) < (q.day, q.filed) }
      let (a, b) = (parts[Int(p.part)], parts[Int(q.part)])
      let (i, j) = (Int(p.index), Int(q.index))
      if a[i].filing != b[j].filing { return a[i].filing.rawValue < b[j].filing.rawValue }
      return a[i].rowOrder < b[j].rowOrder
    }
    switch sort {
    case .date: order.sort(by: precedes)
    case .value:
      order.sort { p, q in
        switch (parts[Int(p.part)][Int(p.index)].value, parts[Int(q.part)][Int(q.index)].value) {
        case (let x?, let y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return precedes(p, q)
        }
      }
    }
    self.parts = parts
    self.order = order
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { order.count }

  public subscript(position: Int) -> Transaction {
    let place = order[position]
    return parts[Int(place.part)][Int(place.index)]
  }
}

import Foundation

/// Exercises and conversions hit both tables of one filing: Table II disposes of the derivative
/// (code M, C, X or O) and Table I acquires the underlying shares under the same code on the same
/// date. The two rows are one movement.
public enum ExercisePairs {
  /// Codes whose Table II row has a Table I counterpart.
  public static let codes: Set<TransactionCode> = [.M, .C, .X, .O]

  /// A transaction row of one filing, as pairing reads it.
  public struct Row: Hashable, Sendable {
    /// The row's place in its filing (`RowFacts.order`): Table I rows first, in document order.
    public var order: Int
    public var derivative: Bool
    public var code: TransactionCode
    public var date: LedgerDate
    /// Table I: the security; Table II: the underlying security.
    public var title: String?

    public init(order: Int, derivative: Bool, code: TransactionCode, date: LedgerDate, title: String?) {
      self.order = order
      self.derivative = derivative
      self.code = code
      self.date = date
      self.title = title
    }
  }

  /// Each paired row's partner, both ways. Table II rows are taken in document order; each pairs
  /// with the first unpaired Table I row of the same code and date whose security is its
  /// underlying security (titles compared ignoring case and spacing), or, when no title matches,
  /// with the only unpaired Table I row of that code and date.
  public static func pair(_ rows: [Row]) -> [Int: Int] {
    let table1 = rows.filter { !$0.derivative && codes.contains($0.code) }.sorted { $0.order < $1.order }
    var taken = Set<Int>()
    var out: [Int: Int] = [:]
    for d in rows.filter({ $0.derivative && codes.contains($0.code) }).sorted(by: { $0.order < $1.order }) {
      let open = table1.filter { !taken.contains($0.order) && $0.code == d.code && $0.date == d.date }
      let key = d.title.map(NameKey.title)
      let match = open.first { $0.title.map(NameKey.title) == key && key != nil } ?? (open.count == 1 ? open[0] : nil)
      guard let match else { continue }
      taken.insert(match.order)
      out[d.order] = match.order
      out[match.order] = d.order
    }
    return out
  }
}

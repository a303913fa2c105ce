import Foundation

extension Array {
  /// Sorts by a key of strings compared in order, computing each element's key once rather
  /// than at every comparison (a report of thousands of lines would otherwise build two arrays
  /// of strings per comparison). Elements with equal keys keep their order.
  mutating func sort(byKey key: (Element) -> [String]) {
    let keys = map(key)
    let order = indices.sorted { a, b in
      keys[a].lexicographicallyPrecedes(keys[b]) || (keys[a] == keys[b] && a < b)
    }
    self = order.map { self[$0] }
  }
}

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
    permute(to: order)
  }

  /// Rearranges the elements so that position `k` holds the element that was at `order[k]`,
  /// by swapping along each cycle of the permutation: elements move without being copied, so
  /// a report's rows (dozens of strings and arrays each) are not retained and released again.
  mutating func permute(to order: [Int]) {
    var placed = [Bool](repeating: false, count: count)
    for start in indices where !placed[start] {
      var k = start
      while true {
        placed[k] = true
        let source = order[k]
        if source == start { break }
        swapAt(k, source)
        k = source
      }
    }
  }
}

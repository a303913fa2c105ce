extension Sequence where Element: Hashable {
  /// These elements, once each, less those `known` holds a value for. Each is looked up in
  /// the dictionary: `Set.subtracting(known.keys)` walks every key instead, and a report's
  /// caches grow to hundreds of thousands while it asks about a few ids at a time.
  func missing<Value>(from known: [Element: Value]) -> Set<Element> {
    var out = Set<Element>()
    for e in self where known[e] == nil { out.insert(e) }
    return out
  }
}

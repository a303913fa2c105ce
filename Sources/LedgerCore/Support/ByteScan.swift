extension String {
  /// Whether any UTF-8 byte passes `test`, scanned over the string's contiguous bytes: a big
  /// holder's table checks a hundred thousand cells twice, and stepping through the `utf8`
  /// view a byte at a time costs several times the scan.
  @inlinable
  func containsUTF8(where test: (UInt8) -> Bool) -> Bool {
    if let found = utf8.withContiguousStorageIfAvailable({ $0.contains(where: test) }) { return found }
    return utf8.contains(where: test)
  }
}

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Data {
  /// The range of the first occurrence of `needle` at or after `start`.
  func range(of needle: String, from start: Index? = nil) -> Range<Index>? {
    let from = start ?? startIndex
    guard from < endIndex else { return nil }
    return needle.utf8CString.withUnsafeBufferPointer { n -> Range<Index>? in
      let needleLength = n.count - 1
      guard needleLength > 0 else { return nil }
      return self.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Range<Index>? in
        guard let base = raw.baseAddress else { return nil }
        let offset = from - startIndex
        let first = Int32(UInt8(bitPattern: n[0]))
        var at = offset
        while raw.count - at >= needleLength {
          // memchr finds the candidate first byte; memcmp checks the rest.
          guard let hit = memchr(base + at, first, raw.count - at - needleLength + 1) else { return nil }
          let i = UnsafeRawPointer(hit) - base
          if memcmp(hit, n.baseAddress!, needleLength) == 0 {
            return (startIndex + i)..<(startIndex + i + needleLength)
          }
          at = i + 1
        }
        return nil
      }
    }
  }
}

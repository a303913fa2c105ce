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
    // The needle's own bytes (a short literal is read in place; `utf8CString` allocated).
    var needle = needle
    return needle.withUTF8 { n -> Range<Index>? in
      let needleLength = n.count
      guard needleLength > 0 else { return nil }
      return self.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Range<Index>? in
        guard let base = raw.baseAddress else { return nil }
        let offset = from - startIndex
        let first = Int32(n[0])
        var at = offset
        while raw.count - at >= needleLength {
          // memchr finds the candidate first byte (vectorised); memcmp checks the rest. glibc's
          // memmem is a two-way search without vector instructions.
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

/// A whole file read with one `open`, `fstat`, `read` and `close`: what an append does for each
/// of its files (Foundation's `fileExists` then `contents(atPath:)` add `stat` calls and copies).
public enum FileBytes {
  /// The bytes of a file, or of standard input for `-`; a failure names the file.
  public static func read(_ file: String) throws(LedgerError) -> Data {
    if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    let fd = open(file, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw errno == ENOENT || errno == ENOTDIR ? .fileMissing(file: file) : .invalidFile(file: file, message: "cannot be read") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .invalidFile(file: file, message: "cannot be read") }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw .invalidFile(file: file, message: "is a folder") }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw .invalidFile(file: file, message: "cannot be read") }
    // One byte more than the size, so that the read which finds the end needs no growing.
    var capacity = max(Int(info.st_size), 0) + 1
    var buffer = malloc(capacity)!
    var count = 0
    while true {
      if count == capacity {
        capacity *= 2
        buffer = realloc(buffer, capacity)!
      }
      #if canImport(Glibc)
        let n = Glibc.read(fd, buffer + count, capacity - count)
      #else
        let n = Darwin.read(fd, buffer + count, capacity - count)
      #endif
      if n < 0 {
        if errno == EINTR { continue }
        free(buffer)
        throw .invalidFile(file: file, message: "cannot be read")
      }
      if n == 0 { break }
      count += n
      // A regular file reads short only at its end: no second call to find it.
      if count < capacity { break }
    }
    return Data(bytesNoCopy: buffer, count: count, deallocator: .free)
  }
}

/// A growable run of bytes, appended to with `memcpy`: payload encoding and the XML parser
/// append short runs (keys, values, element texts) for every field of every filing, and
/// `Array<UInt8>.append(contentsOf:)` does much more than the copy for each. Copies of a writer
/// share its bytes: it is used in place, as an `inout` value.
package struct ByteWriter {
  private final class Storage {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
      self.capacity = Swift.max(capacity, 16)
      base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    func grow(toHold n: Int) {
      let bigger = Swift.max(n, 2 * capacity)
      let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
      fresh.update(from: base, count: count)
      base.deallocate()
      base = fresh
      capacity = bigger
    }
  }

  private let storage: Storage

  package init(capacity: Int = 512) { storage = Storage(capacity: capacity) }

  package var count: Int { storage.count }
  package var last: UInt8? { storage.count > 0 ? storage.base[storage.count - 1] : nil }

  @inline(__always) package func append(_ b: UInt8) {
    let s = storage
    if s.count == s.capacity { s.grow(toHold: s.count + 1) }
    s.base[s.count] = b
    s.count += 1
  }

  @inline(__always) package func append(_ p: UnsafePointer<UInt8>, count n: Int) {
    let s = storage
    if s.count + n > s.capacity { s.grow(toHold: s.count + n) }
    (s.base + s.count).update(from: p, count: n)
    s.count += n
  }

  package func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let p = bytes.baseAddress else { return }
    append(p, count: bytes.count)
  }

  /// Drops the bytes from `count` on.
  package func truncate(to count: Int) { storage.count = Swift.min(count, storage.count) }

  package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
  }

  package var data: Data { Data(bytes: storage.base, count: storage.count) }
}

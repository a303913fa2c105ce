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
    return needle.withUTF8 { n in
      withUnsafeBytes { raw in
        raw.firstOffset(of: UnsafeRawBufferPointer(n), from: from - startIndex).map { (startIndex + $0)..<(startIndex + $0 + n.count) }
      }
    }
  }
}

extension String {
  /// Whether the string's UTF-8 bytes contain `needle`'s: a plain byte search, without the
  /// bridging to UTF-16 that Foundation's `contains` does on Linux.
  func containsBytes(of needle: String) -> Bool {
    var (haystack, needle) = (self, needle)
    return haystack.withUTF8 { h in needle.withUTF8 { n in UnsafeRawBufferPointer(h).firstOffset(of: UnsafeRawBufferPointer(n)) != nil } }
  }
}

extension UnsafeRawBufferPointer {
  /// The offset of the first occurrence of `needle` at or after `start`.
  func firstOffset(of needle: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
    guard let base = baseAddress, let n = needle.baseAddress, needle.count > 0 else { return nil }
    let first = Int32(needle[0])
    var at = start
    while count - at >= needle.count {
      // memchr finds the candidate first byte (vectorised); memcmp checks the rest. glibc's
      // memmem is a two-way search without vector instructions.
      guard let hit = memchr(base + at, first, count - at - needle.count + 1) else { return nil }
      let i = UnsafeRawPointer(hit) - base
      if memcmp(hit, n, needle.count) == 0 { return i }
      at = i + 1
    }
    return nil
  }
}

/// A whole file read with one `open`, `fstat`, `read` and `close`: what an append does for each
/// of its files (Foundation's `fileExists` then `contents(atPath:)` add `stat` calls and copies).
public enum FileBytes {
  /// The largest input read as one filing: 32 MiB. Ownership documents are kilobytes and a full
  /// submission a few megabytes; a larger file is refused by its size before it is read, so that
  /// a huge or endless input cannot exhaust memory.
  public static let limit = 32 << 20

  /// The bytes of a file, or of standard input for `-`; a failure names the file. The file is
  /// opened without blocking and must be a regular file: a FIFO, a device or a socket named
  /// directly or met in a folder is refused instead of waiting forever.
  public static func read(_ file: String) throws(LedgerError) -> Data {
    if file == "-" { return try readStandardInput() }
    let fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw errno == ENOENT || errno == ENOTDIR ? .fileMissing(file: file) : .invalidFile(file: file, message: "cannot be read") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .invalidFile(file: file, message: "cannot be read") }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw .invalidFile(file: file, message: "is a folder")
    case S_IFIFO: throw .invalidFile(file: file, message: "is a FIFO (named pipe), not a regular file")
    case S_IFCHR, S_IFBLK: throw .invalidFile(file: file, message: "is a device, not a regular file")
    case S_IFSOCK: throw .invalidFile(file: file, message: "is a socket, not a regular file")
    default: throw .invalidFile(file: file, message: "is not a regular file")
    }
    guard Int(info.st_size) <= limit else { throw tooLarge(file, bytes: Int(info.st_size)) }
    // One byte more than the size, so that the read which finds the end needs no growing.
    return try readAll(fd, file: file, expected: max(Int(info.st_size), 0), regular: true)
  }

  static func tooLarge(_ file: String, bytes: Int?) -> LedgerError {
    let size = bytes.map { "is \(($0 + (1 << 20) - 1) >> 20) MiB," } ?? "is"
    return .invalidFile(file: file, message: "\(size) more than the \(limit >> 20) MiB a filing may be; refused unread")
  }

  /// Standard input, up to `limit` bytes: one byte more refuses it (`/dev/zero` ends there).
  static func readStandardInput() throws(LedgerError) -> Data {
    try readAll(0, file: "-", expected: 1 << 16, regular: false)
  }

  /// Reads `fd` to its end, refusing more than `limit` bytes.
  private static func readAll(_ fd: Int32, file: String, expected: Int, regular: Bool) throws(LedgerError) -> Data {
    var capacity = min(expected, limit) + 1
    guard var buffer = malloc(capacity) else { throw .invalidFile(file: file, message: "cannot be read: out of memory") }
    var count = 0
    while true {
      if count == capacity {
        guard count <= limit else {
          free(buffer)
          throw tooLarge(file, bytes: file == "-" ? nil : count)
        }
        capacity = min(capacity * 2, limit + 1)
        if capacity == count { capacity += 1 }
        guard let bigger = realloc(buffer, capacity) else {
          free(buffer)
          throw .invalidFile(file: file, message: "cannot be read: out of memory")
        }
        buffer = bigger
      }
      #if canImport(Glibc)
        let n = Glibc.read(fd, buffer + count, capacity - count)
      #else
        let n = Darwin.read(fd, buffer + count, capacity - count)
      #endif
      if n < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN {
          // Standard input that is a terminal or pipe opened non-blocking elsewhere: wait for it.
          var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
          _ = poll(&p, 1, -1)
          continue
        }
        free(buffer)
        throw .invalidFile(file: file, message: "cannot be read")
      }
      if n == 0 { break }
      count += n
      if count > limit {
        free(buffer)
        throw tooLarge(file, bytes: file == "-" ? nil : count)
      }
      // A regular file reads short only at its end: no second call to find it.
      if regular && count < capacity { break }
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

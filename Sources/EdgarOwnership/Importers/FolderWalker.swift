import Foundation

/// One thing to read: a file (filing JSON, XML, submission) or an SEC data set.
public enum InputSource: Sendable {
  case file(String)
  case dataSet(String)
  /// Not read: not a filing (the reason says why).
  case skip(String, String)
  /// A file or folder that cannot be read (the reason says why): a refusal, never silence.
  case unreadable(String, String)
}

/// Walks a folder recursively in a deterministic order (byte order of names, folders entered
/// where they sort), holding only one directory listing per level, so that memory does not grow
/// with the number of files.
public struct FolderWalker: Sequence, IteratorProtocol, Sendable {
  /// A directory entry: its name, and whether it is a folder (nil when the listing did not say:
  /// a symbolic link, or a file system without entry types).
  typealias Entry = (name: String, isDirectory: Bool?)

  private var stack: [(directory: String, entries: [Entry], next: Int)] = []
  /// Folders whose listing failed, with the reason, to report before going on.
  private var unreadable: [(path: String, reason: String)] = []

  public init(root: String) {
    push(root)
  }

  /// The files, data-set folders and unreadable entries, in order, as paths.
  public mutating func next() -> String? { nextEntry()?.path }

  /// What the walk meets: a file, a data-set folder (read as one input), or an entry that
  /// cannot be read.
  enum Found {
    case file, dataSetFolder
    case unreadable(String)
  }

  /// The next file, data set folder or unreadable entry.
  mutating func nextEntry() -> (path: String, found: Found)? {
    if !unreadable.isEmpty {
      let u = unreadable.removeFirst()
      return (u.path, .unreadable(u.reason))
    }
    while var top = stack.last {
      guard top.next < top.entries.count else {
        stack.removeLast()
        continue
      }
      let entry = top.entries[top.next]
      top.next += 1
      stack[stack.count - 1] = top
      let path = top.directory.hasSuffix("/") ? top.directory + entry.name : top.directory + "/" + entry.name
      // The listing's entry type where it gave one (no `stat` per file); links are followed.
      let isDirectory: Bool
      if let known = entry.isDirectory {
        isDirectory = known
      } else {
        var info = stat()
        guard stat(path, &info) == 0 else {
          let reason = errno == ENOENT ? "cannot be read (a broken link)" : "cannot be read (\(String(cString: strerror(errno))))"
          return (path, .unreadable(reason))
        }
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
      }
      if !isDirectory { return (path, .file) }
      if DataSetReader.isDataSet(path) { return (path, .dataSetFolder) }
      push(path)
      if !unreadable.isEmpty {
        let u = unreadable.removeFirst()
        return (u.path, .unreadable(u.reason))
      }
    }
    return nil
  }

  /// Lists a folder onto the stack, or notes why it cannot be read.
  private mutating func push(_ directory: String) {
    switch FolderWalker.listing(directory) {
    case .success(let entries): stack.append((directory, entries, 0))
    case .failure(let e): unreadable.append((directory, "is a folder that cannot be read (\(String(cString: strerror(e.code))))"))
    }
  }

  struct ListingError: Error {
    var code: Int32
  }

  /// The entries of a folder but hidden ones, in byte order of their names, with what
  /// `readdir` says of their type.
  static func listing(_ directory: String) -> Result<[Entry], ListingError> {
    guard let dir = opendir(directory) else { return .failure(ListingError(code: errno)) }
    defer { closedir(dir) }
    var entries: [Entry] = []
    while let e = readdir(dir) {
      let (name, type) = withUnsafePointer(to: &e.pointee.d_name) { p in
        (p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }, e.pointee.d_type)
      }
      guard !name.hasPrefix(".") else { continue }
      let isDirectory: Bool? =
        switch Int32(type) {
        case Int32(DT_DIR): true
        case Int32(DT_REG): false
        default: nil
        }
      entries.append((name, isDirectory))
    }
    return .success(entries.sorted { bytesPrecede($0.name, $1.name) })
  }

  /// Byte order of two names (what `ls` shows in the C locale).
  static func bytesPrecede(_ a: String, _ b: String) -> Bool {
    var (a, b) = (a, b)
    return a.withUTF8 { x in
      b.withUTF8 { y in
        let common = Swift.min(x.count, y.count)
        if common > 0, let p = x.baseAddress, let q = y.baseAddress {
          let order = memcmp(p, q, common)
          if order != 0 { return order < 0 }
        }
        return x.count < y.count
      }
    }
  }

  /// Extensions a filing can have; other files are skipped without being read.
  public static let filingExtensions: Set<String> = ["xml", "txt", "nc", "json", "zip"]

}

/// The inputs of `ledger append`: files as given, folders walked in order, SEC data sets (a
/// folder with SUBMISSION.tsv, or a ZIP of one) read as one input each. Lazy: nothing is listed
/// ahead of its turn.
public struct Inputs: Sequence, Sendable {
  public let paths: [String]

  public init(_ paths: [String]) { self.paths = paths }

  public func makeIterator() -> Iterator { Iterator(paths: paths) }

  public struct Iterator: IteratorProtocol {
    var paths: ArraySlice<String>
    var walker: FolderWalker?

    init(paths: [String]) { self.paths = paths[...] }

    public mutating func next() -> InputSource? {
      while true {
        if var w = walker {
          if let entry = w.nextEntry() {
            walker = w
            switch entry.found {
            case .file: return Inputs.classify(folderFile: entry.path)
            case .dataSetFolder: return .dataSet(entry.path)
            case .unreadable(let reason): return .unreadable(entry.path, reason)
            }
          }
          walker = nil
        }
        guard let path = paths.popFirst() else { return nil }
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
          !DataSetReader.isDataSet(path)
        {
          walker = FolderWalker(root: path)
          continue
        }
        return Inputs.classify(path)
      }
    }
  }

  /// A path named on the command line: a data set, or else a file to read (whatever its
  /// extension).
  static func classify(_ path: String) -> InputSource {
    path != "-" && DataSetReader.isDataSet(path) ? .dataSet(path) : .file(path)
  }

  /// A file met in a folder (not a folder): read when its extension is a filing's; a ZIP only
  /// when it is an SEC data set. Only a ZIP is opened to tell.
  static func classify(folderFile path: String) -> InputSource {
    let ext = fileExtension(path).lowercased()
    if ext == "zip" { return DataSetReader.isDataSet(path) ? .dataSet(path) : .skip(path, "a ZIP that is not an SEC data set") }
    guard FolderWalker.filingExtensions.contains(ext) else { return .skip(path, "not a filing file type (.\(ext))") }
    return .file(path)
  }

  /// The extension of the path's last component (after its last dot; none for a name that
  /// only starts with one), as `NSString.pathExtension` gives it.
  static func fileExtension(_ path: String) -> String {
    let bytes = path.utf8
    let nameStart = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
    guard let dot = bytes[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot != nameStart else { return "" }
    return String(path[bytes.index(after: dot)...])
  }

  /// The path's last component, as `NSString.lastPathComponent` gives it (trailing slashes
  /// dropped), without Foundation's path machinery, which is costly for something every file
  /// of an append is named by.
  static func lastComponent(_ path: String) -> String {
    let bytes = path.utf8
    var end = bytes.endIndex
    while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
    if end == bytes.startIndex { return bytes.isEmpty ? "" : "/" }
    let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
    return String(path[start..<end])
  }

  /// How many inputs there are (data sets count their filings), for progress.
  public var count: Int { count(upTo: .max) }

  /// The count, stopping as soon as it reaches `limit` (enough to tell a large append).
  public func count(upTo limit: Int) -> Int {
    var n = 0
    for source in self where n < limit {
      if case .dataSet(let path) = source {
        n += DataSetReader.filingCount(path) ?? 1
      } else {
        n += 1
      }
    }
    return n
  }
}

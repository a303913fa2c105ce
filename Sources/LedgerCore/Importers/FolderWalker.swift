import Foundation

/// Walks a folder recursively in a deterministic order (byte order of names, folders entered
/// where they sort), holding only one directory listing per level, so that memory does not grow
/// with the number of files.
public struct FolderWalker: Sequence, IteratorProtocol, Sendable {
  private var stack: [(directory: String, entries: [String], next: Int)] = []

  public init(root: String) {
    stack = [(root, FolderWalker.listing(root), 0)]
  }

  public mutating func next() -> String? {
    while var top = stack.last {
      guard top.next < top.entries.count else {
        stack.removeLast()
        continue
      }
      let name = top.entries[top.next]
      top.next += 1
      stack[stack.count - 1] = top
      let path = (top.directory as NSString).appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue && !DataSetReader.isDataSet(path) {
        stack.append((path, FolderWalker.listing(path), 0))
      } else {
        // A file, or a data set folder (read as one input).
        return path
      }
    }
    return nil
  }

  static func listing(_ directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// The number of files below `root` (for progress), without keeping their names.
  public static func count(root: String) -> Int {
    var n = 0
    var walker = FolderWalker(root: root)
    while walker.next() != nil { n += 1 }
    return n
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

    public mutating func next() -> Ingestor.Source? {
      while true {
        if var w = walker {
          if let path = w.next() {
            walker = w
            return Inputs.classify(path, inFolder: true)
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
        return Inputs.classify(path, inFolder: false)
      }
    }
  }

  static func classify(_ path: String, inFolder: Bool) -> Ingestor.Source {
    if path != "-" && DataSetReader.isDataSet(path) { return .dataSet(path) }
    if inFolder {
      let ext = (path as NSString).pathExtension.lowercased()
      if ext == "zip" { return .skip(path, "a ZIP that is not an SEC data set") }
      guard FolderWalker.filingExtensions.contains(ext) else { return .skip(path, "not a filing file type (.\(ext))") }
    }
    return .file(path)
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

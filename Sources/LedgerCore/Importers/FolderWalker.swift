import Foundation

/// Walks a folder recursively in a deterministic order (byte order of names, folders entered
/// where they sort), holding only one directory listing per level, so that memory does not grow
/// with the number of files.
public struct FolderWalker: Sequence, IteratorProtocol {
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
      if isDirectory.boolValue {
        stack.append((path, FolderWalker.listing(path), 0))
      } else {
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
  public static let filingExtensions: Set<String> = ["xml", "txt", "nc", "json"]

}

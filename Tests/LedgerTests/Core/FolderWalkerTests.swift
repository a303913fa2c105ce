import Foundation
import Testing

@testable import EdgarOwnership
@testable import LedgerCore

/// What `ledger append FOLDER` reads, in which order, and what it skips.
@Suite struct FolderWalkerTests {
  @Test func extensionsAreReadAsFoundationReadsThem() {
    for path in ["a/b.txt", "a/b.TXT", "b", "a/.hidden", "a/b.", "a.b/c", "a/b.tar.gz", "/x/y/z.xml", "a/b..nc", "é/ü.json", "./f.zip"] {
      #expect(Inputs.fileExtension(path) == (path as NSString).pathExtension, "\(path)")
    }
  }

  @Test func fileNamesAreTheLastComponentAsFoundationGivesIt() {
    for path in ["a/b.txt", "b", "/x/y/z.xml", "a/b/", "a//b//", "/", "", "-", "./f.zip", "é/ü.json", "/top"] {
      #expect(Inputs.lastComponent(path) == (path as NSString).lastPathComponent, "\(path)")
    }
  }

  @Test func namesSortInByteOrder() {
    let names = ["b", "B", "a", "ab", "a b", "é", "e", "Z9", "", "a\u{0}"]
    for x in names {
      for y in names {
        #expect(FolderWalker.bytesPrecede(x, y) == x.utf8.lexicographicallyPrecedes(y.utf8), "\(x) \(y)")
      }
    }
  }

  @Test func aFolderIsReadInByteOrderWithItsDataSetsWholeAndOddFilesSkipped() throws {
    let root = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let fm = FileManager.default
    func file(_ relative: String) throws {
      let url = root.appendingPathComponent(relative)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("x".utf8).write(to: url)
    }
    for f in ["b.xml", "B.TXT", "a/z.json", "a/y.nc", "set.txt/SUBMISSION.tsv", "notes.md", "old.zip", ".hidden.xml"] { try file(f) }
    // A link to nothing is reported, not skipped in silence.
    try fm.createSymbolicLink(atPath: root.appendingPathComponent("c-gone").path, withDestinationPath: "/nonexistent/folder")
    let sources = Array(Inputs([root.path]))
    let described = sources.map { source -> String in
      switch source {
      case .file(let p): "file " + p.dropFirst(root.path.count + 1)
      case .dataSet(let p): "data set " + p.dropFirst(root.path.count + 1)
      case .skip(let p, let reason): "skip " + p.dropFirst(root.path.count + 1) + ": " + reason
      case .unreadable(let p, let reason): "unreadable " + p.dropFirst(root.path.count + 1) + ": " + reason
      }
    }
    #expect(
      described == [
        "file B.TXT", "file a/y.nc", "file a/z.json", "file b.xml", "unreadable c-gone: cannot be read (a broken link)",
        "skip notes.md: not a filing file type (.md)",
        "skip old.zip: a ZIP that is not an SEC data set", "data set set.txt",
      ])
  }
}

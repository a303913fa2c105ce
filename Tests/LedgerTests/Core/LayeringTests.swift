import Foundation
import Testing
@testable import LedgerCore

/// The folders of LedgerCore depend one way, in the order `LedgerStore.swift` states: a file
/// may use the types of its own folder and of the folders before it, never of one after.
@Suite struct LayeringTests {
  static let order = ["Support", "EventLog", "Projections", "Amendments", "Reports", "Store", "Verification"]

  @Test func noFolderUsesATypeOfALaterFolder() throws {
    let core = Paths.root.appendingPathComponent("Sources/LedgerCore")
    let declaration = try NSRegularExpression(
      pattern: #"^(?:(?:public|package|final|fileprivate|private) )*(?:struct|enum|class|protocol|typealias) ([A-Z]\w*)"#, options: .anchorsMatchLines)
    func files(_ folder: String) throws -> [(String, String)] {
      let dir = core.appendingPathComponent(folder)
      return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") }.sorted().map {
        ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8))
      }
    }
    // Every folder of LedgerCore's code is in the order (its documentation catalog holds none).
    let folders = try FileManager.default.contentsOfDirectory(atPath: core.path).filter { !$0.hasSuffix(".swift") && !$0.hasSuffix(".docc") }
    #expect(Set(folders) == Set(Self.order))
    var owner: [String: Int] = [:]
    for (i, folder) in Self.order.enumerated() {
      for (_, text) in try files(folder) {
        for m in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
          let name = (text as NSString).substring(with: m.range(at: 1))
          if owner[name] == nil { owner[name] = i }
        }
      }
    }
    #expect(owner.count > 50)
    var uses: [String] = []
    for (i, folder) in Self.order.enumerated() {
      for (file, text) in try files(folder) {
        let code = text.split(separator: "\n").map { $0.components(separatedBy: "//")[0] }.joined(separator: "\n")
        for (name, j) in owner where j > i && code.range(of: #"\b\#(name)\b"#, options: .regularExpression) != nil {
          uses.append("\(folder)/\(file) uses \(name) of \(Self.order[j])")
        }
      }
    }
    #expect(uses.isEmpty, "\(uses.sorted().joined(separator: "\n"))")
  }
}

/// Rows read by position have their column list beside the reading code, and the query agrees.
@Suite struct ColumnListTests {
  @Test func theEntryQuerySelectsTheColumnsItsReaderReads() {
    let query = "\(LedgerCore.EntryRecord.query)"
    #expect(query.hasPrefix("SELECT " + LedgerCore.EntryRecord.selectList + "\n"))
  }
}

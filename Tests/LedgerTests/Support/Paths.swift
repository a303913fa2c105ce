import Foundation

/// Where things are, relative to this checkout.
enum Paths {
  /// The package root (the folder holding Package.swift).
  static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
    return url.deletingLastPathComponent()
  }()

  static let snapshots = root.appendingPathComponent("Snapshots")
  static let examples = root.appendingPathComponent("Examples")
  static let seed = examples.appendingPathComponent("000_3e622c2d1d9abf8c.json")
  /// A ledger of the three example filings, written (appended from inside `Examples/`) by the
  /// last version that stored payloads as text, schema v7, as the `sqlite3` shell's `.dump`
  /// of it: the repository keeps no database file.
  static let v7LedgerDump = root.appendingPathComponent("Tests/Fixtures/ledger-v7.sql")

  /// The shared corpus of real EDGAR filings, beside the checkout.
  static let edgar = root.deletingLastPathComponent().appendingPathComponent("shared/edgar")

  /// The built `ledger` binary, next to the test bundle.
  static let ledger = product("ledger")

  /// The built `ledger-bench` binary (generator, benchmark, peak-memory measurement).
  static let ledgerBench = product("ledger-bench")

  private static func product(_ name: String) -> URL {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent(name),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
    ]
    for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
    return root.appendingPathComponent(".build/debug/\(name)")
  }

  /// The folder that holds every temporary folder of this test process, removed when the
  /// process exits, so that a run leaves nothing behind in the system's temporary folder.
  private static let temporaryRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: Paths.temporaryRoot) }
    return url
  }()

  /// A fresh temporary folder inside this process's temporary root.
  static func temporaryDirectory() -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

import Foundation
import LedgerCore

/// The one place the `ledger` command reads its environment: the database's default path and
/// the tunables it passes to the library (see `Benchmarks/README.md`). Values that are not
/// numbers, or out of range, leave the default.
enum Environment {
  static let databaseVariable = "LEDGER_DB"

  private static let values = ProcessInfo.processInfo.environment

  /// `$LEDGER_DB`, when set and not empty.
  static var database: String? { values[databaseVariable].flatMap { $0.isEmpty ? nil : $0 } }

  /// `$LEDGER_USER_AGENT`: who `ledger fetch` says is asking.
  static var userAgent: String? { values["LEDGER_USER_AGENT"].flatMap { $0.isEmpty ? nil : $0 } }
  /// Where `ledger fetch` keeps its downloads by default.
  static var xdgCacheHome: String? { values["XDG_CACHE_HOME"] }
  static var home: String? { values["HOME"] }

  static let configuration: LedgerConfiguration = {
    var c = LedgerConfiguration()
    func positive(_ name: String) -> Int? { values[name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
    if let n = positive("LEDGER_CACHE_MIB") { c.cacheMiB = n }
    if let n = positive("LEDGER_WAL_CHECKPOINT") { c.checkpointPages = n }
    if let n = positive("LEDGER_PAGE_KIB"), LedgerConfiguration.pageSizes.contains(n) { c.pageKiB = n }
    if let n = positive("LEDGER_TXN_FILINGS") { c.transactionFilings = n }
    if let n = positive("LEDGER_LEAD_KIB") { c.leadBytes = n << 10 }
    if let d = values["LEDGER_DEFER_INDEXES"].flatMap(LedgerConfiguration.IndexDeferral.init(rawValue:)) { c.deferIndexes = d }
    c.debugSQL = values["LEDGER_DEBUG_SQL"] != nil
    if ProgressBar.isTerminal { c.replayProgress = ReplayLine.draw }
    return c
  }()
}

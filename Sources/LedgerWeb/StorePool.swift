import Foundation
import LedgerCore

/// Read-only connections to one ledger, one per request at a time. Each query runs in a read
/// transaction of its own connection, so it sees one committed state of the log (a WAL
/// snapshot) while `ledger append` writes; connections are opened as requests need them and
/// kept for the next.
final class StorePool: @unchecked Sendable {
  let path: String
  private let configuration: LedgerConfiguration
  private let lock = NSLock()
  /// Guarded by `lock`.
  private var idle: [LedgerStore] = []
  private let keep: Int

  /// Opens one connection at once, so that a missing or foreign file is reported at start.
  init(path: String, configuration: LedgerConfiguration, keep: Int = 16) throws(LedgerError) {
    self.path = path
    self.configuration = configuration
    self.keep = keep
    idle = [try LedgerStore(path: path, mode: .readOnly, configuration: configuration)]
  }

  func withStore<T>(_ body: (LedgerStore) throws -> T) throws -> T {
    lock.lock()
    let taken = idle.popLast()
    lock.unlock()
    let store = try taken ?? LedgerStore(path: path, mode: .readOnly, configuration: configuration)
    defer {
      lock.lock()
      if idle.count < keep { idle.append(store) }
      lock.unlock()
    }
    return try body(store)
  }
}

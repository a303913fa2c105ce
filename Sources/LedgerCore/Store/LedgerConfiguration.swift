import Foundation

/// Every tunable of a ledger in one value. The `ledger` command builds it once from its
/// environment; the library reads no environment variable.
public struct LedgerConfiguration: Sendable {
  /// Whether a bulk append drops the indexes only queries use and builds them at the end.
  public enum IndexDeferral: String, Sendable {
    /// For appends of at least 10,000 filings and at least half as many as the ledger holds.
    case automatic
    case always
    case never
  }

  /// The page cache of each connection, in MiB. Bulk appends touch index pages far more often
  /// than SQLite's 2 MiB default holds, and a fixed cache keeps memory the same whatever the
  /// size of the input.
  public var cacheMiB = 64
  /// WAL pages after which a writer folds the WAL back into the file (SQLite's default is
  /// 1,000): each checkpoint writes and syncs every page changed since the last, and a bulk
  /// append changes the same index pages again and again.
  public var checkpointPages = 10_000
  /// The page size of a new ledger, in KiB (1 to 64, a power of two). SQLite writes, journals
  /// and reads whole pages, so larger pages mean fewer system calls for the same bytes; a ledger
  /// keeps the page size it was created with.
  public var pageKiB = 16
  /// Filings per bulk-append transaction. A transaction ends by writing the latest name of
  /// every person and issuer and the latest title of every line it touched, and its commit
  /// writes every page it changed: larger transactions write those pages fewer times.
  public var transactionFilings = 10_000
  /// Bytes of prepared filings that may wait ahead of a bulk append's writer, and the most one
  /// batch holds: the workers keep preparing while the writer commits, and memory stays bounded.
  public var leadBytes = 32 << 20
  public var deferIndexes = IndexDeferral.automatic
  /// Store new events' payloads as zstd frames (with a dictionary once the ledger has trained
  /// one). Off, they are stored as their canonical text, as before compression: tests that edit
  /// a payload's text behind the ledger's back use that.
  public var compressPayloads = true
  /// Print SQLite's own error texts on standard error (they never reach a user otherwise).
  public var debugSQL = false
  /// A last check of each filing a bulk append records, given its file, after its events are
  /// written and before its transaction commits: an error it throws refuses the filing, which is
  /// then rolled back with the way back every refusal after a write takes (its batch again,
  /// with a savepoint per filing). None by default; tests use it to exercise that way back,
  /// which no refusal of the ledger's own takes (each is decided before a filing writes).
  public var check: (@Sendable (String) throws(LedgerError) -> Void)?
  /// Told how far a replay of the log into the derived tables has come (`ledger rebuild`, and
  /// the upgrade of a ledger an older version wrote, which the first command to open it runs):
  /// every `ReplayProgress.step` events, then when the indexes are being built, then when it is
  /// done. None by default; the `ledger` command draws it on a terminal.
  public var replayProgress: (@Sendable (ReplayProgress) -> Void)?

  public init() {}

  /// The page sizes SQLite allows, in KiB.
  public static let pageSizes = [1, 2, 4, 8, 16, 32, 64]
}

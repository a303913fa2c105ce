import Foundation
import GRDB

/// Decides which entries are in force: rows superseded by an amendment (as known at a date)
/// drop out of balances but stay in the log and in history.
struct InForce {
  init(_ db: Database, knownAt: LedgerDate?) throws {}

  func filter(_ entries: [EntryRecord]) throws -> [EntryRecord] { entries }
}

extension InForce {
  /// For each entry, whether it is in force, superseded (and by which filing) or pending.
  func statuses(_ entries: [EntryRecord]) throws -> [(HistoryEntry.Status, FilingID?)] {
    entries.map { _ in (.inForce, nil) }
  }
}

/// How far a replay has come, as `LedgerConfiguration.replayProgress` is told it.
public enum ReplayProgress: Sendable, Equatable {
  /// Events replayed so far, of those in the log.
  case events(done: Int, total: Int)
  /// Every event is replayed; the query indexes are being built.
  case indexes
  case finished

  /// Events between two reports.
  public static let step = 20_000
}

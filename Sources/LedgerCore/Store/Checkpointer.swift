import Foundation
import GRDB
import GRDBSQLite

/// Folds the WAL back into the ledger's file on a thread of its own while a bulk append goes
/// on writing, so that the writer, which everything waits for, does not copy the pages itself.
///
/// SQLite lets a checkpoint run beside a writer (a PASSIVE checkpoint copies the frames
/// committed before it began, and takes no lock the writer needs), but a WAL starts again from
/// its beginning only when a write transaction begins with every frame copied, so one that is
/// never waited for grows without end. `committed(frames:writer:)` therefore asks for a pass
/// after each commit, and once the WAL holds `restartFrames` frames
/// (`LedgerConfiguration.checkpointPages`, when SQLite's own automatic checkpoint would have run) waits
/// for the pass under way and copies what the last transaction added itself: the next
/// transaction starts the WAL again. The writer copies one transaction's frames in every few,
/// the checkpointer the others.
///
/// A pass that fails or finds frames a reader still needs leaves them for the next one, or
/// for the checkpoint SQLite runs when the last connection closes; nothing here can lose a
/// committed transaction, which is in the WAL before any copy starts.
final class Checkpointer: @unchecked Sendable {
  private let condition = NSCondition()
  private var requested = false
  private var running = false
  private var stopped = false
  private var connection: OpaquePointer?
  /// Whether the second connection opened (and its thread runs until `stop`).
  private let opened: Bool

  /// The WAL's size in frames when the writer runs a pass itself so that the WAL starts again.
  let restartFrames: Int32

  /// The WAL's size in frames after a commit from which a bulk append starts a checkpointer
  /// (SQLite's default automatic checkpoint: smaller appends leave theirs to the close).
  static let startFrames = 1000

  /// Opens a second connection to the ledger at `path` and starts its thread. Should the
  /// connection not open, there is no thread, and the writer's passes alone checkpoint, as
  /// SQLite's own automatic checkpoint would have.
  init(path: String, restartFrames: Int) {
    self.restartFrames = Int32(clamping: restartFrames)
    var handle: OpaquePointer?
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
      sqlite3_exec(handle, "PRAGMA synchronous = NORMAL", nil, nil, nil) == SQLITE_OK
    else {
      sqlite3_close_v2(handle)
      opened = false
      return
    }
    connection = handle
    opened = true
    Thread { [self] in run() }.start()
  }

  /// Called by the writer after each commit, with the frames the WAL then holds.
  func committed(frames: Int32, writer: OpaquePointer?) {
    guard frames >= restartFrames else { return request() }
    waitIdle()
    Checkpointer.pass(writer)
  }

  /// Waits for the pass under way, then ends the thread, which closes its connection.
  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    while connection != nil { condition.wait() }
    condition.unlock()
  }

  /// A PASSIVE checkpoint on `connection`: the frames no reader still needs, without waiting.
  private static func pass(_ connection: OpaquePointer?) {
    sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
  }

  private func request() {
    guard opened else { return }
    condition.lock()
    requested = true
    condition.broadcast()
    condition.unlock()
  }

  private func waitIdle() {
    condition.lock()
    while running || requested { condition.wait() }
    condition.unlock()
  }

  private func run() {
    Pipeline.yieldToWriter()
    condition.lock()
    while true {
      while !requested && !stopped { condition.wait() }
      if stopped { break }
      requested = false
      running = true
      condition.unlock()
      Checkpointer.pass(connection)
      condition.lock()
      running = false
      condition.broadcast()
    }
    sqlite3_close_v2(connection)
    connection = nil
    condition.broadcast()
    condition.unlock()
  }
}

/// The WAL's size in frames after each commit of a connection, as SQLite's WAL hook reports it
/// (the hook SQLite's automatic checkpoint also uses: installing this one turns that off).
final class WALFrames {
  var frames: Int32 = 0

  /// Reports `db`'s commits to a new counter until `body` returns, then gives the connection
  /// back SQLite's automatic checkpoint every `autocheckpoint` pages.
  static func observing<T>(_ db: Database, autocheckpoint: Int, _ body: (WALFrames) throws -> T) rethrows -> T {
    let counter = WALFrames()
    let handle = db.sqliteConnection
    sqlite3_wal_hook(
      handle,
      { context, _, _, frames in
        Unmanaged<WALFrames>.fromOpaque(context!).takeUnretainedValue().frames = frames
        return SQLITE_OK
      }, Unmanaged.passUnretained(counter).toOpaque())
    defer {
      // withExtendedLifetime: the hook holds the counter unretained until it is replaced.
      withExtendedLifetime(counter) { _ = sqlite3_wal_autocheckpoint(handle, Int32(clamping: autocheckpoint)) }
    }
    return try body(counter)
  }
}

import Foundation
import Hummingbird
import NIOCore

/// A report's JSON on its way from the query thread that writes it to the connection that sends
/// it: pieces grouped to about 64 KiB, at most `depth` of them waiting, so that a big holder's
/// history (hundreds of megabytes) holds a few pieces in memory, not the whole body, and a slow
/// client holds back the query rather than filling memory.
///
/// The answer's head is decided once the first group is ready (200, streamed) or the query
/// ended first (answered whole, as `respond(path:query:)` would). A client that reads nothing
/// for `patience`, or goes away, ends the stream: a history then stops at its next chunk of
/// rows, another report runs to its end writing nothing, and the thread is free again.
final class StreamedBody: @unchecked Sendable {
  enum Head {
    case streaming
    case whole(WebResponse)
  }

  /// Ends a body whose query failed after it began.
  struct Aborted: Error {}

  static let groupBytes = 1 << 16
  static let depth = 4
  static let patience: TimeInterval = 60

  /// Guards `cancelled` and `room` (the groups that may still be queued), and wakes the query
  /// waiting for room.
  private let condition = NSCondition()
  private var cancelled = false
  private var room = StreamedBody.depth
  private let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
  let groups: AsyncThrowingStream<ByteBuffer, any Error>
  private let head: CheckedContinuation<Head, Never>
  // Written by the query's thread alone.
  private var pending = ""
  private var started = false

  init(head: CheckedContinuation<Head, Never>) {
    self.head = head
    (groups, continuation) = AsyncThrowingStream.makeStream()
  }

  /// Whether the stream ended before the query did.
  var isCancelled: Bool {
    condition.lock()
    defer { condition.unlock() }
    return cancelled
  }

  /// The connection is gone, or stopped reading: the query's writes are dropped from now on.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
    continuation.finish(throwing: Aborted())
  }

  /// A group was sent: room for another.
  func sent() {
    condition.lock()
    room += 1
    condition.signal()
    condition.unlock()
  }

  /// Takes room for a group, waiting up to `patience` for the client to read one; false once
  /// the stream is cancelled, or the wait ran out.
  private func takeRoom() -> Bool {
    let deadline = Date(timeIntervalSinceNow: Self.patience)
    condition.lock()
    defer { condition.unlock() }
    while room == 0 && !cancelled {
      if !condition.wait(until: deadline) { return false }
    }
    guard !cancelled else { return false }
    room -= 1
    return true
  }

  /// A piece of the body, from the query's thread.
  func write(_ piece: String) {
    guard !isCancelled else { return }
    pending += piece
    if pending.utf8.count >= Self.groupBytes { flush() }
  }

  private func flush() {
    guard !pending.isEmpty, !isCancelled else { return }
    if !started {
      started = true
      head.resume(returning: .streaming)
    }
    guard takeRoom() else { return cancel() }
    continuation.yield(ByteBuffer(string: pending))
    pending = ""
  }

  /// The query ended with `answer`, from its thread.
  func end(_ answer: WebResponse) {
    guard started else {
      // Nothing sent yet: the whole answer, the pieces written so far as its body.
      var whole = answer
      if answer.status == 200 && !pending.isEmpty { whole.body = pending }
      return head.resume(returning: .whole(whole))
    }
    guard answer.status == 200 else { return continuation.finish(throwing: Aborted()) }
    flush()
    continuation.finish()
  }
}

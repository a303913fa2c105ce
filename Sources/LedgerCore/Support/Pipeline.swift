import DequeModule
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The pieces threads hand work through: bounded queues, slots filled out of order and taken in
/// order, a gate on the bytes held, and the boxes that carry values and errors across threads.
enum Pipeline {
  /// Lowers the calling thread's scheduling priority (Linux: its nice value), so that the
  /// writer, which everything waits for, keeps a core when the workers have more to do. (On
  /// Linux the nice value is per thread, and `who` 0 is the calling thread.)
  static func yieldToWriter() {
    #if os(Linux)
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
    #endif
  }

  /// Gives the pages freed since the last call back to the system. Values built on one thread
  /// and freed on another leave glibc's per-thread arenas fragmented, and a long run's peak
  /// memory would creep up with its length.
  static func trimFreedMemory() {
    #if os(Linux)
      _ = malloc_trim(0)
    #endif
  }
}

/// What a slot holds, with about how many bytes it takes in memory.
protocol Weighed: Sendable {
  var weight: Int { get }
}

/// Where a worker puts the item it prepared, for the writer to take in input order.
final class Slot<Item: Weighed>: @unchecked Sendable {
  private let condition = NSCondition()
  private var item: Item?
  private let gate: ByteGate

  init(_ gate: ByteGate) { self.gate = gate }

  func fill(_ item: Item) {
    gate.add(item.weight)
    condition.lock()
    self.item = item
    condition.unlock()
    // Woken after the unlock, the writer does not wait for the lock again at once.
    condition.broadcast()
  }

  /// Waits for the item.
  func take() -> Item {
    condition.lock()
    while item == nil { condition.wait() }
    let taken = item!
    condition.unlock()
    gate.add(-taken.weight)
    return taken
  }
}

/// The bytes prepared and not yet taken by the writer: no new input starts while they are over
/// capacity. (Only new inputs wait, never a worker with an item, so the oldest slot, the one the
/// writer waits for, is always filled.) A new input that had to wait resumes only once the bytes
/// are down to three quarters of the capacity: woken at every item the writer takes, it would
/// start one input and wait again, a switch between threads per file.
final class ByteGate: @unchecked Sendable {
  private let condition = NSCondition()
  private var bytes = 0
  private var waiting = false
  private var abandoned = false
  private let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  func add(_ n: Int) {
    condition.lock()
    bytes += n
    if waiting && bytes <= capacity - capacity / 4 { condition.broadcast() }
    condition.unlock()
  }

  func waitForRoom() {
    condition.lock()
    if bytes >= capacity {
      waiting = true
      while bytes > capacity - capacity / 4 && !abandoned { condition.wait() }
      waiting = false
    }
    condition.unlock()
  }

  func abandon() {
    condition.lock()
    abandoned = true
    condition.broadcast()
    condition.unlock()
  }
}

/// A first-in first-out queue between producers and consumers, bounded so that a fast reader
/// cannot fill memory ahead of a slower writer. A producer that found it full resumes only once
/// it is down to half (woken at every pop, it would push one item and wait again: a switch
/// between threads per item); consumers are woken only when one waits.
final class BoundedQueue<T>: @unchecked Sendable {
  private let condition = NSCondition()
  private var items = Deque<T>()
  private var closed = false
  private var abandoned = false
  private var producersWaiting = 0
  private var consumersWaiting = 0
  private let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
  }

  func push(_ item: consuming T) {
    condition.lock()
    defer { condition.unlock() }
    if items.count >= capacity {
      producersWaiting += 1
      while items.count > capacity / 2 && !abandoned { condition.wait() }
      producersWaiting -= 1
    }
    guard !abandoned else { return }
    items.append(consume item)
    if consumersWaiting > 0 { condition.signal() }
  }

  func pop() -> T? {
    condition.lock()
    defer { condition.unlock() }
    consumersWaiting += 1
    while items.isEmpty && !closed { condition.wait() }
    consumersWaiting -= 1
    guard let item = items.popFirst() else { return nil }
    if producersWaiting > 0 && items.count <= capacity / 2 { condition.broadcast() }
    return item
  }

  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The consumer stops without waiting: pushes return at once.
  func abandon() {
    condition.lock()
    abandoned = true
    condition.broadcast()
    condition.unlock()
  }

  /// The consumer stops: the producer's pushes return at once, and it runs to its end.
  func drain() {
    abandon()
    condition.lock()
    while !closed { condition.wait() }
    condition.unlock()
  }
}

final class ErrorBox: @unchecked Sendable {
  var error: (any Error)?
}

/// Carries a value to another thread whose use of it is confined there.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

#if os(Linux)
  /// glibc's `malloc_trim` (in `malloc.h`, which the Glibc module does not export).
  @_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
#endif

import DequeModule
import Foundation


/// Appends many filings fast: one thread walks the inputs (and reads data sets), two prepare
/// files (parsing, payload encoding, hashing the content), while the caller's thread writes
/// batches of filings, several batches per transaction (see `LedgerStore.append(batches:)`),
/// every filing whole. Results come back in input order, once their transaction committed.
public final class Ingestor {
  public typealias Source = InputSource

  /// What happened to one input.
  public enum Result: Sendable {
    case appended(file: String, AppendOutcome)
    case refused(file: String, LedgerError)
    case skipped(file: String, reason: String)
  }

  public let store: LedgerStore
  public let batchSize: Int
  public let overrides: EnvelopeOverrides

  public init(store: LedgerStore, batchSize: Int = 2000, overrides: EnvelopeOverrides = .init()) {
    self.store = store
    self.batchSize = batchSize
    self.overrides = overrides
  }

  /// Reads `sources` in order and appends what they hold. `report` is called once per filing
  /// (or refused or skipped input), in input order, with the input it came from (the file, or
  /// the data set holding many filings). A database failure stops everything.
  public func run(_ sources: some Sequence<Source> & Sendable, report: (Result, _ input: String) -> Void) throws(LedgerError) {
    // Inputs in order, each a slot its item is put in when ready. Files are parsed by two
    // workers (parsing is the slow part of an XML append, and the writer leaves a core partly
    // idle); the rows of a data set's filings are read on the walking thread and turned into
    // filings and their events (documents, payloads, hashes) by the same workers. Up to a
    // batch of slots, and `lead` bytes of prepared items, wait ahead of the writer: preparing
    // goes on while it writes, and memory stays bounded (a bound that 1,000 ordinary files
    // already reach, so that peak memory is the same for any larger input).
    let queue = BoundedQueue<(Slot, String)>(capacity: max(16, batchSize))
    let work = BoundedQueue<(Slot, Job)>(capacity: 64)
    let gate = ByteGate(capacity: Ingestor.lead)
    let overrides = self.overrides
    let producer = Thread {
      Ingestor.yieldToWriter()
      func ready(_ item: Item, _ input: String) {
        gate.waitForRoom()
        let slot = Slot(gate)
        slot.fill(item)
        queue.push((slot, input))
      }
      /// Takes the input's place in line now; a worker fills it.
      func prepare(_ job: Job, _ input: String) {
        gate.waitForRoom()
        let slot = Slot(gate)
        queue.push((slot, input))
        work.push((slot, job))
      }
      for source in sources {
        switch source {
        case .skip(let path, let reason):
          ready(.skipped(file: path, reason: reason), path)
        case .file(let path):
          prepare(.file(path), path)
        case .dataSet(let path):
          let reader: DataSetReader
          do {
            reader = try DataSetReader(path: path, staging: SQLiteStaging())
          } catch let e as LedgerError {
            ready(.refused(file: path, e), path)
            continue
          } catch {
            ready(.refused(file: path, .invalidFile(file: path, message: "cannot be read")), path)
            continue
          }
          while let rows = reader.nextRows() {
            switch rows {
            case .success(let g): prepare(.rows(g, dataSet: path), path)
            case .failure(let e): ready(.refused(file: e.file ?? path, e), path)
            }
          }
        }
      }
      work.close()
      queue.close()
    }
    producer.stackSize = 8 << 20
    for _ in 0..<2 {
      let worker = Thread {
        Ingestor.yieldToWriter()
        while let (slot, job) = work.pop() {
          switch job {
          case .file(let path): slot.fill(Ingestor.prepare(file: path, overrides: overrides))
          case .rows(let g, let dataSet):
            switch DataSetReader.assemble(g, name: dataSet) {
            case .success(let filing): slot.fill(.filing(PreparedFiling(filing)))
            case .failure(let e): slot.fill(.refused(file: e.file ?? dataSet, e))
            }
          }
        }
      }
      worker.stackSize = 8 << 20
      worker.start()
    }
    producer.start()
    defer {
      work.abandon()
      gate.abandon()
      queue.drain()
    }

    // Batches go to the store, several per transaction; what each batch held is reported, in
    // input order, once its transaction commits. Meanwhile only what a report needs is kept.
    var uncommitted: [[(Written, String)]] = []
    var pending: [(Item, String)] = []
    var filings = 0
    var weight = 0
    let memory = ProjectionMemory()
    // Written batches are freed on a thread of their own (on the writer's, that was a tenth of
    // its time): the writer waits while one is still queued, so at most two (one being freed,
    // one queued) are held besides the one being written and the one being prepared.
    let toFree = BoundedQueue<[PreparedFiling]>(capacity: 1)
    let releaser = Thread {
      Ingestor.yieldToWriter()
      while let batch = toFree.pop() {
        _ = consume batch
        // Then its free pages go back. Filings are built on the workers' threads and freed on
        // this one, and glibc's per-thread arenas otherwise keep the pages they fragment, so the
        // process's peak crept up with the length of the run (measured at 40,000 files: 4 to 8
        // MB more than at 2,000; with this, 1 to 3 MB). One arena for all threads would also do
        // it, at twice the time.
        #if os(Linux)
          _ = malloc_trim(0)
        #endif
      }
    }
    releaser.start()
    defer { toFree.close() }
    // A batch ends at `batchSize` filings, or sooner at as many bytes of prepared items as may
    // wait ahead of the writer: while it writes one batch, the workers prepare the next one in
    // full, so neither side waits for the other (a batch larger than the lead the workers may
    // take would leave the writer idle while they catch up, and them idle while it writes).
    // Every batch fills to one of these bounds, so the memory held does not depend on which
    // side is faster.
    func nextBatch() -> [PreparedFiling]? {
      while filings < batchSize && pending.count < batchSize && weight < Ingestor.lead, let (slot, input) = queue.pop() {
        let item = (slot.take(), input)
        pending.append(item)
        weight += item.0.weight
        if case .filing = item.0 { filings += 1 }
      }
      guard !pending.isEmpty else { return nil }
      var batch: [PreparedFiling] = []
      batch.reserveCapacity(filings)
      uncommitted.append(
        pending.map { item, input in
          switch item {
          case .filing(let p):
            batch.append(p)
            return (.filing(file: p.file), input)
          case .refused(let file, let e): return (.refused(file: file, e), input)
          case .skipped(let file, let reason): return (.skipped(file: file, reason: reason), input)
          }
        })
      pending = []
      filings = 0
      weight = 0
      return batch
    }
    try store.append(batches: nextBatch, release: { toFree.push($0) }, memory: memory) { outcomes in
      for (written, results) in zip(uncommitted, outcomes) {
        var results = results.makeIterator()
        for (item, input) in written {
          switch item {
          case .filing(let file):
            switch results.next()! {
            case .success(let o): report(.appended(file: file, o), input)
            case .failure(let e): report(.refused(file: file, e), input)
            }
          case .refused(let file, let e): report(.refused(file: file, e), input)
          case .skipped(let file, let reason): report(.skipped(file: file, reason: reason), input)
          }
        }
      }
      // (The next transaction's first batch may be taken already.)
      uncommitted.removeFirst(outcomes.count)
    }
  }

  /// The bytes (as `Item.weight` counts them) of prepared items that may wait ahead of the
  /// writer, and the most one batch holds: about 3,000 ordinary filings, so a batch stops at
  /// `batchSize` first (32 MiB, unless LEDGER_LEAD_KIB says otherwise). While the writer
  /// commits a transaction (writing its names and titles, then every page it changed), the
  /// workers go on preparing up to this much: with 8 MiB they stopped early in each commit, and
  /// a 1M-filing append took 152 s instead of 130 s (peak memory 142 against 155 MiB).
  static let lead: Int = {
    guard let text = ProcessInfo.processInfo.environment["LEDGER_LEAD_KIB"], let n = Int(text), n > 0 else { return 32 << 20 }
    return n << 10
  }()

  /// What a worker prepares: a file to read, or the rows of one filing of a data set.
  enum Job: Sendable {
    case file(String)
    case rows(FilingRows, dataSet: String)
  }

  /// What a report needs of an item written in a transaction that has yet to commit.
  enum Written {
    case filing(file: String)
    case refused(file: String, LedgerError)
    case skipped(file: String, reason: String)
  }

  enum Item: Sendable {
    case filing(PreparedFiling)
    case refused(file: String, LedgerError)
    case skipped(file: String, reason: String)

    /// About what the item holds in memory: its encoded payloads, and what the projector needs
    /// of them, which takes about twice as much again. (Counted as only as much again, the
    /// batches held more filings than the lead meant: 132 MiB at the peak of a 1M-filing append
    /// against 128.)
    var weight: Int {
      guard case .filing(let p) = self else { return 256 }
      return 3 * p.events.reduce(0) { $0 + $1.payload.count }
    }
  }

  /// Lowers the calling thread's scheduling priority (Linux: its nice value), so that the
  /// writer, which everything waits for, keeps a core when the workers have more to do. (On
  /// Linux the nice value is per thread, and `who` 0 is the calling thread.)
  static func yieldToWriter() {
    #if os(Linux)
      _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
    #endif
  }

  static func prepare(file: String, overrides: EnvelopeOverrides) -> Item {
    do {
      let data = try FileBytes.read(file)
      return .filing(PreparedFiling(try FilingReader.read(data, file: file, overrides: overrides)))
    } catch {
      if case .notAFiling(_, let reason) = error { return .skipped(file: file, reason: reason) }
      return .refused(file: file, error)
    }
  }
}

/// Where a worker puts the item it prepared, for the writer to take in input order.
final class Slot: @unchecked Sendable {
  private let condition = NSCondition()
  private var item: Ingestor.Item?
  private let gate: ByteGate

  init(_ gate: ByteGate) { self.gate = gate }

  func fill(_ item: Ingestor.Item) {
    gate.add(item.weight)
    condition.lock()
    self.item = item
    condition.unlock()
    // Woken after the unlock, the writer does not wait for the lock again at once.
    condition.broadcast()
  }

  /// Waits for the item.
  func take() -> Ingestor.Item {
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

#if os(Linux)
  /// glibc's `malloc_trim` (in `malloc.h`, which the Glibc module does not export).
  @_silgen_name("malloc_trim") private func malloc_trim(_ pad: Int) -> Int32
#endif

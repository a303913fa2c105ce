import DequeModule
import Foundation


/// Appends many filings fast: one thread walks the inputs (and reads data sets), two prepare
/// files (parsing, payload encoding, hashing the content), while the caller's thread writes
/// batches of filings, several batches per transaction (see `LedgerStore.append(batches:)`),
/// every filing whole. Results come back in input order, once their transaction committed.
public final class Ingestor {
  public typealias Source = InputSource

  /// What happened to one filing (or one input that held none): the file it came from, the
  /// input it was named by (the file, or the data set holding many filings), and its fate.
  public struct Result: Sendable {
    public enum Fate: Sendable {
      case appended(AppendOutcome)
      /// Refused, with the file and the field in the error.
      case refused(LedgerError)
      /// Not a filing (the reason says why).
      case skipped(reason: String)
    }

    public var file: String
    public var input: String
    public var fate: Fate
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
  public func run(_ sources: some Sequence<Source> & Sendable, report: (Result) -> Void) throws(LedgerError) {
    // Inputs in order, each a slot its item is put in when ready. Files are parsed by two
    // workers (parsing is the slow part of an XML append, and the writer leaves a core partly
    // idle); the rows of a data set's filings are read on the walking thread and turned into
    // filings and their events (documents, payloads, hashes) by the same workers. Up to a
    // batch of slots, and `lead` bytes of prepared items, wait ahead of the writer: preparing
    // goes on while it writes, and memory stays bounded (a bound that 1,000 ordinary files
    // already reach, so that peak memory is the same for any larger input).
    let queue = BoundedQueue<(Slot<Item>, String)>(capacity: max(16, batchSize))
    let work = BoundedQueue<(Slot<Item>, Job)>(capacity: 64)
    let lead = store.configuration.leadBytes
    let gate = ByteGate(capacity: lead)
    let overrides = self.overrides
    let producer = Thread {
      Pipeline.yieldToWriter()
      func ready(_ item: Item, _ input: String) {
        gate.waitForRoom()
        let slot = Slot<Item>(gate)
        slot.fill(item)
        queue.push((slot, input))
      }
      /// Takes the input's place in line now; a worker fills it.
      func prepare(_ job: Job, _ input: String) {
        gate.waitForRoom()
        let slot = Slot<Item>(gate)
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
        Pipeline.yieldToWriter()
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
    // A filing's fate is known once its transaction commits: until then it is nil.
    var uncommitted: [[(file: String, input: String, fate: Result.Fate?)]] = []
    var pending: [(Item, String)] = []
    var filings = 0
    var weight = 0
    let memory = ProjectionMemory()
    // Written batches are freed on a thread of their own (on the writer's, that was a tenth of
    // its time): the writer waits while one is still queued, so at most two (one being freed,
    // one queued) are held besides the one being written and the one being prepared.
    let toFree = BoundedQueue<[PreparedFiling]>(capacity: 1)
    let releaser = Thread {
      Pipeline.yieldToWriter()
      while let batch = toFree.pop() {
        _ = consume batch
        // Filings are built on the workers' threads and freed on this one.
        Pipeline.trimFreedMemory()
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
      while filings < batchSize && pending.count < batchSize && weight < lead, let (slot, input) = queue.pop() {
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
            return (p.file, input, nil)
          case .settled(let file, let fate): return (file, input, fate)
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
        for (file, input, fate) in written {
          let settled: Result.Fate
          if let fate {
            settled = fate
          } else {
            switch results.next()! {
            case .success(let o): settled = .appended(o)
            case .failure(let e): settled = .refused(e)
            }
          }
          report(Result(file: file, input: input, fate: settled))
        }
      }
      // (The next transaction's first batch may be taken already.)
      uncommitted.removeFirst(outcomes.count)
    }
  }

  /// What a worker prepares: a file to read, or the rows of one filing of a data set.
  enum Job: Sendable {
    case file(String)
    case rows(FilingRows, dataSet: String)
  }

  /// An input made ready for the writer: a filing to write, or a fate already settled.
  enum Item: Weighed {
    case filing(PreparedFiling)
    case settled(file: String, Result.Fate)

    static func refused(file: String, _ e: LedgerError) -> Item { .settled(file: file, .refused(e)) }
    static func skipped(file: String, reason: String) -> Item { .settled(file: file, .skipped(reason: reason)) }

    /// About what the item holds in memory: its encoded payloads, and what the projector needs
    /// of them, which takes about twice as much again.
    var weight: Int {
      guard case .filing(let p) = self else { return 256 }
      return 3 * p.events.reduce(0) { $0 + $1.payload.count }
    }
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

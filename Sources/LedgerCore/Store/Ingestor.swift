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
  /// Envelope facts for each file, when they depend on the file (its folder, a manifest);
  /// `overrides` otherwise.
  public var overridesForFile: (@Sendable (String) -> EnvelopeOverrides)?

  public init(store: LedgerStore, batchSize: Int = 2000, overrides: EnvelopeOverrides = .init()) {
    self.store = store
    self.batchSize = batchSize
    self.overrides = overrides
  }

  /// Reads `sources` in order and appends what they hold. `report` is called once per filing
  /// (or refused or skipped input), in input order, with the input it came from (the file, or
  /// the data set holding many filings). A database failure stops everything.
  ///
  /// Four stages: `walk` (one thread) puts each input in line and reads data sets; `parse` (two
  /// threads) prepares files and data-set filings; `write` (this thread) writes batches, several
  /// per transaction; `release` (one thread) frees what was written.
  public func run(_ sources: some Sequence<Source> & Sendable, report: (Result) -> Void) throws(LedgerError) {
    // The preparing threads compress with the ledger's dictionary from the first filing on.
    if store.configuration.compressPayloads { try store.publishDictionary() }
    let line = Line(batchSize: batchSize, lead: store.configuration.leadBytes)
    walk(sources, into: line)
    for _ in 0..<2 { parse(line) }
    defer { line.abandon() }
    let release = BoundedQueue<[PreparedFiling]>(capacity: 1)
    self.release(release)
    defer { release.close() }
    try write(line, release: release, report: report)
  }

  /// The inputs in order, each a slot its item is put in when ready. Up to a batch of slots,
  /// and `lead` bytes of prepared items, wait ahead of the writer: preparing goes on while it
  /// writes, and memory stays bounded whatever the input's size.
  final class Line: Sendable {
    let slots: BoundedQueue<(Slot<Item>, String)>
    let work = BoundedQueue<(Slot<Item>, Job)>(capacity: 64)
    let gate: ByteGate
    let lead: Int

    init(batchSize: Int, lead: Int) {
      slots = BoundedQueue(capacity: max(16, batchSize))
      gate = ByteGate(capacity: lead)
      self.lead = lead
    }

    /// An input whose item is ready now (skipped, refused).
    func ready(_ item: Item, _ input: String) {
      gate.waitForRoom()
      let slot = Slot<Item>(gate)
      slot.fill(item)
      slots.push((slot, input))
    }

    /// An input that takes its place in line now; a parser fills it.
    func prepare(_ job: Job, _ input: String) {
      gate.waitForRoom()
      let slot = Slot<Item>(gate)
      slots.push((slot, input))
      work.push((slot, job))
    }

    func close() {
      work.close()
      slots.close()
    }

    /// The writer stops: every other stage runs to its end without waiting for it.
    func abandon() {
      work.abandon()
      gate.abandon()
      slots.drain()
    }
  }

  /// Walks the inputs on a thread of its own: files go to the parsers; a data set is read here,
  /// its rows grouped by filing for the parsers to assemble.
  private func walk(_ sources: some Sequence<Source> & Sendable, into line: Line) {
    let walker = Thread {
      Pipeline.yieldToWriter()
      for source in sources {
        switch source {
        case .skip(let path, let reason):
          line.ready(.skipped(file: path, reason: reason), path)
        case .unreadable(let path, let reason):
          line.ready(.refused(file: path, .invalidFile(file: path, message: reason)), path)
        case .file(let path):
          line.prepare(.file(path), path)
        case .dataSet(let path):
          let reader: DataSetReader
          do {
            reader = try DataSetReader(path: path, staging: SQLiteStaging())
          } catch let e as LedgerError {
            line.ready(.refused(file: path, e), path)
            continue
          } catch {
            line.ready(.refused(file: path, .invalidFile(file: path, message: "cannot be read")), path)
            continue
          }
          while let rows = reader.nextRows() {
            switch rows {
            case .success(let g): line.prepare(.rows(g, dataSet: path), path)
            case .failure(let e): line.ready(.refused(file: e.file ?? path, e), path)
            }
          }
        }
      }
      line.close()
    }
    walker.stackSize = 8 << 20
    walker.start()
  }

  /// Prepares filings on a thread of its own (parsing, payload encoding, hashing the content):
  /// the slow part of an XML append, which the writer would otherwise wait for.
  private func parse(_ line: Line) {
    let overrides = self.overrides
    let forFile = overridesForFile
    let box = store.configuration.compressPayloads ? store.dictionaryBox : nil
    let parser = Thread {
      Pipeline.yieldToWriter()
      while let (slot, job) = line.work.pop() {
        switch job {
        case .file(let path): slot.fill(Ingestor.prepare(file: path, overrides: forFile?(path) ?? overrides, compressingWith: box))
        case .rows(let g, let dataSet):
          switch DataSetReader.assemble(g, name: dataSet) {
          case .success(let filing):
            var p = PreparedFiling(filing)
            if let box { p.compress(with: box.current) }
            slot.fill(.filing(p))
          case .failure(let e): slot.fill(.refused(file: e.file ?? dataSet, e))
          }
        }
      }
    }
    parser.stackSize = 8 << 20
    parser.start()
  }

  /// Frees written batches on a thread of its own, so that the writer does not. The writer waits
  /// while one is still queued: at most two (one being freed, one queued) are held besides the
  /// one being written and the one being prepared.
  private func release(_ batches: BoundedQueue<[PreparedFiling]>) {
    let releaser = Thread {
      Pipeline.yieldToWriter()
      while let batch = batches.pop() {
        _ = consume batch
        // Filings are built on the parsers' threads and freed on this one.
        Pipeline.trimFreedMemory()
      }
    }
    releaser.start()
  }

  /// Writes batches to the store, several per transaction, and reports what each held, in input
  /// order, once its transaction commits. A batch ends at `batchSize` filings, or sooner at as
  /// many bytes of prepared items as may wait ahead of the writer: while it writes one batch,
  /// the parsers prepare the next in full, so neither side waits for the other, and the memory
  /// held does not depend on which side is faster.
  private func write(_ line: Line, release: BoundedQueue<[PreparedFiling]>, report: (Result) -> Void) throws(LedgerError) {
    // A filing's fate is known once its transaction commits: until then it is nil.
    var uncommitted: [[(file: String, input: String, fate: Result.Fate?)]] = []
    var pending: [(Item, String)] = []
    var filings = 0
    var weight = 0
    func nextBatch() -> [PreparedFiling]? {
      while filings < batchSize && pending.count < batchSize && weight < line.lead, let (slot, input) = line.slots.pop() {
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
    try store.append(batches: nextBatch, release: { release.push($0) }, memory: ProjectionMemory()) { outcomes in
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
      return 3 * p.events.reduce(0) { $0 + $1.payload.count } + p.events.reduce(0) { $0 + ($1.frame?.count ?? 0) }
    }
  }

  static func prepare(file: String, overrides: EnvelopeOverrides, compressingWith box: PayloadDictionaryBox? = nil) -> Item {
    do {
      let data = try FileBytes.read(file)
      var p = PreparedFiling(try FilingReader.read(data, file: file, overrides: overrides))
      if let box { p.compress(with: box.current) }
      return .filing(p)
    } catch {
      if case .notAFiling(_, let reason) = error { return .skipped(file: file, reason: reason) }
      return .refused(file: file, error)
    }
  }
}

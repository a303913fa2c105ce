import Foundation

/// Appends many filings fast: one thread reads and prepares (parsing, payload encoding,
/// hashing the content) while the caller's thread writes batches of filings, each batch one
/// transaction and each filing in it a savepoint of its own, so every filing stays whole.
/// Results come back in input order.
public final class Ingestor {
  /// One thing to read: a file (filing JSON, XML, submission) or an SEC data set.
  public enum Source: Sendable {
    case file(String)
    case dataSet(String)
    /// Not read: not a filing (the reason says why).
    case skip(String, String)
  }

  /// What happened to one input.
  public enum Result: Sendable {
    case appended(file: String, AppendOutcome)
    case refused(file: String, LedgerError)
    case skipped(file: String, reason: String)
  }

  public let store: LedgerStore
  public let batchSize: Int
  public let overrides: EnvelopeOverrides

  public init(store: LedgerStore, batchSize: Int = 500, overrides: EnvelopeOverrides = .init()) {
    self.store = store
    self.batchSize = batchSize
    self.overrides = overrides
  }

  /// Reads `sources` in order and appends what they hold. `report` is called once per filing
  /// (or refused or skipped input), in input order. A database failure stops everything.
  public func run(_ sources: some Sequence<Source> & Sendable, report: (Result) -> Void) throws(LedgerError) {
    let queue = BoundedQueue<Item>(capacity: max(64, batchSize * 2))
    let overrides = self.overrides
    let producer = Thread {
      for source in sources {
        switch source {
        case .skip(let path, let reason):
          queue.push(.skipped(file: path, reason: reason))
        case .file(let path):
          queue.push(Ingestor.prepare(file: path, overrides: overrides))
        case .dataSet(let path):
          let reader: DataSetReader
          do {
            reader = try DataSetReader(path: path)
          } catch let e as LedgerError {
            queue.push(.refused(file: path, e))
            continue
          } catch {
            queue.push(.refused(file: path, .invalidFile(file: path, message: "cannot be read")))
            continue
          }
          for filing in reader {
            switch filing {
            case .success(let f): queue.push(.filing(PreparedFiling(f)))
            case .failure(let e): queue.push(.refused(file: path, e))
            }
          }
        }
      }
      queue.close()
    }
    producer.stackSize = 8 << 20
    producer.start()
    defer { queue.drain() }

    var pending: [Item] = []
    var filings = 0
    func flush() throws(LedgerError) {
      let batch = pending.compactMap { item -> PreparedFiling? in
        if case .filing(let p) = item { return p }
        return nil
      }
      var outcomes = try store.append(prepared: batch).makeIterator()
      for item in pending {
        switch item {
        case .filing(let p):
          switch outcomes.next()! {
          case .success(let o): report(.appended(file: p.file, o))
          case .failure(let e): report(.refused(file: p.file, e))
          }
        case .refused(let file, let e): report(.refused(file: file, e))
        case .skipped(let file, let reason): report(.skipped(file: file, reason: reason))
        }
      }
      pending = []
      filings = 0
    }
    while let item = queue.pop() {
      pending.append(item)
      if case .filing = item { filings += 1 }
      if filings >= batchSize || (pending.count >= batchSize && filings == 0) { try flush() }
    }
    try flush()
  }

  enum Item: Sendable {
    case filing(PreparedFiling)
    case refused(file: String, LedgerError)
    case skipped(file: String, reason: String)
  }

  static func prepare(file: String, overrides: EnvelopeOverrides) -> Item {
    var isDirectory: ObjCBool = false
    if file != "-" {
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
        return .refused(file: file, .invalidFile(file: file, message: "no such file"))
      }
      if isDirectory.boolValue { return .refused(file: file, .invalidFile(file: file, message: "is a folder")) }
    }
    guard let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file) else {
      return .refused(file: file, .invalidFile(file: file, message: "cannot be read"))
    }
    do {
      return .filing(PreparedFiling(try FilingReader.read(data, file: file, overrides: overrides)))
    } catch {
      if case .notAFiling(_, let reason) = error { return .skipped(file: file, reason: reason) }
      return .refused(file: file, error)
    }
  }
}

/// A first-in first-out queue between one producer and one consumer, bounded so that a fast
/// reader cannot fill memory ahead of a slower writer.
final class BoundedQueue<T>: @unchecked Sendable {
  private let condition = NSCondition()
  private var items: [T] = []
  private var head = 0
  private var closed = false
  private var abandoned = false
  private let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  func push(_ item: T) {
    condition.lock()
    defer { condition.unlock() }
    while items.count - head >= capacity && !abandoned { condition.wait() }
    guard !abandoned else { return }
    items.append(item)
    condition.broadcast()
  }

  func pop() -> T? {
    condition.lock()
    defer { condition.unlock() }
    while head == items.count && !closed { condition.wait() }
    guard head < items.count else { return nil }
    let item = items[head]
    head += 1
    if head > 1024 && head * 2 > items.count {
      items.removeFirst(head)
      head = 0
    }
    condition.broadcast()
    return item
  }

  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The consumer stops: the producer's pushes return at once, and it runs to its end.
  func drain() {
    condition.lock()
    abandoned = true
    condition.broadcast()
    while !closed { condition.wait() }
    condition.unlock()
  }
}

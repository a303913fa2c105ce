import EdgarFetch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a fetch did, counted from the download tasks and the appending thread alike, and drawn
/// as a one-line bar on standard error when it is a terminal: items, bytes, request rate and
/// time left. Piped, it draws nothing; the summary line says it all.
final class FetchProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled: Bool
  private let start = Date()
  private var lastDraw = Date.distantPast
  private var status: String?

  private(set) var total = 0
  private(set) var delivered = 0
  private(set) var fetched = 0
  private(set) var cached = 0
  private(set) var bytes = 0
  private(set) var requests = 0
  private(set) var indexesFetched = 0
  private(set) var indexesUnchanged = 0
  private(set) var appended = 0
  private(set) var events = 0
  private(set) var already = 0
  /// Each failure: the URL (or file) and why.
  private(set) var failures: [String] = []

  init(enabled: Bool = isatty(STDERR_FILENO) == 1) { self.enabled = enabled }

  private func update(_ change: (FetchProgress) -> Void) {
    lock.lock()
    change(self)
    let now = Date()
    if enabled && now.timeIntervalSince(lastDraw) >= 0.1 {
      lastDraw = now
      draw(now)
    }
    lock.unlock()
  }

  func planned(_ plan: EdgarFetcher.Plan) {
    update {
      $0.total = plan.items.count
      $0.indexesFetched = plan.indexesFetched
      $0.indexesUnchanged = plan.indexesUnchanged
      $0.failures += plan.failures.map(\.description)
    }
  }

  func activity(_ a: EdgarHTTP.Activity) {
    update {
      switch a {
      case .requested: $0.requests += 1
      case .received(let n): $0.bytes += n
      case .waiting(let seconds, _, let reason): $0.status = String(format: "%@: waiting %.0f s", reason, seconds)
      }
    }
  }

  func delivered(_ result: Result<EdgarHTTP.Download, FetchError>) {
    update {
      $0.delivered += 1
      $0.status = nil
      switch result {
      case .success(let d): if d.fetched { $0.fetched += 1 } else { $0.cached += 1 }
      case .failure(let e): $0.failures.append(e.description)
      }
    }
  }

  func recorded(events n: Int) { update { $0.appended += 1; $0.events += n } }
  func alreadyRecorded() { update { $0.already += 1 } }
  func refused(_ what: String) { update { $0.failures.append(what) } }

  private func draw(_ now: Date) {
    let elapsed = max(now.timeIntervalSince(start), 0.001)
    let width = 20
    let filled = total > 0 ? Int(Double(delivered) / Double(total) * Double(width)) : 0
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let left = delivered > 0 ? Int(elapsed / Double(delivered) * Double(total - delivered)) : 0
    var line = String(
      format: "[%@] %d/%d  %@  %.1f req/s  %d:%02d left", bar, delivered, total, Self.size(bytes), Double(requests) / elapsed, left / 60, left % 60)
    if let status { line += "  " + status }
    FileHandle.standardError.write(Data(("\r" + line.padding(toLength: max(79, line.count), withPad: " ", startingAt: 0)).utf8))
  }

  func clear() {
    guard enabled else { return }
    lock.lock()
    FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 100) + "\r").utf8))
    lock.unlock()
  }

  /// `1.4 MB`, `320 KB`, `512 B`.
  static func size(_ n: Int) -> String {
    if n >= 1_000_000 { return String(format: "%.1f MB", Double(n) / 1_000_000) }
    if n >= 1_000 { return "\(n / 1_000) KB" }
    return "\(n) B"
  }

  /// One line: what was downloaded, taken from the cache, appended, already recorded, failed.
  var summary: String {
    lock.lock()
    defer { lock.unlock() }
    let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
    let indexes = { (n: Int) in "\(n) \(n == 1 ? "index" : "indexes")" }
    return "Fetched \(plural(fetched, "file")) and \(indexes(indexesFetched)) (\(Self.size(bytes))); "
      + "from cache \(plural(cached, "file")) and \(indexes(indexesUnchanged)) unchanged; appended \(plural(appended, "filing")) (\(events) events); already recorded \(already); failed \(failures.count).\n"
  }
}

/// Downloaded files waiting for the appending thread, in plan order. `next` blocks until at
/// least one is there, then takes all there are (up to a chunk), so that each chunk is appended
/// and committed as soon as it is ready; nil once the downloads are over.
final class DownloadedFiles: @unchecked Sendable {
  private let condition = NSCondition()
  private var waiting: [(path: String, url: URL, dataSet: Bool)] = []
  private var closed = false

  func push(_ path: String, url: URL, dataSet: Bool) {
    condition.lock()
    waiting.append((path, url, dataSet))
    condition.signal()
    condition.unlock()
  }

  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  func next(upTo chunk: Int = 200) -> [(path: String, url: URL, dataSet: Bool)]? {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty && !closed { condition.wait() }
    guard !waiting.isEmpty else { return nil }
    let taken = Array(waiting.prefix(chunk))
    waiting.removeFirst(taken.count)
    return taken
  }
}

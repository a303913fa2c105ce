import ArgumentParser
import Foundation
import GRDB
import LedgerCore
import LedgerWeb

/// Figures about answering questions: the biggest holders, and the web view under load.
extension Run {
  /// In-process queries of each holder the holder rows take the median of.
  static let holderRuns = 51

  /// Holdings of the person with the most lines (or, given `nearLines`, the one whose count of
  /// lines is nearest it): the whole process, and in-process time against the person with the
  /// fewest lines (one, where there is one), in the same ledger.
  func bigHolder(_ db: URL, label: String, nearLines: Int? = nil, into table: inout ResultTable) throws {
    // Each the first by CIK among equals.
    let (biggest, lines, single, fewest) = try DatabaseQueue(path: db.path).read { db -> (String, Int, String, Int) in
      func holder(_ order: String) throws -> Row {
        try Row.fetchOne(
          db, sql: """
            SELECT p.cik, COUNT(*) AS n FROM line_owner o JOIN person p ON p.id = o.person_id
            WHERE p.cik IS NOT NULL GROUP BY o.person_id ORDER BY \(order), p.cik LIMIT 1
            """)!
      }
      let (top, one) = (try holder(nearLines.map { "abs(n - \($0))" } ?? "n DESC"), try holder("n ASC"))
      return (top["cik"], top["n"], one["cik"], one["n"])
    }
    var processTimes: [Double] = []
    for _ in 0..<7 { processTimes.append(try spawn(ledger(), ["holdings", "--cik", biggest, "--db", db.path]).seconds) }
    // In process: the two holders' queries taken in turn, after one untimed query each, so
    // that both see the same state of the machine and of the page cache.
    let store = try LedgerStore(path: db.path, mode: .readOnly)
    func query(_ cik: String) throws -> Double {
      try time { try store.holdings(HoldingsRequest(person: .cik(CIK(cik)!), asOf: LedgerDate("2026-01-01")!)) }.seconds
    }
    _ = try (query(biggest), query(single))
    var (bigTimes, oneTimes): ([Double], [Double]) = ([], [])
    for _ in 0..<Self.holderRuns {
      bigTimes.append(try query(biggest))
      oneTimes.append(try query(single))
    }
    let (big, one) = (median(bigTimes), median(oneTimes))
    let who = nearLines.map { "a \(Amount($0).grouped)-line holder" } ?? "the biggest holder"
    table.add(
      "holdings of \(who), \(label)", ledger: "\(format(median(processTimes) * 1000)) ms process", baseline: "", ratio: nil, target: "< 100 ms",
      context: "CIK \(biggest), \(lines) lines, median of 7")
    table.add(
      "  in process, against the smallest holder", ledger: "\(format(big * 1000)) ms",
      baseline: "\(format(one * 1000)) ms, CIK \(single), \(fewest) line\(fewest == 1 ? "" : "s")", ratio: big / max(one, 1e-9),
      target: "<= 3", context: "median of \(Self.holderRuns) each, taken in turn")
  }

  /// Listings across every person of the ledger for one month, as a journalist asks for them:
  /// its transactions and its late reports, each the whole process.
  func monthListings(_ db: URL, label: String, into table: inout ResultTable) throws {
    let month = ["--from", "2015-06-01", "--to", "2015-06-30"]
    for command in ["transactions", "late"] {
      var times: [Double] = []
      for _ in 0..<3 { times.append(try spawn(ledger(), [command] + month + ["--format", "csv", "--db", db.path]).seconds) }
      table.add(
        "`ledger \(command)` of a month, \(label)", ledger: "\(format(median(times) * 1000)) ms process", baseline: "", ratio: nil,
        target: "context", context: "June 2015, every person, CSV, median of 3")
    }
  }

  /// `ledger serve` on the shared corpus: `--requests` (2,000) GET requests over loopback, 8 at a time, each on
  /// a new connection, cycling through every person's holdings, history, reconcile, filings and
  /// amendments and a search. Latency is from connecting to the last byte.
  func serveLoad(corpus: URL, work: URL, into table: inout ResultTable) throws {
    let db = work.appendingPathComponent("serve.sqlite")
    Run.remove(db)
    _ = try spawn(ledger(), ["append", corpus.path, "--db", db.path])
    let people = try DatabaseQueue(path: db.path).read { db in
      try String.fetchAll(db, sql: "SELECT cik FROM person WHERE cik IS NOT NULL ORDER BY cik")
    }
    var targets: [String] = []
    for cik in people {
      targets += [
        "/api/holdings?cik=\(cik)&asof=2024-01-01", "/api/history?cik=\(cik)", "/api/reconcile?cik=\(cik)",
        "/api/filings?cik=\(cik)", "/api/amendments?cik=\(cik)", "/api/search?q=\(cik)",
      ]
    }
    let server = Process()
    server.executableURL = URL(fileURLWithPath: ledger())
    server.arguments = ["serve", "--port", "0", "--db", db.path]
    let out = Pipe()
    server.standardOutput = out
    try server.run()
    defer {
      server.terminate()
      server.waitUntilExit()
    }
    let banner = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    guard let range = banner.range(of: #":(\d+)/"#, options: .regularExpression), let port = Int(banner[range].dropFirst().dropLast()) else {
      throw ValidationError("ledger serve did not start: \(banner)")
    }
    log("serve: \(requests) requests, 8 at a time, over \(targets.count) targets")
    let (requests, concurrency) = (self.requests, 8)
    let results = LatencyLog()
    let targetList = targets
    let started = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: concurrency) { worker in
      for i in stride(from: worker, to: requests, by: concurrency) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let status = (try? LoopbackClient.get(port: port, targetList[i % targetList.count]).status) ?? 0
        results.add(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6, ok: status == 200)
      }
    }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let (latencies, failed) = results.sorted
    func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)] }
    table.add(
      "serve: \(requests) requests, \(concurrency) concurrent", ledger: "p99 \(format(percentile(0.99))) ms", baseline: "", ratio: nil, target: "< 20 ms",
      context: "p50 \(format(percentile(0.5))) ms, max \(format(latencies.last ?? 0)) ms, \(rate(requests, wall)) requests/s, \(failed) not 200; \(people.count) people, 6 routes each")
  }
}

/// Request latencies from several threads.
final class LatencyLog: @unchecked Sendable {
  private let lock = NSLock()
  private var milliseconds: [Double] = []
  private var failures = 0

  func add(_ ms: Double, ok: Bool) {
    lock.withLock {
      milliseconds.append(ms)
      if !ok { failures += 1 }
    }
  }

  var sorted: (latencies: [Double], failed: Int) { lock.withLock { (milliseconds.sorted(), failures) } }
}

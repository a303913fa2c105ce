import ArgumentParser
import Foundation
import GRDB
import GRDBSQLite
import LedgerCore
import LedgerGenerator

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the benchmark: every figure against a baseline measured in the same run.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the benchmark and print its table (build with -c release).",
    discussion: """
      Generates filings (seeded), appends them with the real `ledger` binary from SEC data sets and
      from a folder of EDGAR submissions, and compares with baselines run here: plain SQLite
      inserts of the same rows into tables with the same indexes (prepared statements bound
      through SQLite's C API, 1,000-row transactions, no ledger logic), Python's ElementTree parsing and extracting the same
      submissions, and a plain scan of the event table. Also reports holdings latency, peak memory
      and database bytes per event.
      """)

  @Option(help: "Filings appended from SEC data sets.") var filings = 1_000_000
  @Option(name: .customLong("xml-filings"), help: "Filings appended from a folder of EDGAR submissions.") var xmlFilings = 100_000
  @Option(name: .customLong("small-filings"), help: "Filings of the small ledger (about 100 thousand events) holdings are compared with.") var smallFilings =
    22_000
  @Option(name: .customLong("memory-filings"), help: "Filings of the smaller data set whose append's peak memory is compared with the full one.")
  var memoryFilings = 100_000
  @Option(help: "Work folder (generated inputs and databases); a temporary one by default.") var work: String?
  @Option(help: "Generator seed.") var seed: UInt64 = 7
  @Option(help: "Holdings queries timed in the process.") var queries = 2000
  @Option(
    name: .customLong("xml-runs"),
    help: "Runs of the XML append and its two baselines, taken in turn; the table gives their medians.")
  var xmlRuns = 3
  @ArgumentParser.Flag(help: "Reuse the inputs and ledgers already in --work (measure again without regenerating).") var reuse = false
  @Option(help: "Only these figures (comma-separated: datasets, xml, holdings, rebuild, real, serve, memory).") var only: String?
  @Option(help: "Folder of real EDGAR filings the real-shaped corpus is copied from (skipped when missing).") var corpus = "../shared/edgar"
  @Option(name: .customLong("real-filings"), help: "Submissions in the real-shaped corpus.") var realFilings = 20_000
  @Option(help: "Requests of the web view's load test (8 at a time).") var requests = 2000

  func wanted(_ figure: String) -> Bool { only.map { $0.split(separator: ",").contains(Substring(figure)) } ?? true }

  func run() throws {
    // The baselines run on SQLite configured as the ledger configures it (no memory statistics).
    LedgerStore.configureSQLite
    _ = Run.began
    let dir = URL(fileURLWithPath: work ?? NSTemporaryDirectory() + "ledger-bench-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let ledger = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("ledger").path
    guard FileManager.default.isExecutableFile(atPath: ledger) else { throw ValidationError("no ledger binary beside ledger-bench (\(ledger))") }
    var table = ResultTable()
    log("work folder: \(dir.path)")
    let coresAtStart = Run.coresAvailable()
    log("cores available: \(format(coresAtStart)) of 2")

    // Inputs.
    let datasets = dir.appendingPathComponent("datasets")
    let smallSets = dir.appendingPathComponent("datasets-small")
    let memorySets = dir.appendingPathComponent("datasets-memory")
    let xml = dir.appendingPathComponent("xml")
    if !reuse {
      // On both cores: the 1M data set on one thread, the three smaller inputs on the other
      // (each generator is seeded on its own, so the files are the same either way).
      let (filings, smallFilings, memoryFilings, xmlFilings, seed) = (filings, smallFilings, memoryFilings, xmlFilings, seed)
      let jobs: [@Sendable () throws -> Void] = [
        { try GeneratorOutput.generate(.init(filings: filings, seed: seed), xml: nil, dataSets: datasets) },
        {
          try GeneratorOutput.generate(.init(filings: smallFilings, seed: seed + 1), xml: nil, dataSets: smallSets)
          try GeneratorOutput.generate(.init(filings: memoryFilings, seed: seed), xml: nil, dataSets: memorySets)
          try GeneratorOutput.generate(.init(filings: xmlFilings, seed: seed + 2), xml: xml, dataSets: nil)
        },
      ]
      let failure = FirstError()
      let generated = time { DispatchQueue.concurrentPerform(iterations: jobs.count) { i in failure.run(jobs[i]) } }
      if let error = failure.error { throw error }
      log("generated inputs in \(format(generated.seconds)) s")
      // What the generator wrote goes to disk now, not during the first timed step.
      sync()
    }
    let big = dir.appendingPathComponent("datasets.sqlite")
    let xmlDB = dir.appendingPathComponent("xml.sqlite")
    let smallDB = dir.appendingPathComponent("small.sqlite")
    var dsRun = (seconds: 0.0, peakKiB: 0)
    var derivedInsertSeconds: Double?

    // 1. Append from a folder of EDGAR submissions. It runs first, its rows are shown second:
    // the 1M-filing steps write gigabytes, which evict the XML files from the OS cache, and
    // reading many small files back cold makes the run longer (untimed, but part of it).
    var xmlRows = ResultTable()
    if wanted("xml") {
      // Both the ledger and ElementTree read the submissions from the OS cache: read them once
      // first, untimed (other work may have evicted them, and ElementTree would otherwise find them
      // warm from the ledger's pass).
      warm(xml)
      // The append and its baselines in turn, several times: the machine's speed drifts within
      // minutes, and a single run of each can land on different sides of a drift. The table
      // gives each one's median.
      var appends: [Double] = [], inserts: [Double] = [], parses: [Double] = []
      var parsed = 0
      for _ in 0..<max(1, xmlRuns) {
        Run.remove(xmlDB)
        appends.append(try spawn(ledger, ["append", xml.path, "--db", xmlDB.path]).seconds)
        inserts.append(try plainInserts(from: xmlDB, into: dir.appendingPathComponent("baseline-xml.sqlite")).0)
        if let et = try elementTree(xml) {
          parses.append(et.seconds)
          parsed = et.files
        }
      }
      let xmlSeconds = median(appends)
      let xmlBaseline = median(inserts)
      let runs = appends.count == 1 ? "" : ", median of \(appends.count) (\(format(appends.min()!)) to \(format(appends.max()!)) s)"
      let xmlEvents = try count(xmlDB)
      xmlRows.add(
        "append from XML submissions", ledger: "\(rate(xmlEvents, xmlSeconds)) events/s",
        baseline: "\(rate(xmlEvents, xmlBaseline)) events/s plain SQLite, same rows",
        ratio: xmlBaseline / xmlSeconds, target: ">= 0.5", context: "\(xmlFilings) files, \(xmlEvents) events in \(format(xmlSeconds)) s\(runs)")
      if !parses.isEmpty {
        let et = (files: parsed, seconds: median(parses))
        xmlRows.add(
          "append from XML submissions", ledger: "\(rate(xmlFilings, xmlSeconds)) files/s", baseline: "\(rate(et.files, et.seconds)) files/s ElementTree",
          ratio: (Double(xmlFilings) / xmlSeconds) / (Double(et.files) / et.seconds), target: ">= 1.6",
          context: "whole append vs parse and extract" + (parses.count == 1 ? "" : "; ElementTree \(format(parses.min()!)) to \(format(parses.max()!)) s"))
        // What the target asks of the storage alone: plain SQLite inserting the rows the ledger
        // stored, with no parsing and no ledger logic, against the same ElementTree pass.
        xmlRows.add(
          "  (plain SQLite, same rows)", ledger: "", baseline: "\(rate(xmlFilings, xmlBaseline)) files/s plain SQLite inserts only",
          ratio: (Double(xmlFilings) / xmlBaseline) / (Double(et.files) / et.seconds), target: "context",
          context: "the same rows inserted, against ElementTree")
      } else {
        xmlRows.add(
          "append from XML submissions", ledger: "\(rate(xmlFilings, xmlSeconds)) files/s", baseline: "python3 not found", ratio: nil, target: ">= 1.6",
          context: "")
      }
    }

    // 2. Append from SEC data sets.
    if wanted("datasets") || wanted("memory") || !FileManager.default.fileExists(atPath: big.path) {
      Run.remove(big)
      dsRun = try spawn(ledger, ["append", datasets.path, "--db", big.path])
    }
    let dsEvents = try count(big)
    if wanted("datasets") {
      // The event table is inserted first, into an empty file: its share of the time is what
      // inserting it alone takes.
      let (dsBaseline, dsTables) = try plainInserts(from: big, into: dir.appendingPathComponent("baseline-ds.sqlite"))
      let dsEventOnly = dsTables["event"] ?? 0
      derivedInsertSeconds = dsTables.filter { $0.key != "event" }.values.reduce(0, +)
      table.add(
        "append from data sets", ledger: "\(rate(dsEvents, dsRun.seconds)) events/s",
        baseline: "\(rate(dsEvents, dsBaseline)) events/s plain SQLite, same rows",
        ratio: dsBaseline / dsRun.seconds, target: ">= 0.5",
        context: "\(filings) filings, \(dsEvents) events in \(format(dsRun.seconds)) s")
      table.add(
        "  (event table alone)", ledger: "", baseline: "\(rate(dsEvents, dsEventOnly)) events/s plain SQLite, event rows only",
        ratio: dsEventOnly / dsRun.seconds, target: "context", context: "without the derived rows the ledger also writes")
    }

    table.rows += xmlRows.rows

    // 3. Holdings of one person as of a date, in the process, at both sizes.
    if wanted("holdings") {
      if !reuse || !FileManager.default.fileExists(atPath: smallDB.path) {
        Run.remove(smallDB)
        _ = try spawn(ledger, ["append", smallSets.path, "--db", smallDB.path])
      }
      // Each ledger is read once first, untimed, as the XML inputs are: a ledger in use is in
      // the OS cache, and the appends and baselines before this step evict it, which would make
      // the median depend on what ran just before.
      warm(file: big)
      warm(file: smallDB)
      let (bigMedian, bigCiks) = try holdingsLatency(big)
      let (smallMedian, _) = try holdingsLatency(smallDB)
      let smallEvents = try count(smallDB)
      table.add(
        "holdings, median in process", ledger: "\(format(bigMedian * 1e6)) µs at \(dsEvents) events",
        baseline: "\(format(smallMedian * 1e6)) µs at \(smallEvents) events",
        ratio: bigMedian / smallMedian, target: "< 1 ms; ratio < 2", context: "\(queries) random people and dates")
      var processTimes: [Double] = []
      for cik in bigCiks.prefix(15) {
        processTimes.append(try spawn(ledger, ["holdings", "--cik", cik, "--asof", "2015-06-30", "--db", big.path]).seconds)
      }
      table.add(
        "`ledger holdings` process", ledger: "\(format(median(processTimes) * 1000)) ms", baseline: "", ratio: nil, target: "< 100 ms",
        context: "median of 15 runs, whole process")
      try bigHolder(big, label: "1M", into: &table)
      try monthListings(big, label: "1M", into: &table)
    }

    // 4. Rebuild versus a plain scan.
    if wanted("rebuild") {
      // A rebuild writes every derived row: the baseline is plain SQLite inserting those same
      // rows, with the same indexes, in this run (from the data-set step).
      let derived = try derivedInsertSeconds ?? plainInserts(from: big, into: dir.appendingPathComponent("baseline-ds.sqlite")).1.filter { $0.key != "event" }.values.reduce(0, +)
      let scan = try plainScan(big)
      let rebuild = try spawn(ledger, ["rebuild", "--db", big.path])
      table.add(
        "rebuild", ledger: "\(rate(dsEvents, rebuild.seconds)) events/s", baseline: "\(format(derived)) s plain SQLite, same derived rows",
        ratio: derived / rebuild.seconds, target: ">= 4", context: "\(format(rebuild.seconds)) s; a plain scan reads \(rate(dsEvents, scan)) rows/s")
    }

    // 5. A real-shaped corpus: real filings copied under new issuers and accessions.
    if wanted("real"), FileManager.default.fileExists(atPath: corpus) {
      let real = dir.appendingPathComponent("real")
      let realDB = dir.appendingPathComponent("real.sqlite")
      if !reuse || !FileManager.default.fileExists(atPath: real.path) {
        try? FileManager.default.removeItem(at: real)
        _ = try Replicate.write(from: URL(fileURLWithPath: corpus), count: realFilings, to: real)
      }
      warm(real)
      Run.remove(realDB)
      let append = try spawn(ledger, ["append", real.path, "--db", realDB.path])
      let events = try count(realDB)
      if let et = try elementTree(real) {
        table.add(
          "append real-shaped submissions", ledger: "\(rate(realFilings, append.seconds)) files/s", baseline: "\(rate(et.files, et.seconds)) files/s ElementTree",
          ratio: (Double(realFilings) / append.seconds) / (Double(et.files) / et.seconds), target: ">= 1.6",
          context: "\(realFilings) copies of the real filings, \(events) events in \(format(append.seconds)) s")
      }
      let bytes = try size(realDB)
      table.add(
        "database size, real-shaped", ledger: "\(bytes / Int64(max(events, 1))) bytes/event", baseline: "", ratio: nil, target: "<= 500",
        context: "\(bytes / 1_048_576) MiB for \(events) events")
      try bigHolder(realDB, label: "real-shaped", into: &table)
      try bigHolder(realDB, label: "real-shaped", nearLines: 5_000, into: &table)
    }

    // 6. The web view under load, on the shared corpus.
    if wanted("serve"), FileManager.default.fileExists(atPath: corpus) {
      try serveLoad(corpus: URL(fileURLWithPath: corpus), work: dir, into: &table)
    }

    // 7. Memory and size.
    if wanted("memory") {
      let memoryDB = dir.appendingPathComponent("memory.sqlite")
      Run.remove(memoryDB)
      let memoryRun = try spawn(ledger, ["append", memorySets.path, "--db", memoryDB.path])
      table.add(
        "peak memory of a bulk append", ledger: "\(dsRun.peakKiB / 1024) MiB at \(filings) filings",
        baseline: "\(memoryRun.peakKiB / 1024) MiB at \(memoryFilings) filings",
        ratio: Double(dsRun.peakKiB) / Double(memoryRun.peakKiB), target: "about 1", context: "")
      let bytes = try size(big)
      table.add(
        "database size", ledger: "\(bytes / Int64(max(dsEvents, 1))) bytes/event", baseline: "", ratio: nil, target: "<= 400",
        context: "\(bytes / 1_048_576) MiB for \(dsEvents) events")
    }

    // The appends use both cores and every baseline one: on a virtual machine whose second core
    // is shared with other work, the ratios move with it.
    let coresAtEnd = Run.coresAvailable()
    table.add(
      "cores available", ledger: "\(format(coresAtStart)) at the start, \(format(coresAtEnd)) at the end", baseline: "", ratio: nil, target: "context",
      context: "two threads of fixed work against one, 2.00 when both cores are free")
    print(table.rendered())
    if work == nil { try? FileManager.default.removeItem(at: dir) }
  }

  // MARK: - Measurements

  /// The `ledger` binary beside this one.
  func ledger() -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("ledger").path
  }

  /// A step on standard error, with the minutes and seconds since the run began.
  func log(_ s: String) {
    let t = Int(Double(DispatchTime.now().uptimeNanoseconds - Run.began) / 1e9)
    FileHandle.standardError.write(Data(("[bench \(t / 60):\(String(format: "%02d", t % 60))] " + s + "\n").utf8))
  }

  static let began = DispatchTime.now().uptimeNanoseconds

  /// How many of two cores this process gets: the work one thread does in a quarter of a second,
  /// against what two threads do at once in the same time (2 when each does as much as the one
  /// alone). The median of three tries. Counted in chunks of a fixed loop, so that a debug build
  /// takes as long.
  static func coresAvailable() -> Double {
    @Sendable func chunks(until deadline: UInt64, _ sink: Sink) -> Int {
      var done = 0
      var x: UInt64 = 1
      while DispatchTime.now().uptimeNanoseconds < deadline {
        for i in 0..<100_000 as Range<UInt64> { x = x &* 6_364_136_223_846_793_005 &+ i }
        done += 1
      }
      sink.keep(x)
      return done
    }
    let window: UInt64 = 250_000_000
    let sink = Sink()
    var tries: [Double] = []
    for _ in 0..<3 {
      let one = chunks(until: DispatchTime.now().uptimeNanoseconds + window, sink)
      let deadline = DispatchTime.now().uptimeNanoseconds + window
      let both = Sink()
      DispatchQueue.concurrentPerform(iterations: 2) { _ in both.add(chunks(until: deadline, sink)) }
      tries.append(Double(both.count) / Double(max(one, 1)))
    }
    return median(tries)
  }

  /// Keeps the loop's results (so that the optimizer cannot drop it) and counts its chunks.
  final class Sink: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value: UInt64 = 0
    private(set) var count = 0
    func keep(_ x: UInt64) { lock.withLock { value ^= x } }
    func add(_ n: Int) { lock.withLock { count += n } }
  }

  /// Deletes an SQLite file and its WAL files, if there.
  static func remove(_ db: URL) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) }
  }

  func time<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let v = try body()
    return (v, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }

  func count(_ db: URL) throws -> Int {
    try DatabaseQueue(path: db.path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") ?? 0 }
  }

  func size(_ db: URL) throws -> Int64 {
    var total: Int64 = 0
    for suffix in ["", "-wal"] {
      if let a = try? FileManager.default.attributesOfItem(atPath: db.path + suffix), let n = a[.size] as? NSNumber { total += n.int64Value }
    }
    return total
  }

  /// Reads every file below `folder` once, so that the timed passes find them in the OS cache.
  func warm(_ folder: URL) {
    log("reading \(folder.lastPathComponent) once (untimed)")
    guard let files = FileManager.default.enumerator(atPath: folder.path) else { return }
    for case let name as String in files { _ = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) }
  }

  /// Reads a file once, in chunks, so that the timed passes find it in the OS cache.
  func warm(file: URL) {
    log("reading \(file.lastPathComponent) once (untimed)")
    guard let handle = FileHandle(forReadingAtPath: file.path) else { return }
    defer { try? handle.close() }
    while let chunk = try? handle.read(upToCount: 16 << 20), !chunk.isEmpty {}
  }
}

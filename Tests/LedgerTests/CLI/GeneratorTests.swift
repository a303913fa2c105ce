import Foundation
import LedgerCore
import LedgerGenerator
import Testing

/// The seeded generator and the benchmark, through `ledger-bench` and the real `ledger` binary.
@Suite struct GeneratorTests {
  /// Every file under `dir`, by relative path.
  static func tree(_ dir: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let root = dir.resolvingSymlinksInPath().path
    for case let url as URL in FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])! {
      guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
      files[String(url.resolvingSymlinksInPath().path.dropFirst(root.count))] = try Data(contentsOf: url)
    }
    return files
  }

  func generate(_ seed: Int, into dir: URL) -> CLI.Result {
    CLI.execute(
      Paths.ledgerBench.path,
      ["generate", "--filings", "400", "--seed", String(seed), "--xml", dir.appendingPathComponent("xml").path, "--datasets", dir.appendingPathComponent("ds").path])
  }

  @Test func theSameSeedWritesTheSameBytes() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (a, b, c) = (dir.appendingPathComponent("a"), dir.appendingPathComponent("b"), dir.appendingPathComponent("c"))
    let first = generate(5, into: a)
    #expect(first.status == 0)
    #expect(first.stdout.hasPrefix("Generated 400 filings ("))
    #expect(generate(5, into: b).status == 0)
    #expect(generate(6, into: c).status == 0)
    let (ta, tb, tc) = (try Self.tree(a), try Self.tree(b), try Self.tree(c))
    // 400 submissions, and the eight tables of each quarter.
    #expect(ta.keys.filter { $0.hasSuffix(".txt") }.count == 400)
    #expect(ta.keys.filter { $0.hasSuffix("/SUBMISSION.tsv") }.count >= 1)
    #expect(ta == tb)
    #expect(ta != tc)
  }

  /// Filings generated with many splits, appended from data sets and again from their XML: the
  /// same events (recorded once), every amendment linked, and every break of the filers' tallies
  /// explained (splits, Form 5s); none left unexplained.
  @Test(.timeLimit(.minutes(10)))
  func generatedFilingsAppendOnceFromBothFormsAndTheirTalliesReconcile() throws {
    let cli = CLI()
    defer { try? FileManager.default.removeItem(at: cli.directory) }
    let xml = cli.directory.appendingPathComponent("xml")
    let ds = cli.directory.appendingPathComponent("ds")
    let (filings, _) = try GeneratorOutput.generate(.init(filings: 2_000, seed: 11, splitRate: 0.05), xml: xml, dataSets: ds)
    #expect(filings == 2_000)

    let fromDataSets = cli.run(["append", ds.path])
    #expect(fromDataSets.status == 0)
    #expect(fromDataSets.stdout.hasPrefix("Appended 2000 filings ("))
    #expect(fromDataSets.stdout.contains("refused 0"))
    let events = try cli.eventCount()
    #expect(events > 6_000)
    let fromXML = cli.run(["append", xml.path])
    #expect(fromXML.status == 0)
    #expect(fromXML.stdout.hasPrefix("Appended 0 filings (0 events); already recorded 2000;"))
    #expect(try cli.eventCount() == events)

    let store = try LedgerStore(path: cli.db.path, mode: .readOnly)
    let issuers = try store.read { try String.fetchAll($0, sql: "SELECT cik FROM issuer ORDER BY cik") }
    #expect(issuers.count == 13)
    var causes: [String: Int] = [:]
    var unexplained: [String] = []
    var statuses: [String: Int] = [:]
    for issuer in issuers {
      let report = try cli.json(["reconcile", "--issuer", issuer])
      for line in report["lines"] as! [[String: Any]] {
        for b in line["breaks"] as! [[String: Any]] {
          if let cause = b["cause"] as? [String: Any] {
            causes[cause["kind"] as! String, default: 0] += 1
          } else {
            unexplained.append("\(issuer) \(line["security"]!) \(b["accession"]!) \(b["date"]!)")
          }
        }
      }
      for a in try cli.json(["amendments", "--issuer", issuer])["amendments"] as! [[String: Any]] {
        statuses[a["status"] as! String, default: 0] += 1
      }
    }
    #expect(unexplained == [])
    #expect(causes["split", default: 0] > 0)
    #expect(statuses["linked", default: 0] > 20)
    #expect(statuses["pending"] == nil && statuses["ambiguous"] == nil)
  }

  /// The benchmark at a tiny size, as a smoke test: it runs to its end and prints every row of
  /// its table with a ratio where it has a baseline. (No timing is asserted.)
  @Test(.timeLimit(.minutes(10)))
  func theBenchmarkRunsAtATinySize() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = CLI.execute(
      Paths.ledgerBench.path,
      [
        "run", "--filings", "300", "--xml-filings", "100", "--small-filings", "100", "--memory-filings", "100", "--queries", "20",
        "--work", dir.path, "--corpus", Paths.edgar.path, "--real-filings", "300", "--requests", "200",
      ])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = r.stdout.split(separator: "\n").map(String.init)
    func row(_ figure: String, _ baseline: String) -> String? {
      rows.first { $0.hasPrefix("| " + figure) && $0.contains(baseline) }
    }
    let expected = [
      ("append from data sets", "events/s plain SQLite, same rows"),
      ("append from XML submissions", "events/s plain SQLite, same rows"),
      ("append from XML submissions", "files/s ElementTree"),
      ("  (plain SQLite, same rows)", "files/s plain SQLite inserts only"),
      ("holdings, median in process", "events"),
      ("rebuild", "s plain SQLite, same derived rows"),
      ("peak memory of a bulk append", "MiB at 100 filings"),
      ("  in process, against the smallest holder", "ms, CIK"),
    ] + (Corpus.present ? [("append real-shaped submissions", "files/s ElementTree")] : [])
    for (figure, baseline) in expected {
      let line = try #require(row(figure, baseline), "no row \(figure) / \(baseline) in\n\(r.stdout)")
      // The ratio column holds a number.
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      #expect(cells.contains { Double($0) != nil }, "\(line)")
    }
    // The XML append and its baselines ran three times in turn (the default), and the row says so.
    let xmlRow = try #require(row("append from XML submissions", "events/s plain SQLite, same rows"))
    #expect(xmlRow.contains("100 files,") && xmlRow.contains(", median of 3 ("), "\(xmlRow)")
    #expect(row("`ledger holdings` process", "ms") != nil)
    #expect(row("database size", "bytes/event") != nil)
    #expect(row("`ledger transactions` of a month", "ms process") != nil)
    #expect(row("`ledger late` of a month", "ms process") != nil)
    // Rows in the documented order (the XML step runs first, and is shown after the data sets).
    let figures = rows.dropFirst(2).compactMap { $0.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } }
    #expect(
      figures == [
        "append from data sets", "(event table alone)", "append from XML submissions", "append from XML submissions",
        "(plain SQLite, same rows)", "holdings, median in process", "`ledger holdings` process", "holdings of the biggest holder, 1M",
        "in process, against the smallest holder", "`ledger transactions` of a month, 1M", "`ledger late` of a month, 1M", "rebuild",
      ]
        + (Corpus.present
          ? [
            "append real-shaped submissions", "database size, real-shaped", "holdings of the biggest holder, real-shaped", "in process, against the smallest holder",
            "holdings of a 5,000-line holder, real-shaped", "in process, against the smallest holder", "serve: 200 requests, 8 concurrent",
          ]
          : []) + ["peak memory of a bulk append", "database size", "cores available"])
    // Every answer of the web view's load test was 200.
    if Corpus.present { #expect(row("serve: 200 requests", "p99")?.contains(", 0 not 200;") == true) }
    // How many of the two cores the run had, measured at its start and end: two numbers near 2
    // (above 0, at most a little over 2 from timing noise).
    let cores = try #require(row("cores available", "at the start"))
    let measured = cores.split(separator: "|")[1].split(separator: " ").compactMap { Double($0) }
    #expect(measured.count == 2 && measured.allSatisfy { $0 > 0 && $0 < 2.5 }, "\(cores)")
  }
}

import Foundation
import Testing

/// `ledger fetch` against a real HTTP server on 127.0.0.1 serving a small EDGAR made from the
/// real filings. No test uses the internet.
@Suite(.needsCorpus) struct FetchTests {
  static let userAgent = "Ledger Tests tests@example.com"

  /// A server with the tree, a ledger, and a cache of its own.
  struct Setup {
    let server: EdgarServer
    let cli = CLI()
    var cache: URL { cli.directory.appendingPathComponent("cache") }

    init() throws { server = try EdgarServer(files: EdgarTree.files()) }

    func fetch(_ args: [String], rate: Int = 10, environment: [String: String] = [:]) -> CLI.Result {
      cli.run(
        ["fetch"] + args + ["--user-agent", FetchTests.userAgent, "--archives-url", server.base, "--api-url", server.base, "--cache", cache.path, "--rate", String(rate)],
        environment: environment)
    }
  }

  /// The same files appended directly, in the order a fetch appends them.
  static func appendedDirectly(_ entries: [Corpus.Entry]) throws -> CLI {
    let cli = CLI()
    let paths = try EdgarTree.write(entries, to: cli.directory.appendingPathComponent("filings"))
    let r = cli.run(["append"] + paths)
    #expect(r.status == 0, "\(r.stderr)")
    return cli
  }

  static func outputs(_ cli: CLI, _ selection: [String], asof: String) -> [String] {
    var out: [String] = []
    for format in ["table", "json", "csv"] {
      out.append(cli.run(["holdings"] + selection + ["--asof", asof, "--all", "--format", format]).stdout)
      out.append(cli.run(["history"] + selection + ["--format", format]).stdout)
    }
    out.append(cli.run(["verify", "--digest"]).stdout)
    return out
  }

  @Test func fetchingAPersonRecordsWhatAppendingTheSameFilesRecords() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let musk = EdgarTree.muskFilings
    #expect(musk.count == 81)
    let r = s.fetch(["--cik", EdgarTree.musk])
    #expect(r.stderr == "")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("Fetched 81 files and 2 indexes ("))
    #expect(r.stdout.contains("; from cache 0 files and 0 indexes unchanged; appended 81 filings ("))
    #expect(r.stdout.hasSuffix("; already recorded 0; failed 0.\n"))

    // Its requests: the index, its older page, and each filing once; never the SC 13G.
    let requests = s.server.requests
    let paths = requests.map(\.path)
    #expect(paths.filter { $0.hasPrefix("/submissions/") }.sorted() == ["/submissions/CIK0001494730-submissions-001.json", "/submissions/CIK0001494730.json"])
    #expect(Set(paths.filter { $0.hasPrefix("/Archives/") }) == Set(musk.map { EdgarTree.filingPath($0, cik: EdgarTree.musk) }))
    #expect(paths.count == 83)
    #expect(requests.allSatisfy { $0.headers["user-agent"] == Self.userAgent && $0.headers["accept-encoding"]?.contains("gzip") == true })

    let direct = try Self.appendedDirectly(musk)
    let selection = ["--cik", EdgarTree.musk]
    let fetched = Self.outputs(s.cli, selection, asof: "2023-12-31")
    #expect(fetched[0].contains("Common Stock"))
    #expect(fetched == Self.outputs(direct, selection, asof: "2023-12-31"))

    // Again: only the indexes are asked for, and they have not changed.
    s.server.clearLog()
    let again = s.fetch(["--cik", EdgarTree.musk])
    #expect(again.status == 0)
    #expect(again.stdout.hasPrefix("Fetched 0 files and 0 indexes (0 B); from cache 81 files and 2 indexes unchanged; appended 0 filings (0 events); already recorded 81; failed 0.\n"))
    #expect(s.server.requests.map(\.path).sorted() == ["/submissions/CIK0001494730-submissions-001.json", "/submissions/CIK0001494730.json"])
    #expect(s.server.requests.map(\.status) == [304, 304])
  }

  @Test func fetchingAnIssuerByTickerRecordsWhatAppendingItsFilingsRecords() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let tesla = EdgarTree.teslaFilings
    let r = s.fetch(["--ticker", "tsla"])
    #expect(r.stderr == "")
    #expect(r.stdout.hasPrefix("Fetched \(tesla.count) files and 2 indexes ("))
    let paths = s.server.requests.map(\.path)
    #expect(paths.prefix(2) == ["/files/company_tickers.json", "/submissions/CIK0001318605.json"])
    #expect(Set(paths.dropFirst(2)) == Set(tesla.map { EdgarTree.filingPath($0, cik: EdgarTree.tesla) }))
    let direct = try Self.appendedDirectly(tesla)
    let selection = ["--issuer", "TSLA"]
    let fetched = Self.outputs(s.cli, selection, asof: "2023-12-31")
    #expect(fetched[0].contains("Musk Elon"))
    #expect(fetched == Self.outputs(direct, selection, asof: "2023-12-31"))
  }

  @Test func aQuarterOfDataSetsIsAppendedAsAppendingItsZipIs() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let r = s.fetch(["--datasets", "2021Q4"])
    #expect(r.stderr == "")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("Fetched 1 file and 0 indexes ("))
    #expect(r.stdout.contains("appended \(EdgarTree.quarterFilings.count) filings ("))
    #expect(s.server.requests.map(\.path) == [EdgarTree.dataSetPath])

    let direct = CLI()
    let zip = direct.directory.appendingPathComponent("2021q4_form345.zip")
    try EdgarTree.dataSet().write(to: zip)
    #expect(direct.run(["append", zip.path]).status == 0)
    let selection = ["--cik", EdgarTree.musk]
    #expect(Self.outputs(s.cli, selection, asof: "2021-12-31") == Self.outputs(direct, selection, asof: "2021-12-31"))

    // An HTML page where the ZIP should be: refused, nothing recorded.
    let other = try Setup()
    defer { other.server.stop() }
    other.server.inject([.html], at: EdgarTree.dataSetPath)
    let html = other.fetch(["--datasets", "2021q4"])
    #expect(html.status == 65)
    #expect(html.stderr == "failed \(other.server.base)\(EdgarTree.dataSetPath): an HTML page where a ZIP archive was expected\n")
    #expect(try other.cli.eventCount() == 0)
  }

  @Test func failuresAreRetriedOrReportedAloneAndTheLedgerStaysWhole() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let musk = EdgarTree.muskFilings
    let path = { (i: Int) in EdgarTree.filingPath(musk[i], cik: EdgarTree.musk) }
    let index = "/submissions/CIK0001494730.json"
    s.server.inject([.status(429, retryAfter: "1")], at: index)
    s.server.inject([.status(500)], at: path(0))
    s.server.inject([.html], at: path(1))
    s.server.inject([.truncate, .truncate], at: path(2))
    s.server.inject([.stall(seconds: 3), .stall(seconds: 3)], at: path(3))
    s.server.replace(path(4), with: nil)
    let r = s.cli.run([
      "fetch", "--cik", EdgarTree.musk, "--user-agent", Self.userAgent, "--archives-url", s.server.base, "--api-url", s.server.base,
      "--cache", s.cache.path, "--rate", "10", "--retries", "1", "--timeout", "1",
    ])
    #expect(r.status == 65)
    #expect(r.stdout.contains("; appended 77 filings ("))
    #expect(r.stdout.hasSuffix("; already recorded 0; failed 4.\n"))
    let url = { (i: Int) in s.server.base + path(i) }
    #expect(
      r.stderr.split(separator: "\n").map(String.init) == [
        "failed \(url(1)): an HTML page where an EDGAR submission was expected",
        "failed \(url(2)): the connection closed before the body ended, 2 tries",
        "failed \(url(3)): no data for 1 s (stalled), 2 tries",
        "failed \(url(4)): not found (HTTP 404)",
      ])

    // The 429 was waited out as asked; the 500 was retried after a backoff; the HTML page and
    // the 404 were not retried.
    let log = s.server.requests
    let times = { (p: String) in log.filter { $0.path == p }.map(\.time) }
    #expect(times(index).count == 2)
    #expect(times(index)[1] - times(index)[0] >= 1.0)
    #expect(log.filter { $0.path == path(0) }.map(\.status) == [500, 200])
    #expect(times(path(0))[1] - times(path(0))[0] >= 0.5)
    #expect(times(path(1)).count == 1)
    #expect(times(path(4)).count == 1)

    // Nothing of the failed filings was recorded, and the log verifies.
    #expect(s.cli.run(["verify"]).status == 0)
    let others = try Self.appendedDirectly(musk.enumerated().filter { !(1...4).contains($0.offset) }.map(\.element))
    #expect(try s.cli.eventCount() == others.eventCount())
    #expect(!s.cli.run(["history", "--cik", EdgarTree.musk]).stdout.contains(musk[1].accession))

    // Run again with the server mended: the four are appended, the rest come from the cache.
    s.server.replace(path(4), with: try EdgarTree.submission(musk[4]))
    let again = s.fetch(["--cik", EdgarTree.musk])
    #expect(again.status == 0)
    #expect(again.stdout.hasPrefix("Fetched 4 files and 0 indexes ("))
    #expect(again.stdout.contains("from cache 77 files and 2 indexes unchanged; appended 4 filings ("))
    #expect(Self.outputs(s.cli, ["--cik", EdgarTree.musk], asof: "2023-12-31").dropLast() == Self.outputs(try Self.appendedDirectly(musk), ["--cik", EdgarTree.musk], asof: "2023-12-31").dropLast())
  }

  @Test func noSecondHoldsMoreRequestsThanTheRate() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let r = s.fetch(["--cik", EdgarTree.musk, "--from", "2021-11-01", "--to", "2021-12-31"], rate: 5)
    #expect(r.status == 0)
    let times = s.server.requests.map(\.time).sorted()
    // The older page ends before --from, so it is not asked for.
    #expect(!s.server.requests.contains { $0.path.contains("submissions-001") })
    #expect(times.count > 20)
    for i in 0..<(times.count - 5) {
      #expect(times[i + 5] - times[i] >= 1.0, "requests \(i) to \(i + 5) fell within one second")
    }
  }

  @Test func aFetchKilledHalfWayAndRunAgainLeadsToTheSameLedger() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let process = Process()
    process.executableURL = Paths.ledger
    process.arguments = [
      "fetch", "--cik", EdgarTree.musk, "--user-agent", Self.userAgent, "--archives-url", s.server.base, "--api-url", s.server.base,
      "--cache", s.cache.path, "--rate", "10", "--db", s.cli.db.path,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    while s.server.requests.filter({ $0.path.hasPrefix("/Archives/") }).count < 40 && process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)

    let musk = EdgarTree.muskFilings
    let cachedAfterKill = Set(musk.filter { FileManager.default.fileExists(atPath: s.cache.path + "/127.0.0.1:\(s.server.port)" + EdgarTree.filingPath($0, cik: EdgarTree.musk)) }.map(\.accession))
    #expect(cachedAfterKill.count >= 20 && cachedAfterKill.count < musk.count)

    // The second run downloads exactly what the first did not finish.
    s.server.clearLog()
    let second = s.fetch(["--cik", EdgarTree.musk])
    #expect(second.status == 0)
    let downloaded = s.server.requests.filter { $0.path.hasPrefix("/Archives/") }.map(\.path)
    #expect(Set(downloaded) == Set(musk.filter { !cachedAfterKill.contains($0.accession) }.map { EdgarTree.filingPath($0, cik: EdgarTree.musk) }))
    #expect(downloaded.count == Set(downloaded).count)
    let selection = ["--cik", EdgarTree.musk]
    #expect(Self.outputs(s.cli, selection, asof: "2023-12-31") == Self.outputs(try Self.appendedDirectly(musk), selection, asof: "2023-12-31"))

    // A third run asks for the indexes only.
    s.server.clearLog()
    let third = s.fetch(["--cik", EdgarTree.musk])
    #expect(third.stdout.contains("appended 0 filings (0 events); already recorded 81; failed 0."))
    #expect(s.server.requests.allSatisfy { $0.path.hasPrefix("/submissions/") })
  }

  @Test func aFetchWithoutAUserAgentIsRefusedBeforeAnyRequest() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let base = ["fetch", "--cik", EdgarTree.musk, "--archives-url", s.server.base, "--api-url", s.server.base, "--cache", s.cache.path]
    let none = s.cli.run(base, environment: ["LEDGER_USER_AGENT": ""])
    #expect(none.status == 64)
    #expect(
      none.stderr
        == "Error: the SEC's fair-access policy requires a User-Agent naming you and your email address: give --user-agent \"Name email@domain\" or set LEDGER_USER_AGENT\n")
    let anonymous = s.cli.run(base + ["--user-agent", "ledger"])
    #expect(anonymous.status == 64)
    #expect(anonymous.stderr == "Error: --user-agent \"ledger\": the SEC's fair-access policy asks for your name and email address, as in \"Jane Doe jane@example.com\"\n")
    #expect(s.server.requests.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: s.cli.db.path))
    // From the environment, it is used.
    let fromEnvironment = s.cli.run(base + ["--from", "2099-01-01"], environment: ["LEDGER_USER_AGENT": "Env User env@example.com"])
    #expect(fromEnvironment.status == 0)
    #expect(s.server.requests.allSatisfy { $0.headers["user-agent"] == "Env User env@example.com" })
  }

  @Test func tickersRedirectsAndArgumentsAreCheckedAsUsersExpect() throws {
    let s = try Setup()
    defer { s.server.stop() }
    let unknown = s.fetch(["--ticker", "ZZZZ"])
    #expect(unknown.status == 3)
    #expect(unknown.stderr == "no ticker ZZZZ in the SEC's ticker list (\(s.server.base)/files/company_tickers.json)\n")
    // BRK.B is listed as BRK-B; this server has no index for it.
    let berkshire = s.fetch(["--ticker", "brk.b"])
    #expect(berkshire.status == 65)
    #expect(berkshire.stderr == "failed \(s.server.base)/submissions/CIK0001067983.json: not found (HTTP 404)\n")

    // A redirect within the server is followed; one to another host is not.
    let tickers = "/files/company_tickers.json"
    s.server.replace("/files/moved.json", with: try EdgarTree.files()[tickers])
    s.server.inject([.redirect(to: "/files/moved.json")], at: tickers)
    #expect(s.fetch(["--ticker", "TSLA", "--from", "2099-01-01"]).status == 0)
    s.server.inject([.redirect(to: "http://localhost:\(s.server.port)/files/moved.json")], at: tickers)
    let away = s.fetch(["--ticker", "TSLA", "--from", "2099-01-01"])
    #expect(away.status == 65)
    #expect(away.stderr == "failed \(s.server.base)\(tickers): redirected to another host (http://localhost:\(s.server.port)/files/moved.json), which the fetch does not follow\n")

    for (args, message) in [
      (["--datasets", "2005q4"], "Error: --datasets 2005q4: the SEC's data sets start at 2006q1"),
      (["--datasets", "2021q5"], "Error: --datasets 2021q5: \"2021q5\" is not a quarter (2021q4) or a range of quarters (2006q1..2026q3)"),
      (["--cik", "1", "--forms", "4,8-K"], "Error: --forms 4,8-K: \"8-K\" is not one of 3, 4, 5, 3/A, 4/A, 5/A"),
    ] {
      let r = s.fetch(args)
      #expect(r.status == 64)
      #expect(r.stderr == message + "\n")
    }
    let fast = s.fetch(["--cik", "1"], rate: 11)
    #expect(fast.status == 64)
    #expect(fast.stderr.hasPrefix("Error: --rate 11: give 1 to 10 requests per second"))
  }
}

import Foundation
import LedgerWeb
import Testing

/// `ledger serve` over real HTTP on 127.0.0.1: the JSON API answers byte for byte what the CLI
/// prints, errors are JSON with their status, and readers see whole commits while a writer
/// appends.
@Suite(.serialized) struct ServeTests {
  /// A server on the corpus ledger, for one test: stopped when the test releases it (a shared
  /// one, never released, outlived the test process).
  static func corpus() -> Served? {
    guard Corpus.present else { return nil }
    return try? Served(db: FolderAppendTests.indexed.cli.db)
  }

  /// Each route with its query, and the command that prints the same JSON.
  static let routes: [(target: String, command: [String])] = [
    ("/api/holdings?cik=0001494730&issuer=TSLA&asof=2023-01-01", ["holdings", "--cik", "0001494730", "--issuer", "TSLA", "--asof", "2023-01-01"]),
    ("/api/holdings?person=musk&asof=2021-06-30&known-at=2021-12-31&all=true",
     ["holdings", "--person", "musk", "--asof", "2021-06-30", "--known-at", "2021-12-31", "--all"]),
    ("/api/holdings?issuer=TSLA&asof=2022-12-31", ["holdings", "--issuer", "TSLA", "--asof", "2022-12-31"]),
    ("/api/history?cik=0001494730&vesting=true", ["history", "--cik", "0001494730", "--vesting"]),
    ("/api/history?person=Buffett&security=Common", ["history", "--person", "Buffett", "--security", "Common"]),
    ("/api/reconcile?cik=0001494730&issuer=1318605", ["reconcile", "--cik", "0001494730", "--issuer", "1318605"]),
    ("/api/amendments", ["amendments"]),
    ("/api/amendments?status=linked&known-at=2022-01-01", ["amendments", "--status", "linked", "--known-at", "2022-01-01"]),
    ("/api/late?cik=0001494730&all=1", ["late", "--cik", "0001494730", "--all"]),
    ("/api/shortswing?cik=0001494730&issuer=TSLA&method=liho", ["shortswing", "--cik", "0001494730", "--issuer", "TSLA", "--method", "liho"]),
    ("/api/people?issuer=TSLA&asof=2022-01-01", ["people", "--issuer", "TSLA", "--asof", "2022-01-01"]),
    ("/api/issuers", ["issuers"]),
    ("/api/filings?person=Elon%20Musk", ["filings", "--person", "Elon Musk"]),
  ]

  @Test(.needsCorpus) func everyRouteAnswersTheCLIsJSONByteForByte() throws {
    let served = try #require(Self.corpus())
    let cli = FolderAppendTests.indexed.cli
    #expect(served.banner.contains("read-only at http://127.0.0.1:"))
    for (target, command) in Self.routes {
      let answer = try served.get(target)
      let printed = cli.run(command + ["--format", "json"])
      #expect(printed.status == 0, "\(command): \(printed.stderr)")
      #expect(answer.status == 200, "\(target): \(answer.text)")
      #expect(answer.headers["content-type"] == "application/json; charset=utf-8")
      #expect(answer.text == printed.stdout, "\(target)")
      #expect(answer.body.count > 20)
    }
  }

  /// A report written as it is made goes out as it comes (chunked, in pieces of about 64 KiB,
  /// a few at a time); one smaller than a piece, and every error before the first, whole.
  @Test(.needsCorpus) func aBigReportIsSentAsItIsMadeAndASmallOneWhole() throws {
    let served = try #require(Self.corpus())
    let cli = FolderAppendTests.indexed.cli
    let big = try served.get("/api/history?cik=0001494730&vesting=true")
    let printed = cli.run(["history", "--cik", "0001494730", "--vesting", "--format", "json"])
    #expect(printed.stdout.utf8.count > 1_000_000)
    #expect(big.status == 200 && big.headers["transfer-encoding"] == "chunked" && big.headers["content-length"] == nil)
    #expect(big.text == printed.stdout)
    let small = try served.get("/api/history?person=Buffett&security=Common")
    #expect(small.status == 200 && small.headers["transfer-encoding"] == nil)
    #expect(small.headers["content-length"] == String(small.body.count))
    let missing = try served.get("/api/history?person=Nobody")
    #expect(missing.status == 404 && missing.headers["content-length"] == String(missing.body.count))
    #expect(missing.text.contains("no person matches"))
    // HEAD: the status, no body.
    let head = try served.get("/api/history?cik=0001494730&vesting=true", method: "HEAD")
    #expect(head.status == 200 && head.body.isEmpty)
    #expect(try served.get("/api/history?person=Nobody", method: "HEAD").status == 404)
  }

  @Test(.needsCorpus) func theOpenAPIDocumentDescribesEveryRouteAndItsKeys() throws {
    let served = try #require(Self.corpus())
    let document = try served.get("/api/openapi.json")
    #expect(document.status == 200)
    let json = try #require(try JSONSerialization.jsonObject(with: document.body) as? [String: Any])
    #expect(json["openapi"] as? String == "3.1.0")
    let paths = try #require(json["paths"] as? [String: [String: Any]])
    for (target, _) in Self.routes {
      let path = String(target.prefix { $0 != "?" })
      let get = try #require(paths[path]?["get"] as? [String: Any], "\(path) is not described")
      // The query parameters the route was called with are the ones it declares.
      let declared = Set(((get["parameters"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
      let used = target.split(separator: "?").dropFirst().first.map { $0.split(separator: "&").map { String($0.prefix { $0 != "=" }) } } ?? []
      #expect(Set(used).isSubset(of: declared), "\(path): \(used) not in \(declared)")
      // The keys the answer has are the ones the schema requires.
      let responses = try #require(get["responses"] as? [String: Any])
      let ok = try #require(responses["200"] as? [String: Any])
      let schema = try #require(((ok["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
      let required = Set((schema["required"] as? [String]) ?? [])
      let answer = try #require(try JSONSerialization.jsonObject(with: try served.get(target).body) as? [String: Any])
      #expect(Set(answer.keys) == required, "\(path)")
      #expect(responses["400"] != nil && responses["404"] != nil && responses["300"] != nil)
    }
  }

  @Test(.needsCorpus) func badParametersUnknownPeopleAndSeveralMatchesHaveTheirStatus() throws {
    let served = try #require(Self.corpus())
    func error(_ target: String) throws -> (status: Int, json: [String: Any]) {
      let answer = try served.get(target)
      #expect(answer.headers["content-type"] == "application/json; charset=utf-8")
      return (answer.status, try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]))
    }
    // 400 names the parameter: misspelt, impossible date, bad CIK, both person and cik, none.
    for (target, parameter) in [
      ("/api/holdings?person=Musk&asOf=2020-01-01", "asOf"), ("/api/holdings?person=Musk&asof=2020-13-01", "asof"),
      ("/api/history?cik=12x", "cik"), ("/api/reconcile?person=Musk&cik=1494730", "cik"), ("/api/holdings", "person"),
      ("/api/amendments?status=maybe", "status"), ("/api/holdings?person=Musk&all=perhaps", "all"),
      ("/api/holdings?person=Musk&person=Buffett", "person"),
    ] {
      let (status, json) = try error(target)
      #expect(status == 400, "\(target)")
      #expect(json["parameter"] as? String == parameter, "\(target)")
      #expect((json["error"] as? String)?.hasPrefix(parameter + ":") == true, "\(target): \(json)")
    }
    // 404: nobody by that name; an unknown route.
    let (missing, nobody) = try error("/api/holdings?person=Zyxwvut")
    #expect(missing == 404)
    #expect((nobody["error"] as? String)?.contains("Zyxwvut") == true)
    #expect(try error("/api/nothing").status == 404)
    // 300: the candidates are the people the CLI names for the same --person, with CIKs.
    let (several, json) = try error("/api/holdings?person=ro")
    #expect(several == 300)
    #expect(json["parameter"] as? String == "person")
    let candidates = try #require(json["candidates"] as? [[String: Any]])
    #expect(candidates.count > 1)
    let refused = FolderAppendTests.indexed.cli.run(["holdings", "--person", "ro"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("matches \(candidates.count) people"))
    for c in candidates.prefix(20) { #expect(refused.stderr.contains("(CIK \(c["cik"] as? String ?? "?"))")) }
    // Pages answer errors in HTML with the same status.
    let page = try served.get("/report?person=Zyxwvut")
    #expect(page.status == 404 && page.headers["content-type"] == "text/html; charset=utf-8")
    #expect(try served.get("/report?person=ro").status == 300)
  }

  @Test(.needsCorpus) func searchLeadsToTheReportPageWithItsDateForm() throws {
    let served = try #require(Self.corpus())
    let search = try served.get("/?q=musk")
    #expect(search.status == 200)
    #expect(search.text.contains(#"<a href="/report?cik=0001494730">"#))
    let byTicker = try served.get("/?q=TSLA")
    #expect(byTicker.text.contains(#"<a href="/issuer?issuer=0001318605"><bdi>Tesla, Inc.</bdi></a> (TSLA)"#))
    let insiders = try served.get("/issuer?issuer=0001318605&asof=2022-01-01")
    #expect(insiders.text.contains(#"<a href="/report?cik=0001494730&amp;issuer=0001318605"><bdi>Musk Elon</bdi></a>"#))
    let report = try served.get("/report?cik=0001494730&issuer=0001318605&asof=2023-01-01&known-at=2022-12-31")
    #expect(report.status == 200)
    // The same renderer as `ledger report`, under a form that keeps the person and dates.
    #expect(report.text.contains(#"<input type="hidden" name="cik" value="0001494730">"#))
    #expect(report.text.contains(#"<input type="date" name="asof" value="2023-01-01">"#))
    #expect(report.text.contains(#"<input type="date" name="known-at" value="2022-12-31">"#))
    #expect(report.text.contains(#"<section id="holdings"><h2>Holdings as of 2023-01-01</h2>"#))
    #expect(report.text.contains(#"<path class="balance" d="M"#))
    #expect(!report.text.lowercased().contains("<script"))
    #expect(report.headers["content-security-policy"]?.contains("default-src 'none'") == true)
  }

  @Test func aBusyPortIsOneLineAndExit74() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    let served = try Served(db: cli.db)
    let second = cli.run(["serve", "--port", String(served.port)])
    #expect(second.status == 74)
    #expect(second.stderr == "127.0.0.1:\(served.port): cannot listen here: address already in use\n")
  }

  @Test func aMissingLedgerIsNotServedNorCreated() {
    let cli = CLI()
    let r = cli.run(["serve", "--port", "0"])
    #expect(r.status == 66)
    #expect(r.stderr.contains("no ledger database here"))
    #expect(!FileManager.default.fileExists(atPath: cli.db.path))
  }

  /// Readers ask while `ledger append` writes the corpus: every answer is a whole committed
  /// state. The filing list is valid JSON whose count never goes back; the seed's holder, in
  /// the ledger from the start, is answered the same throughout; the last answer is the CLI's.
  @Test(.needsCorpus) func aWriteDuringReadsBreaksNoReader() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    let notini = "/api/holdings?person=Notini&asof=2005-06-01"
    let served = try Served(db: cli.db)
    let expected = try served.get(notini).text
    #expect(expected == cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "json"]).stdout)
    let writer = Process()
    writer.executableURL = Paths.ledger
    writer.arguments = ["append", Paths.edgar.path, "--db", cli.db.path]
    writer.standardOutput = FileHandle.nullDevice
    writer.standardError = FileHandle.nullDevice
    try writer.run()
    let failures = LockedList()
    let answered = LockedList()
    DispatchQueue.concurrentPerform(iterations: 4) { reader in
      var seen = 0
      var rounds = 0
      while writer.isRunning || rounds < 5 {
        rounds += 1
        do {
          if reader % 2 == 1 {
            let answer = try served.get(notini)
            if answer.status != 200 || answer.text != expected { failures.append("reader \(reader): \(answer.status) \(answer.text.prefix(120))") }
            continue
          }
          let answer = try served.get("/api/filings")
          guard answer.status == 200, let json = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
            let filings = json["filings"] as? [Any]
          else {
            failures.append("reader \(reader): \(answer.status) \(answer.text.prefix(120))")
            continue
          }
          if filings.count < seen { failures.append("reader \(reader): \(filings.count) filings after \(seen)") }
          if filings.count != seen { answered.append("\(filings.count)") }
          seen = filings.count
        } catch {
          failures.append("reader \(reader): \(error)")
        }
      }
    }
    writer.waitUntilExit()
    #expect(writer.terminationStatus == 0)
    #expect(failures.items.count == 0, "\(failures.items.prefix(3))")
    // The readers saw the log grow (more than one state), not only its end.
    #expect(Set(answered.items).count > 1)
    let last = try served.get("/api/filings")
    #expect(last.text == cli.run(["filings", "--format", "json"]).stdout)
    #expect(last.text.contains("0001494730"))
  }
}

/// Strings appended from several threads.
final class LockedList: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func append(_ s: String) { lock.withLock { list.append(s) } }
  var items: [String] { lock.withLock { list } }
}

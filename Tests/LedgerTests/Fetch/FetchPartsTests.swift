@testable import EdgarFetch
import EdgarOwnership
import Foundation
import Testing

/// The parts of a fetch that need no server: addresses, quarters, selections, indexes, the
/// ticker list, retry waits, cache paths and body checks.
@Suite struct FetchPartsTests {
  @Test func addressesAreEDGARs() throws {
    let a = try EdgarAddresses()
    #expect(a.submissions(CIK("1494730")!).absoluteString == "https://data.sec.gov/submissions/CIK0001494730.json")
    #expect(
      a.filing(AccessionNumber("0000899243-21-044060")!, cik: CIK("0001494730")!).absoluteString
        == "https://www.sec.gov/Archives/edgar/data/1494730/000089924321044060/0000899243-21-044060.txt")
    #expect(a.tickers.absoluteString == "https://www.sec.gov/files/company_tickers.json")
    #expect(
      a.dataSet(Quarter("2006q1")!).absoluteString
        == "https://www.sec.gov/files/structureddata/data/insider-transactions-data-sets/2006q1_form345.zip")
    let mirror = try EdgarAddresses(archives: "http://mirror.example/edgar/", api: "http://mirror.example/api")
    #expect(mirror.tickers.absoluteString == "http://mirror.example/edgar/files/company_tickers.json")
    #expect(throws: FetchError.usage("--api-url ftp://x: give an http or https address, such as https://data.sec.gov")) {
      try EdgarAddresses(api: "ftp://x")
    }
  }

  @Test func quartersAreListedInOrderOnce() throws {
    #expect(try Quarter.list("2006q1..2006q4").map(\.description) == ["2006q1", "2006q2", "2006q3", "2006q4"])
    #expect(try Quarter.list("2021Q4, 2021q3..2022q1").map(\.description) == ["2021q3", "2021q4", "2022q1"])
    #expect(try Quarter.list("2025q4..2026q3").count == 4)
    #expect(throws: FetchError.usage("--datasets 2022q1..2021q4: 2022q1..2021q4 ends before it starts")) { try Quarter.list("2022q1..2021q4") }
  }

  @Test func aSelectionTakesEachFormWithItsAmendmentWithinItsSpan() throws {
    let s = try FilingSelection(forms: "4", from: LedgerDate("2021-01-01"), to: LedgerDate("2021-12-31"))
    let listed = { (form: String, date: String) in SubmissionsPage.Listed(accession: AccessionNumber("0000899243-21-044060")!, filingDate: LedgerDate(date)!, form: form) }
    #expect(s.wants(listed("4", "2021-11-10")))
    #expect(s.wants(listed("4/A", "2021-01-01")))
    #expect(!s.wants(listed("3", "2021-11-10")))
    #expect(!s.wants(listed("4", "2022-01-01")))
    #expect(!s.wants(listed("SC 13G", "2021-11-10")))
    #expect(!s.wants(SubmissionsPage.Older(name: "p.json", from: LedgerDate("2010-01-01"), to: LedgerDate("2020-12-31"))))
    #expect(s.wants(SubmissionsPage.Older(name: "p.json", from: nil, to: nil)))
    #expect(throws: FetchError.usage("--to 2020-01-01 is before --from 2021-01-01")) {
      try FilingSelection(from: LedgerDate("2021-01-01"), to: LedgerDate("2020-01-01"))
    }
  }

  @Test func anIndexWhoseColumnsDisagreeOrThatNamesAPathIsRefused() throws {
    let url = URL(string: "https://data.sec.gov/submissions/CIK0001494730.json")!
    let uneven = #"{"filings":{"recent":{"accessionNumber":["0000899243-21-044060"],"filingDate":[],"form":["4"]},"files":[]}}"#
    #expect(throws: FetchError.failed(url: url.absoluteString, reason: "a submissions index whose columns differ in length")) {
      try SubmissionsPage(Data(uneven.utf8), url: url)
    }
    let escaping = #"{"filings":{"recent":{"accessionNumber":[],"filingDate":[],"form":[]},"files":[{"name":"../../etc/passwd.json"}]}}"#
    #expect(throws: FetchError.failed(url: url.absoluteString, reason: "names an older page \"../../etc/passwd.json\" that is not a plain file name")) {
      try SubmissionsPage(Data(escaping.utf8), url: url)
    }
    let older = #"{"accessionNumber":["0001494730-11-000002"],"filingDate":["2011-01-25"],"form":["4"]}"#
    let page = try SubmissionsPage(Data(older.utf8), url: url)
    #expect(page.filings.map(\.accession.rawValue) == ["0001494730-11-000002"])
  }

  @Test func tickersCompareWithoutCaseAndWithDotsAsDashes() throws {
    let json = #"{"0":{"cik_str":1067983,"ticker":"BRK-B","title":"BERKSHIRE HATHAWAY INC"},"1":{"cik_str":1318605,"ticker":"TSLA","title":"Tesla, Inc."}}"#
    let list = try TickerList(Data(json.utf8), url: URL(string: "https://www.sec.gov/files/company_tickers.json")!)
    #expect(list.company("brk.b")?.cik.rawValue == "0001067983")
    #expect(list.company("tsla")?.title == "Tesla, Inc.")
    #expect(list.company("TSL") == nil)
  }

  @Test func retryWaitsFollowTheServerOrDoubleWithJitter() {
    #expect(RetryPolicy.retryAfter("7") == 7)
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    let later = DateFormatter()
    later.locale = Locale(identifier: "en_US_POSIX")
    later.timeZone = TimeZone(identifier: "GMT")
    later.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    #expect(RetryPolicy.retryAfter(later.string(from: now.addingTimeInterval(90)), now: now) == 90)
    #expect(RetryPolicy.retryAfter("soon") == nil)
    let p = RetryPolicy(retries: 4, base: 1, longest: 30)
    for retry in 1...8 {
      let full = min(30, pow(2, Double(retry - 1)))
      let w = p.backoff(retry: retry)
      #expect(w >= full / 2 && w <= full)
    }
  }

  @Test func theCacheKeepsFilesByURLAndNeverOutsideItsRoot() throws {
    let cache = DownloadCache(root: URL(fileURLWithPath: "/tmp/c"))
    #expect(try cache.file(for: URL(string: "https://www.sec.gov/files/company_tickers.json")!).path == "/tmp/c/www.sec.gov/files/company_tickers.json")
    #expect(try cache.file(for: URL(string: "http://127.0.0.1:8080/a/b.txt")!).path == "/tmp/c/127.0.0.1:8080/a/b.txt")
    #expect(throws: FetchError.self) { try cache.file(for: URL(string: "https://www.sec.gov/a/../../b")!) }
    #expect(DownloadCache.defaultRoot(xdgCacheHome: "/x/cache", home: "/home/u").path == "/x/cache/ledger/edgar")
    #expect(DownloadCache.defaultRoot(xdgCacheHome: nil, home: "/home/u").path == "/home/u/.cache/ledger/edgar")
    #expect(DownloadCache.defaultRoot(xdgCacheHome: "relative", home: "/home/u").path == "/home/u/.cache/ledger/edgar")
  }

  @Test func aPartialFileAKilledFetchLeftIsTakenOverByTheNextDownload() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let cache = DownloadCache(root: root)
    let url = URL(string: "https://www.sec.gov/files/form345.zip")!
    let folder = root.appendingPathComponent("www.sec.gov/files")
    func parts() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".part") }.sorted() }
    // A fetch killed mid-download left half a file, and no lock.
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("half a zip".utf8).write(to: folder.appendingPathComponent(".form345.zip.part"))
    let (first, handle) = try cache.partial(for: url)
    #expect(first.lastPathComponent == ".form345.zip.part")
    #expect(try Data(contentsOf: first).isEmpty)
    // While it is being written, another download of the same file gets a file of its own.
    let (second, other) = try cache.partial(for: url)
    #expect(second.lastPathComponent != first.lastPathComponent && second.lastPathComponent.hasPrefix(".form345.zip."))
    try other.close()
    try FileManager.default.removeItem(at: second)
    try handle.write(contentsOf: Data("a whole zip".utf8))
    let kept = try cache.keep(first, for: url)
    try handle.close()
    #expect(try String(contentsOf: kept, encoding: .utf8) == "a whole zip")
    #expect(try parts().isEmpty)
    // Validators are written the same way, beside their own file.
    try cache.keep(DownloadCache.Validators(etag: "\"v1\"", lastModified: nil), for: url)
    #expect(cache.validators(for: url)?.etag == "\"v1\"")
    #expect(try parts().isEmpty)
  }

  @Test func aUserAgentNamesSomeoneWithAnEmailAddress() {
    #expect(EdgarHTTP.Settings.problem(userAgent: "Jane Doe jane@example.com") == nil)
    #expect(EdgarHTTP.Settings.problem(userAgent: "Acme Research ops@acme.io") == nil)
    #expect(EdgarHTTP.Settings.problem(userAgent: nil) != nil)
    #expect(EdgarHTTP.Settings.problem(userAgent: "jane@example.com") != nil)
    #expect(EdgarHTTP.Settings.problem(userAgent: "Jane Doe") != nil)
    #expect(EdgarHTTP.Settings.problem(userAgent: "Jane Dœ jane@example.com") != nil)
  }
}

import Foundation
import LedgerCore
import Testing

/// `ledger report`: the HTML audit report, checked as text and, where Debian's chromium is
/// installed (`.ci/run` installs it), as a real headless browser renders it.
@Suite struct ReportTests {
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

  /// The DOM a headless chromium builds from the file.
  static func dom(_ file: String) -> String? {
    guard let chromium else { return nil }
    let r = CLI.execute(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + file])
    return r.status == 0 ? r.stdout : nil
  }

  func seedReport() -> (cli: CLI, file: String) {
    let cli = CLI()
    #expect(cli.run(["append", "000_3e622c2d1d9abf8c.json"], cwd: Paths.examples).status == 0)
    let file = cli.directory.appendingPathComponent("notini.html").path
    let r = cli.run(["report", "--person", "Notini", "--asof", "2005-06-01", "--output", file])
    #expect(r.status == 0, "\(r.stderr)")
    return (cli, file)
  }

  @Test func theSeedsReportShowsTheOptionLineItsChartAndItsProvenance() throws {
    let (cli, file) = seedReport()
    let html = try String(contentsOfFile: file, encoding: .utf8)
    // The digest is the one `verify --digest` prints (head hash and event count).
    let digest = cli.run(["verify", "--digest"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(digest.hasSuffix(" 2"))
    #expect(html.contains(#"<code id="digest">\#(digest)</code>"#))
    // Self-contained: no script, nothing fetched.
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("src=") && !html.contains("<link"))
    // The chart: a step line for the balance, a marker labelled with the row's code, the expiry.
    #expect(html.contains(#"<path class="balance" d="M"#))
    #expect(html.contains(#"<text class="code""#) && html.contains(">A</text>"))
    #expect(html.contains(#"<line class="expiry""#))
    #expect(html.contains("<title>NOTINI ALBERT A") == false)  // the page title is the holder's, the chart's is the line's
    #expect(html.contains("<title>SONUS NETWORKS INC: Employee Stock Option (right to buy), direct</title><desc>"))
    expectSnapshot(html, named: "seed-report-html")
  }

  @Test(.enabled(if: ReportTests.chromium != nil, "needs Debian's chromium (apt-get install chromium; .ci/run installs it)"))
  func aHeadlessBrowserShowsTheNumbers() throws {
    let (_, file) = seedReport()
    let dom = try #require(Self.dom(file))
    // The option line: 2,450,000 options, 663,541 exercisable on 2005-06-01, at 3.99.
    #expect(dom.contains("2,450,000"))
    #expect(dom.contains("663,541"))
    #expect(dom.contains(">3.99<"))
    // Its provenance: the row, and the estimated filing date.
    #expect(dom.contains("derivativeTable.transactions[0]"))
    #expect(dom.contains("2004-04-29 (estimated)"))
    // The 13d-3 summary and the chart's path survived the browser's parse.
    #expect(dom.contains("765,625"))
    #expect(dom.contains(#"class="balance""#))
  }

  @Test(.enabled(if: ReportTests.chromium != nil, "needs Debian's chromium (apt-get install chromium; .ci/run installs it)"))
  func aHeadlessBrowserDrawsThePage() throws {
    let (cli, file) = seedReport()
    let png = cli.directory.appendingPathComponent("notini.png")
    let r = CLI.execute(
      ReportTests.chromium!,
      ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400", "--screenshot=\(png.path)", "file://" + file])
    #expect(r.status == 0, "\(r.stderr.suffix(300))")
    let image = try Data(contentsOf: png)
    // A PNG of the window's size, drawn (a blank page compresses to a few hundred bytes).
    #expect(image.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    let width = image.subdata(in: 16..<20).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    let height = image.subdata(in: 20..<24).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    #expect(width == 1000 && height == 1400)
    #expect(image.count > 20_000)
  }

  @Test func hostileNamesAndFootnotesAreEscaped() throws {
    let cli = CLI()
    let hostile = #"<script>alert("x")</script> O'Brien & Sons ‮evil‬ \#u{1B}[31m"#
    var doc = Filings.document(
      period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03",
      issuer: Filings.issuer("<img src=x onerror=alert(1)> CORP"), owners: [Filings.owner(hostile, cik: "0000000777")],
      table1: [Filings.trade("2024-01-02", shares: "10", after: "10")])
    doc.nonDerivativeTable?.transactions[0].securityTitle = Reported("Common <b>Stock</b>", footnoteIds: ["F1"])
    doc.footnotes = [Footnote(id: "F1", text: "</dd><script>steal()</script>")]
    #expect(cli.run(["append", cli.write(Filings.json(doc), to: "hostile.json")]).status == 0)
    let file = cli.directory.appendingPathComponent("hostile.html").path
    #expect(cli.run(["report", "--cik", "777", "--asof", "2024-06-01", "--output", file]).status == 0)
    let html = try String(contentsOfFile: file, encoding: .utf8)
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<b>"))
    #expect(!html.contains("\u{1B}"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Sons ‮evil‬ \\u{1B}[31m"))
    if let dom = Self.dom(file) {
      // The browser's text is the input (the escape character shown as \u{1B}).
      #expect(!dom.lowercased().contains("<script"))
      #expect(dom.contains("&lt;/dd&gt;&lt;script&gt;steal()&lt;/script&gt;"))
    }
  }

  @Test(.needsCorpus) func muskAtTeslaMarksTheSplitBreaks() throws {
    let cli = FolderAppendTests.indexed.cli
    let file = cli.directory.appendingPathComponent("musk-tesla.html").path
    #expect(cli.run(["report", "--cik", "0001494730", "--issuer", "TSLA", "--asof", "2023-01-01", "--output", file]).status == 0)
    let html = try String(contentsOfFile: file, encoding: .utf8)
    // The 2020 5:1 split, first seen in November 2021, and the 2022 3:1 split, first seen in
    // November 2022 past the Form 5 whose year-end tallies hide it, are ringed points with
    // their cause.
    #expect(html.contains(#"<g class="break"><circle"#))
    #expect(html.contains("0000899243-21-044077: split 5:1"))
    #expect(html.contains("0000899243-22-035390: split 3:1 (the balance just before is exactly 3 times the one of 2022-08-09, before the Form 5 0000899243-23-004992"))
    // Real accessions link to their EDGAR index pages.
    #expect(html.contains(#"<a href="https://www.sec.gov/Archives/edgar/data/1318605/000089924321044225/0000899243-21-044225-index.htm">"#))
    // Golden: the holdings and the charts that mark a split (the whole page, hundreds of rows
    // of history, is checked above by its facts).
    let holdings = try #require(html.range(of: #"<section id="holdings">[\s\S]*?</section>"#, options: .regularExpression))
    let figures = html.components(separatedBy: "<figure>").dropFirst().map { "<figure>" + $0.components(separatedBy: "</figure>")[0] + "</figure>" }
      .filter { $0.contains(": split ") }
    // One line, the trust's, carries both: the 5:1 split at its holding of 2021-11-08.
    #expect(figures.count == 1)
    #expect(figures.first?.contains("0000899243-21-044077: split 5:1") == true)
    #expect(figures.first?.contains(": split 3:1") == true)
    expectSnapshot(([String(html[holdings])] + figures).joined(separator: "\n"), named: "musk-tesla-report-html")
  }

  @Test func aPageThatCannotBePutInPlaceLeavesNothingBehind() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    // The target is a folder: the page is written beside it, then cannot replace it.
    let folder = cli.directory.appendingPathComponent("taken")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    let r = cli.run(["report", "--person", "Notini", "--output", folder.path])
    #expect(r.status != 0)
    #expect(r.stderr.contains("taken") && r.stderr.contains("cannot be written"))
    let left = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path)
    #expect(!left.contains { $0.hasSuffix(".part") }, "\(left)")
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue)
  }

  @Test func aPartialPageAKilledReportLeftIsTakenOverByTheNext() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    // What a report killed mid-write leaves beside its target: half a page, unlocked.
    let target = cli.directory.appendingPathComponent("audit.html")
    let left = cli.directory.appendingPathComponent(".audit.html.part")
    try Data("<!DOCTYPE html><html><head><title>half".utf8).write(to: left)
    let r = cli.run(["report", "--person", "Notini", "--output", target.path])
    #expect(r.status == 0, "\(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path)
    #expect(!files.contains { $0.hasSuffix(".part") }, "\(files)")
    let page = try String(contentsOf: target, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
    #expect(page.contains("<title>Holdings of NOTINI ALBERT A") && !page.contains("<title>half"))
  }

  @Test func argumentsAreChecked() {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    #expect(cli.run(["report"]).status == 64)
    #expect(cli.run(["report", "--person", "Nobody"]).status == 3)
  }
}

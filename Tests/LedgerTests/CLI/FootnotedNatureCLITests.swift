import Foundation
import Testing

/// Peter Thiel's Palantir filings (a Form 3 and thirteen Form 4s in the shared corpus): every
/// indirect holding's nature reads "See Footnote", and the footnote it cites names the fund or
/// company of record, numbered afresh and often reworded in each filing.
@Suite struct FootnotedNatureCLITests {
  static let palantir = "0001321655"
  static let thiel = "0001211060"

  /// A ledger of Thiel's Palantir filings, appended as files.
  static func ledger() -> CLI {
    let cli = CLI()
    let files = Corpus.index.filter { $0.issuerCik == palantir && $0.ownerCiks == [thiel] }.map { Corpus.url($0).path }
    #expect(files.count == 14)
    let r = cli.run(["append"] + files)
    #expect(r.status == 0, "\(r.stderr)")
    return cli
  }

  /// The holder a footnote names ("held of record by X, ..." or "X (...)"), or the whole text.
  static func holder(_ text: String) -> String {
    let holder = text.range(of: "held of record by ").map { String(text[$0.upperBound...].prefix(while: { $0 != "(" && $0 != "," })) } ?? text
    return holder.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "."))
  }

  /// Class A positions by holder (the holder its nature's footnote names, "direct" for the
  /// direct line), and the Rule 13d-3 Class A total.
  static func classA(_ cli: CLI, asOf: String) throws -> (positions: [String: Double], total: Double?) {
    let report = try cli.json(["holdings", "--cik", thiel, "--asof", asOf])
    var positions: [String: Double] = [:]
    for case let p as [String: Any] in report["positions"] as! [Any] where p["security"] as? String == "Class A Common Stock" {
      let notes = (p["natureFootnotes"] as! [[String: Any]]).compactMap { $0["text"] as? String }
      let key = holder(notes.first ?? "direct")
      #expect(positions[key] == nil, "two Class A lines for \(key)")
      positions[key] = (p["shares"] as? NSNumber)?.doubleValue
    }
    let summary = (report["beneficialOwnership"] as! [[String: Any]]).first { $0["security"] as? String == "Class A Common Stock" }
    return (positions, (summary?["shares"] as? NSNumber)?.doubleValue)
  }

  /// The Form 3 lists sixteen indirect Class A holdings, each "See Footnote": sixteen lines, not
  /// one holding the last row's 43,296 shares. The figures are the Form 3's own rows.
  @Test(.needsCorpus) func eachHolderOfAFormThreeIsALine() throws {
    let cli = Self.ledger()
    let (positions, total) = try Self.classA(cli, asOf: "2020-09-22")
    #expect(positions.count == 17)
    #expect(positions["direct"] == 3_257_826)
    #expect(positions["The Founders Fund II"] == 9_903_394)
    #expect(positions["The Founders Fund III"] == 8_053_195)
    #expect(positions["Rivendell 7 LLC"] == 24_029_026)
    #expect(positions["Mithril PAL-SPV 1"] == 43_296)
    #expect(total == 59_190_992)
  }

  /// Four years later each holder's line has followed it through filings that number and word
  /// its footnote differently: the funds distributed (zero, hidden), five companies remain,
  /// each with the amount its latest row reports, and nothing is counted twice.
  @Test(.needsCorpus) func aHoldersLineFollowsItThroughRewordedFootnotes() throws {
    let cli = Self.ledger()
    let (positions, total) = try Self.classA(cli, asOf: "2024-12-31")
    #expect(
      positions == [
        "Clarium L.P": 1_954_631, "PLTR Holdings LLC": 20_823_993, "Rivendell 25 LLC": 53_487, "Rivendell 7 LLC": 34_260_451,
        "STS Holdings II LLC": 15_733_625,
      ])
    #expect(total == 72_826_187)
  }

  /// The Form 4 of 2021-05-13 titles its Class B rows "Class B Common Stock (2)" (a footnote
  /// mark typed into the title), the next one "Class B Common Stock" again: one security, so
  /// each holder keeps one Class B line. Six holders on 2021-07-01, each with its latest row's
  /// figure; Clarium's last row is the marked filing's (7,818,526), the others the 2021-06-28
  /// filing's. Keyed by the title as typed, the marked rows made five more lines and counted
  /// 29,128,444 shares a second time.
  @Test(.needsCorpus) func aFootnoteMarkAfterATitleIsTheSameSecurity() throws {
    let cli = Self.ledger()
    let report = try cli.json(["holdings", "--cik", Self.thiel, "--asof", "2021-07-01"])
    let titles: Set = ["Class B Common Stock", "Class B Common Stock (2)"]
    let classB = (report["positions"] as! [[String: Any]]).filter { titles.contains($0["security"] as? String ?? "") }
    let shares = classB.compactMap { ($0["shares"] as? NSNumber)?.doubleValue }
    #expect(shares.sorted() == [2_565_601, 2_750_050, 2_962_961, 3_330_804, 7_818_526, 20_849_832])
    #expect(shares.reduce(0, +) == 40_277_774)
  }

  /// Reconcile on the Palantir filings: the fifteen indirect Class A lines with breaks are all
  /// "See Footnote", each told by the footnote that names its holder, in JSON, in the table
  /// (the ids after the nature, the texts under the line's heading) and in CSV.
  @Test(.needsCorpus) func reconcileNamesEachFootnotedHoldersLine() throws {
    let cli = Self.ledger()
    let report = try cli.json(["reconcile", "--cik", Self.thiel, "--format", "json"])
    let lines = (report["lines"] as! [[String: Any]]).filter { $0["security"] as? String == "Class A Common Stock" && $0["ownership"] as? String == "I" }
    let holders = lines.map { line in
      Self.holder((line["natureFootnotes"] as! [[String: Any]]).compactMap { $0["text"] as? String }.joined())
    }
    #expect(lines.count == 15)
    #expect(Set(holders).count == 15)
    #expect(Set(lines.compactMap { $0["nature"] as? String }) == ["See Footnote"])
    for holder in ["FF4 Investment LLC", "PLTR Holdings LLC", "The Founders Fund II", "The Founders Fund II Principals Fund", "Thiel Capital LLC"] {
      #expect(holders.contains(holder), "\(holder)")
    }
    let table = cli.run(["reconcile", "--cik", Self.thiel]).stdout
    #expect(table.contains("Class A Common Stock · I: See Footnote [F7]\n[F7] These shares are held of record by The Founders Fund II, LP (\"FF-II\")."))
    let csv = cli.run(["reconcile", "--cik", Self.thiel, "--format", "csv"]).stdout.split(separator: "\n")
    #expect(csv.first?.contains(",nature,nature_footnotes,exercise_price,") == true)
    #expect(csv.contains { $0.contains("F7: These shares are held of record by The Founders Fund II, LP") })
  }

  /// Thiel's AbCellera Form 3 gives four funds' Series A2 preferred only as the common shares
  /// they convert into (1:10), and the Form 4 converts each fund's preferred shares to none at
  /// the IPO: each tally holds at the row's ratio, so reconcile finds no break (it called each a
  /// 1:10 reverse split), and the lines are each fund's.
  @Test(.needsCorpus) func preferredGivenInUnderlyingSharesConvertsWithoutABreak() throws {
    let cli = CLI()
    let files = Corpus.index.filter { $0.issuerCik == "0001703057" && $0.ownerCiks == [Self.thiel] }.map { Corpus.url($0).path }
    #expect(files.count == 2)
    #expect(cli.run(["append"] + files).status == 0)
    let report = try cli.json(["reconcile", "--cik", Self.thiel, "--format", "json"])
    #expect(report["linesChecked"] as? Int == 19)
    #expect((report["lines"] as! [Any]).isEmpty)
    let held = try cli.json(["holdings", "--cik", Self.thiel, "--asof", "2020-12-14", "--format", "json"])
    let preferred = (held["positions"] as! [[String: Any]]).filter { $0["security"] as? String == "Series A2 Preferred Shares" }
    #expect(preferred.compactMap { ($0["shares"] as? NSNumber)?.intValue }.sorted() == [29_240, 401_050, 3_343_240, 3_811_260])
  }

  /// "By Fund" and "Trust" name a kind of holder: Thiel's Oscar Health Form 3 (filed jointly
  /// with Brian Singerman) lists nine funds "By Fund", Scarpelli's Snowflake Form 4 eight trusts
  /// "Trust", each citing the footnote that names it. Each is a line; the figures are the
  /// filings' own rows.
  @Test(.needsCorpus) func aKindOfHolderIsToldByTheHolderItsFootnoteNames() throws {
    let cli = CLI()
    for file in ["john-friedman/000120919121017168/doc3.xml", "dgunning/data/form4.snow.xml"] {
      #expect(cli.run(["append", Paths.edgar.appendingPathComponent(file).path]).status == 0)
    }
    func classA(_ cik: String, nature: String) throws -> [Double] {
      let report = try cli.json(["holdings", "--cik", cik, "--asof", "2023-01-01"])
      return (report["positions"] as! [[String: Any]]).filter { $0["security"] as? String == "Class A Common Stock" && $0["nature"] as? String == nature }
        .compactMap { ($0["shares"] as? NSNumber)?.doubleValue }
    }
    let funds = try classA(Self.thiel, nature: "By Fund")
    #expect(funds.sorted() == [46_697, 63_361, 799_525, 928_720, 1_204_304, 2_496_769, 3_755_954, 4_476_970, 7_778_012])
    let trusts = try classA("0001402349", nature: "Trust")
    #expect(trusts.count == 8)
    #expect(trusts.reduce(0, +) == 793_488)
  }
}

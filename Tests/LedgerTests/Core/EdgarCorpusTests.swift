import Foundation
import GRDB
@testable import EdgarOwnership
@testable import LedgerCore
import Testing

/// Facts about the real filings in ../shared/edgar that the ledger must get right.
@Suite struct EdgarCorpusTests {
  let musk = PersonSelector.cik(CIK("0001494730")!)

  @Test(.needsCorpus) func theCorpusIsThere() {
    #expect(Corpus.index.count == 188)
    #expect(Corpus.envelopes.count == 13)
  }

  @Test(.needsCorpus) func everyDocumentAndEnvelopeAppendsWithoutRefusal() throws {
    let store = try LedgerStore()
    var refused: [String] = []
    for e in Corpus.index {
      do { try store.append(try Corpus.imported(e)) } catch { refused.append("\(e.file): \(error)") }
    }
    for url in Corpus.envelopes {
      do { try store.append(try FilingReader.read(Data(contentsOf: url), file: url.lastPathComponent)) } catch {
        refused.append("\(url.lastPathComponent): \(error)")
      }
    }
    #expect(refused.isEmpty, "\(refused)")
  }

  @Test(.needsCorpus) func muskAtTeslaOnNovember10th2021() throws {
    let report = try Corpus.store.holdings(HoldingsRequest(person: musk, issuer: "0001318605", asOf: LedgerDate("2021-11-10")!))
    let common = report.positions.filter { $0.security == "Common Stock" && !$0.derivative }
    #expect(common.count == 2)
    #expect(common.first { $0.ownership == .direct }?.balance == Amount(1_220_481))
    let trust = try #require(common.first { $0.ownership == .indirect })
    #expect(trust.nature == "by Trust")
    #expect(trust.balance == Amount(166_904_938))
    #expect(report.positions.allSatisfy { $0.issuer.name == "Tesla, Inc." })
  }

  /// The 5:1 split of 2020 first shows in the trust's holding of 2021-11-08: one break there,
  /// and the sale of the 9th (0000899243-21-044225) chains from that tally, not from the
  /// pre-split one of 2020: no break there.
  @Test(.needsCorpus) func theTrustLineBreaksByAFactorOfFiveAtItsHoldingOfNovember8th() throws {
    let report = try Corpus.store.reconcile(ReconcileRequest(person: musk, issuer: "TSLA"))
    let trust = try #require(report.lines.first { $0.security == "Common Stock" && $0.ownership == .indirect })
    let b = try #require(trust.breaks.first { $0.filing.rawValue == "0000899243-21-044077" })
    #expect(b.date == LedgerDate("2021-11-08"))
    #expect(b.kind == .holding)
    #expect(b.previous == Amount(34_098_597))
    #expect(b.previousDate == LedgerDate("2020-02-14"))
    #expect(b.reported == Amount(170_492_985))
    #expect(b.cause == .split(ratio: 5))
    #expect(trust.breaks.filter { $0.cause == .split(ratio: 5) }.count == 1)
    #expect(!trust.breaks.contains { $0.filing.rawValue == "0000899243-21-044225" })
  }

  @Test(.needsCorpus) func theForm5For2022IsNamedAsTheSourceOfItsBreaks() throws {
    let report = try Corpus.store.reconcile(ReconcileRequest(person: musk, issuer: "TSLA"))
    let trust = try #require(report.lines.first { $0.security == "Common Stock" && $0.ownership == .indirect })
    let form5 = FilingID(rawValue: "0000899243-23-004992")
    let own = trust.breaks.filter { $0.filing == form5 }
    #expect(!own.isEmpty)
    for b in own {
      #expect(b.form == .form5)
      #expect(b.date >= LedgerDate("2022-08-01")! && b.date <= LedgerDate("2022-12-31")!)
      #expect(b.cause == .form5(filing: form5, previous: false))
    }
    // Form 4 rows right after the gifts break too, and say where their previous balance came
    // from; the first one after the 3:1 split of August 2022 is the split, seen past the Form 5.
    let after = trust.breaks.filter { $0.previousFiling == form5 && $0.filing != form5 }
    #expect(!after.isEmpty)
    #expect(after.allSatisfy { $0.cause == .form5(filing: form5, previous: true) || $0.cause == .splitPastForm5(ratio: 3, filing: form5, date: LedgerDate("2022-08-09")!) })
    #expect(after.filter { if case .splitPastForm5 = $0.cause { true } else { false } }.map(\.filing) == [FilingID(rawValue: "0000899243-22-035390")])
  }

  /// An independent computation from the parsed documents (not the projections): for each line,
  /// the last reported amount on or before each date; where a filing's last rows on a derivative
  /// line are several holdings, their sum (two option grants of one Form 3 at the same price and
  /// expiration are two holdings).
  @Test(.needsCorpus) func holdingsAgreeWithTheLastReportedAmountsAtEveryDate() throws {
    struct Fact {
      var date: LedgerDate
      var filed: LedgerDate
      var filing: String
      var order: Int
      var post: Amount?
      var derivativeHolding: Bool
    }
    var byLine: [String: [Fact]] = [:]
    var dates = Set<LedgerDate>()
    for e in Corpus.index {
      let doc = try Corpus.imported(e).document
      guard doc.issuer.issuerCik == CIK("1318605"), doc.reportingOwners.map(\.reportingOwnerId.rptOwnerCik) == [CIK("1494730")] else { continue }
      let prepared = PreparedFiling(try Corpus.imported(e))
      for r in doc.rows {
        let facts = LineFacts(row: r)
        let key = facts.key(issuerID: 0, ownerGroup: "musk")
        let entry = EntryFacts(row: r, unit: facts.unit, periodOfReport: doc.periodOfReport)
        byLine[key, default: []].append(
          Fact(date: entry.validDate, filed: prepared.filedAt, filing: prepared.filing.rawValue, order: (r.table == .derivative ? 2_000_000 : 0) + r.orderKey, post: entry.post,
            derivativeHolding: r.table == .derivative && r.kind == .holding))
        dates.insert(entry.validDate)
      }
    }
    #expect(byLine.count > 5)
    for date in dates.sorted() {
      var expected: [String: String] = [:]
      for (key, facts) in byLine {
        let known = facts.filter { $0.date <= date }.sorted { ($0.date, $0.filed, $0.filing, $0.order) < ($1.date, $1.filed, $1.filing, $1.order) }
        guard let last = known.last else { continue }
        var amount = last.post
        if last.derivativeHolding {
          let run = known.reversed().prefix { $0.derivativeHolding && $0.filing == last.filing }
          amount = run.reduce(Amount?.some(.zero)) { sum, f in sum.flatMap { s in f.post.map { s + $0 } } }
        }
        expected[key] = amount?.description ?? "unknown"
      }
      let report = try Corpus.store.holdings(HoldingsRequest(person: musk, issuer: "1318605", asOf: date, includeZero: true))
      var actual: [String: String] = [:]
      for p in report.positions {
        var facts = LineFacts(row: TableRow(table: p.derivative ? .derivative : .nonDerivative, kind: .holding, index: 0, row: ReportedRow(securityTitle: Reported(p.security), ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(p.ownership), natureOfOwnership: Reported(p.nature)))))
        facts.unit = p.unit
        facts.exercisePrice = p.exercisePrice?.description
        facts.expirationDate = p.expirationDate?.description
        facts.underlying = p.underlying
        actual[facts.key(issuerID: 0, ownerGroup: "musk")] = p.balance?.description ?? "unknown"
      }
      #expect(actual == expected, "as of \(date)")
    }
  }

  @Test(.needsCorpus) func noElementOfAnyDocumentIsDropped() throws {
    var checked = 0
    for e in Corpus.index {
      let data = try Data(contentsOf: Corpus.url(e))
      let filing = try Corpus.imported(e)
      let json = String(decoding: FilingJSON.encode(filing.document, pretty: false), as: UTF8.self)
      let xml: Data = EdgarSubmission.ownershipXML(in: data) ?? data
      guard case .success(let root) = XMLTree.parse(xml) else {
        Issue.record("\(e.file) does not parse")
        continue
      }
      var missing: [String] = []
      func visit(_ node: XMLElementNode, _ path: String) {
        if let id = node.attributes["id"], !json.contains("\"\(id)\"") { missing.append("\(path)@id=\(id)") }
        if node.children.isEmpty, let text = node.trimmedText {
          checked += 1
          let rendered: String
          if let a = Amount(text) { rendered = a.description } else if let d = LedgerDate(text) { rendered = d.description } else if let f = Flag(text: text) {
            rendered = f.value ? "true" : "false"
          } else {
            var s = ""
            JSONValue.escape(text, into: &s)
            rendered = String(s.dropFirst().dropLast()).replacingOccurrences(of: "/", with: "/")
          }
          if !json.contains(rendered) && !(node.name == "schemaVersion") { missing.append("\(path)=\(text.prefix(40))") }
        }
        for c in node.children { visit(c, path + "/" + c.name) }
      }
      visit(root, root.name)
      #expect(missing.isEmpty, "\(e.file): \(missing.prefix(5))")
    }
    #expect(checked > 20_000)
  }

  @Test(.needsCorpus) func aFootnoteOnlyValueStaysUnknownAndShowsItsFootnote() throws {
    // Musk's Form 3 (2010): warrants whose exercise price and dates are footnotes only.
    let report = try Corpus.store.holdings(HoldingsRequest(person: musk, issuer: "TSLA", asOf: LedgerDate("2010-06-30")!))
    let warrant = try #require(report.positions.first { $0.security.hasPrefix("Series C Preferred Stock Warrants") })
    #expect(warrant.exercisePrice == nil)
    #expect(warrant.exercisePriceFootnotes.first?.text?.contains("net exercised") == true)
    let json = report.json().rendered()
    #expect(json.contains(#""exercisePrice": null"#))
    #expect(!json.contains(#""exercisePrice": 0"#))
  }

  @Test(.needsCorpus) func valueDenominatedRowsStayInDollarsOnTheirOwnLines() throws {
    // Thiel at AbCellera: convertible notes reported by value.
    let doc = try #require(Corpus.index.first { $0.accession == "0000899243-20-034355" })
    let store = try LedgerStore()
    try store.append(try Corpus.imported(doc))
    let owner = try #require(try Corpus.imported(doc).document.reportingOwners.first?.reportingOwnerId.rptOwnerCik)
    let report = try store.holdings(HoldingsRequest(person: .cik(owner), asOf: LedgerDate("2020-12-31")!, includeZero: true))
    let valueLines = report.positions.filter { $0.unit == .value }
    #expect(!valueLines.isEmpty)
    for p in valueLines {
      let json = Position.jsonFor(p)
      #expect(json.contains(#""shares": null"#))
      #expect(!json.contains(#""value": null"#))
    }
    #expect(Set(report.positions.map(\.unit)).count == 2)
  }

  @Test(.needsCorpus) func jointFilersShareOneSetOfRowsCountedOnce() throws {
    // Berkshire Hathaway and Warren Buffett's joint Form 3 for Snowflake.
    let e = try #require(Corpus.index.first { $0.file == "dgunning/data/form3.snow.nonderiv.xml" })
    let store = try LedgerStore()
    let outcome = try store.append(try Corpus.imported(e))
    #expect(outcome == .recorded(filing: try PreparedFiling(Corpus.imported(e)).filing, events: 2))
    for owner in ["0000315090", "0001067983"] {
      let r = try store.holdings(HoldingsRequest(person: .cik(CIK(owner)!), asOf: LedgerDate("2020-12-31")!))
      #expect(r.positions.count == 1)
      #expect(r.positions.first?.owners.count == 2)
      #expect(r.positions.first?.balance == Amount(6_125_376))
      let h = try store.history(HistoryRequest(person: .cik(CIK(owner)!)))
      #expect(h.entries.count == 1)
    }
    let issuerSide = try store.holdings(HoldingsRequest(person: nil, issuer: "SNOW", asOf: LedgerDate("2020-12-31")!))
    #expect(issuerSide.positions.count == 1)
    #expect(issuerSide.positions.reduce(Amount.zero) { $0 + ($1.balance ?? .zero) } == Amount(6_125_376))
  }

  @Test(.needsCorpus) func anIssuerRenamedKeepsOneHistoryUnderItsLatestName() throws {
    let issuers = try Corpus.store.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM issuer WHERE cik = '0001318605'")
    }
    #expect(issuers == ["Tesla, Inc."])
    let early = try Corpus.store.holdings(HoldingsRequest(person: musk, issuer: "0001318605", asOf: LedgerDate("2010-07-03")!))
    #expect(!early.positions.isEmpty)
    #expect(early.positions.allSatisfy { $0.issuer.name == "Tesla, Inc." })
  }

  @Test(.needsCorpus) func anExplicitlyEmptyForm3IsRecordedWithNoPositions() throws {
    let e = try #require(Corpus.index.first { $0.file == "dgunning/data/form3.nosecurities.xml" })
    let filing = try Corpus.imported(e)
    #expect(filing.document.noSecuritiesOwned == Flag(true))
    let store = try LedgerStore()
    #expect(try store.append(filing) == .recorded(filing: PreparedFiling(filing).filing, events: 1))
    let owner = try #require(filing.document.reportingOwners.first?.reportingOwnerId.rptOwnerCik)
    #expect(try store.holdings(HoldingsRequest(person: .cik(owner), asOf: LedgerDate("2022-06-01")!)).positions.isEmpty)
  }

  @Test(.needsCorpus) func anXMLFileAndItsJSONRenderingAppendToTheSameEvents() throws {
    let e = try #require(Corpus.index.first { $0.accession == "0000899243-21-044060" })
    let fromXML = try Corpus.imported(e)
    let jsonData = FilingJSON.encode(fromXML.document)
    let fromJSON = try FilingReader.read(jsonData, file: "rendering.json")
    func events(_ f: ImportedFiling) throws -> [String] {
      let store = try LedgerStore()
      try store.append(f)
      return try store.read { db in try StoredPayloads.texts(db, "SELECT payload FROM event ORDER BY seq") }
    }
    let a = try events(fromXML)
    let b = try events(fromJSON)
    #expect(a.count == 32)  // the filing and its 31 rows
    #expect(Array(a.dropFirst()) == Array(b.dropFirst()))
    // The filing event differs only in where it was read from.
    func withoutSource(_ s: String) throws -> NSDictionary {
      var d = try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
      d.removeValue(forKey: "source")
      return d as NSDictionary
    }
    #expect(try withoutSource(a[0]) == withoutSource(b[0]))
    // And appending the rendering where the XML is recorded records nothing.
    let store = try LedgerStore()
    try store.append(fromXML)
    #expect(try store.append(fromJSON) == .alreadyRecorded(filing: FilingID(rawValue: "0000899243-21-044060")))
  }
}

extension Position {
  static func jsonFor(_ p: Position) -> String { p.json.rendered() }
}

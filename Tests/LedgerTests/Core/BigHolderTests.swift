import Foundation
import GRDB
@testable import LedgerCore
import Testing

/// A holder of many lines is read with a number of statements that does not grow with them.
@Suite struct BigHolderTests {
  /// A ledger where Jane Doe holds `lines` option lines and `lines` indirect stock lines at one
  /// issuer, each pair from a filing of its own, the options with a vesting footnote.
  static func store(lines: Int) throws -> LedgerStore {
    let store = try LedgerStore()
    for i in 0..<lines {
      let grant = Filings.grant("2024-01-02", options: "1000", after: "1000", price: String(10 + i), expires: "2034-01-02")
      var vesting = grant
      vesting.exerciseDate = Reported(nil, footnoteIds: ["F1"])
      let doc = Filings.document(
        period: "2024-01-02", accession: String(format: "0000000001-24-%06d", i + 1), filed: "2024-01-03",
        holdings1: [Filings.holding(String(100 + i), ownership: .indirect, nature: "By Trust \(i)")], table2: [vesting],
        footnotes: [Footnote(id: "F1", text: "The option vests in four equal annual installments beginning on January 2, 2025.")])
      try store.append(Filings.imported(doc))
    }
    return store
  }

  /// The statements one report runs, counted through SQLite's trace.
  static func statements(_ store: LedgerStore, _ report: (Database) throws -> Void) throws -> Int {
    try store.read { db in
      let count = Counter()
      db.trace(options: .statement) { _ in count.n += 1 }
      defer { db.trace(options: .statement, nil) }
      try report(db)
      return count.n
    }
  }

  final class Counter: @unchecked Sendable { var n = 0 }

  @Test func holdingsHistoryAndReconcileRunAsManyStatementsForFortyLinesAsForTen() throws {
    let small = try Self.store(lines: 10)
    let big = try Self.store(lines: 40)
    let jane = PersonSelector.cik(CIK("777")!)
    let asOf = LedgerDate("2026-06-01")!
    var counts: [[Int]] = []
    for store in [small, big] {
      let holdings = try Self.statements(store) { db in
        let r = try Holdings.compute(HoldingsRequest(person: jane, asOf: asOf), db, statements: StatementCache())
        // Both lines per filing, and each option half vested by then.
        #expect(r.positions.count == (store === small ? 20 : 80))
        #expect(r.positions.filter(\.derivative).allSatisfy { $0.exercisable == Amount(500) })
      }
      let history = try Self.statements(store) { db in _ = try History.compute(HistoryRequest(person: jane), db, statements: StatementCache()) }
      let reconcile = try Self.statements(store) { db in _ = try Reconciliation.compute(ReconcileRequest(person: jane), db, statements: StatementCache()) }
      counts.append([holdings, history, reconcile])
    }
    #expect(counts[0] == counts[1])
  }
}

/// Holdings of many lines are made a chunk of lines at a time; where the chunks break changes
/// nothing.
@Suite struct ChunkedHoldingsTests {
  @Test func chunksOfLinesGiveTheSamePositions() throws {
    let store = try BigHolderTests.store(lines: 10)
    let request = HoldingsRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2026-06-01")!)
    let whole = try store.holdings(request)
    // Ten option lines half vested, ten trust lines, and what they add up to.
    #expect(whole.positions.count == 20)
    #expect(whole.positions.filter(\.derivative).map(\.exercisable) == Array(repeating: Amount(500), count: 10))
    #expect(whole.beneficialOwnership.count == 1)
    for chunk in [1, 3, 7] {
      let chunked = try store.read { db in try Holdings.compute(request, db, chunkLines: chunk) }
      #expect(chunked.json() == whole.json(), "chunks of \(chunk) lines")
    }
    // JSON and CSV written a position at a time are the whole report's renderings.
    var json = ""
    whole.writeJSON { json += $0 }
    #expect(json == whole.json().rendered())
    var csv = ""
    whole.writeCSV { csv += $0 }
    #expect(csv == whole.csv().rendered())
  }
}

/// A history is made and written a chunk of rows at a time; what it says does not depend on
/// where the chunks break, and the pieces written add up to the whole report's rendering.
@Suite struct StreamedHistoryTests {
  @Test func chunksAndPiecesGiveTheWholeReport() throws {
    let store = try BigHolderTests.store(lines: 10)
    let request = HistoryRequest(person: .cik(CIK("777")!), vesting: true)
    let whole = try store.history(request)
    // Ten filings of two rows each: every row, every option line's vesting schedule.
    #expect(whole.entries.count == 20)
    #expect(whole.entries.filter(\.derivative).map(\.balance) == Array(repeating: Amount(1000), count: 10))
    #expect(whole.vesting?.count == 10)

    // Chunks of 7 rows: three reads of reported rows, the same entries.
    let chunked = try store.read { db in
      var entries: [HistoryEntry] = []
      _ = try History.compute(request, db, chunk: 7) { entries.append($0) }
      return entries
    }
    #expect(HistoryReport(person: whole.person, issuer: nil, knownAt: nil, entries: chunked, vesting: whole.vesting).json() == whole.json())

    // JSON, CSV and the table, written as the entries come.
    var json = ""
    try store.historyJSON(request) { json += $0 }
    #expect(json == whole.json().rendered())
    var csv = CSVTable.record(HistoryReport.csvHeader)
    var table = HistoryTable(showsOwners: false)
    let header = try store.history(request) {
      csv += CSVTable.record(HistoryReport.csvRow($0))
      table.add($0)
    }
    #expect(header.entries.isEmpty)
    #expect(csv == whole.csv().rendered())
    var pieces: [String] = []
    table.write(header) { pieces.append($0) }
    #expect(pieces.joined() == whole.table())
    #expect(whole.table().contains("Vesting of "))
  }

  /// Once whoever reads a history goes away, it stops after the chunk being made: the web
  /// view's thread is free again rather than making rows no one reads.
  @Test func aHistoryNoOneReadsStopsAfterItsChunk() throws {
    let store = try BigHolderTests.store(lines: 10)
    let request = HistoryRequest(person: .cik(CIK("777")!), vesting: true)
    let (made, report) = try store.read { db in
      var made = 0
      let report = try History.compute(request, db, chunk: 7, stopped: { made > 0 }) { _ in made += 1 }
      return (made, report)
    }
    #expect(made == 7)
    #expect(report.vesting == nil)
    // Not stopped: all twenty.
    var all = 0
    _ = try store.history(request, stopped: { false }) { _ in all += 1 }
    #expect(all == 20)
  }
}

/// Reconciliation of many lines is done a chunk at a time; where the chunks break changes
/// nothing: moves between lines and stale lines are found among the lines of one issuer and
/// owners, which a chunk keeps together, and lines of issuers of one name keep the order of
/// their ids.
@Suite struct ChunkedReconcileTests {
  @Test func chunksOfSiblingLinesGiveTheSameReport() throws {
    let store = try LedgerStore()
    let issuers = [("ACME CORP", "0000012345"), ("INITECH INC", "0000012346"), ("ACME CORP", "0000012347"), ("GLOBEX INC", "0000012348")]
    func file(
      _ i: Int, _ n: Int, form: FormType = .form4, _ period: String, _ t1: [ReportedRow] = [], _ h1: [ReportedRow] = [],
      _ t2: [ReportedRow] = [], _ h2: [ReportedRow] = [], owner: ReportingOwner = Filings.owner("DOE JANE", cik: "0000000777")
    ) throws {
      try store.append(Filings.imported(Filings.document(
        form: form, period: period, accession: String(format: "0000000001-21-%06d", i * 10 + n), filed: period,
        issuer: Filings.issuer(issuers[i].0, cik: issuers[i].1, ticker: nil), owners: [owner], table1: t1, holdings1: h1, table2: t2,
        holdings2: h2)))
    }
    // A Form 3 opens a trust's stock and preferred stock the IPO converts under another title.
    for i in issuers.indices {
      try file(i, 1, form: .form3, "2021-01-04", [], [Filings.holding("500", ownership: .indirect, nature: "By Trust")], [],
        [Filings.derivative(after: nil, security: "Series A Preferred Stock", underlyingShares: "1000")])
    }
    // The direct lines open in the other order: the second ACME's has the lower id.
    for i in issuers.indices.reversed() { try file(i, 2, "2021-02-01", [], [Filings.holding("1000")]) }
    // 300 shares went from the direct line to the trust without a row saying so.
    for i in issuers.indices {
      try file(i, 3, "2021-03-01", [
        Filings.trade("2021-03-01", code: .S, .disposed, shares: "100", after: "600"),
        Filings.trade("2021-03-01", code: .S, .disposed, shares: "100", after: "700", ownership: .indirect, nature: "By Trust"),
      ], [], [Filings.derivative("2021-03-01", code: .C, .disposed, shares: "1000", after: "0", security: "Series A Convertible Preferred Stock")])
    }
    // Another owner at the first issuer moves shares the same way.
    let roe = Filings.owner("ROE JOHN", cik: "0000000888")
    try file(0, 4, "2021-02-01", [], [Filings.holding("1000"), Filings.holding("500", ownership: .indirect, nature: "By Trust")], owner: roe)
    try file(0, 5, "2021-03-01", [
      Filings.trade("2021-03-01", code: .S, .disposed, shares: "100", after: "600"),
      Filings.trade("2021-03-01", code: .S, .disposed, shares: "100", after: "700", ownership: .indirect, nature: "By Trust"),
    ], owner: roe)
    let request = ReconcileRequest(person: .cik(CIK("777")!))
    let whole = try store.reconcile(request)
    // Per issuer: the direct and the trust line each break by the move, the converted stock
    // first appears at its conversion, and the preferred stock is stale.
    #expect(whole.linesChecked == 16)
    #expect(whole.lines.count == 12)
    #expect(whole.lines.flatMap(\.breaks).filter { $0.cause?.kind == "moved-between-lines" }.count == 8)
    #expect(whole.staleLines.map(\.issuer.cik?.rawValue) == ["0000012345", "0000012347", "0000012348", "0000012346"])
    #expect(whole.lines.prefix(4).map(\.label) == ["Common Stock · D", "Common Stock · D", "Common Stock · I: By Trust", "Common Stock · I: By Trust"])
    #expect(whole.lines.prefix(4).map(\.issuer.cik?.rawValue) == ["0000012347", "0000012345", "0000012345", "0000012347"])
    let issuerWide = ReconcileRequest(person: nil, issuer: "0000012345")
    let wholeIssuer = try store.reconcile(issuerWide)
    #expect(wholeIssuer.linesChecked == 6)
    #expect(wholeIssuer.lines.flatMap(\.breaks).filter { $0.cause?.kind == "moved-between-lines" }.count == 4)
    for chunk in [1, 5, 9] {
      let chunked = try store.read { db in try Reconciliation.compute(request, db, chunkLines: chunk) }
      #expect(chunked.json() == whole.json(), "chunks of \(chunk) lines")
      let chunkedIssuer = try store.read { db in try Reconciliation.compute(issuerWide, db, chunkLines: chunk) }
      #expect(chunkedIssuer.json() == wholeIssuer.json(), "chunks of \(chunk) lines at one issuer")
    }
  }
}

/// A listing of the whole ledger reads its entries a chunk at a time in the order they were
/// written; where the chunks break (inside a line, inside a filing) changes nothing, and rows
/// an amendment restates stay out.
@Suite struct ChunkedTransactionsTests {
  @Test func chunksOfEntriesGiveTheSameTransactions() throws {
    let later = (1...3).map { i in
      Filings.document(
        period: "2024-04-0\(i)", accession: "0000000001-24-00030\(i)", filed: "2024-04-0\(i + 2)",
        table1: [Filings.trade("2024-04-0\(i)", code: .S, .disposed, shares: "10", after: String(1100 - 10 * i))])
    }
    let store = try AmendmentTests.store([AmendmentTests.original, AmendmentTests.amendment] + later)
    func listed(_ request: TransactionsRequest, chunk: Int = Transactions.scanChunk) throws -> [String] {
      try store.read { db in try Transactions.compute(request, db, scanChunk: chunk) }.transactions.map {
        "\($0.date) \($0.filing.rawValue) \($0.row) \($0.code?.rawValue ?? "") \($0.shares?.description ?? "?")"
      }
    }
    // The original's rows are restated by its 4/A: only the amendment's count.
    let all = [
      "2024-03-01 0000000001-24-000200 nonDerivativeTable.transactions[0] P 100",
      "2024-03-01 0000000001-24-000200 derivativeTable.transactions[0] A 1200",
      "2024-04-01 0000000001-24-000301 nonDerivativeTable.transactions[0] S 10",
      "2024-04-02 0000000001-24-000302 nonDerivativeTable.transactions[0] S 10",
      "2024-04-03 0000000001-24-000303 nonDerivativeTable.transactions[0] S 10",
    ]
    let window = TransactionsRequest(from: LedgerDate("2024-04-02"), to: LedgerDate("2024-04-30"), codes: [.S])
    // Known before the 4/A was filed, the original's rows count.
    let before = TransactionsRequest(knownAt: LedgerDate("2024-03-19"))
    for chunk in [1, 2, 3, Transactions.scanChunk] {
      #expect(try listed(TransactionsRequest(), chunk: chunk) == all, "chunks of \(chunk)")
      #expect(try listed(window, chunk: chunk) == Array(all[3...]), "chunks of \(chunk)")
      #expect(
        try listed(before, chunk: chunk) == [
          "2024-03-01 0000000001-24-000100 nonDerivativeTable.transactions[0] P 100",
          "2024-03-01 0000000001-24-000100 derivativeTable.transactions[0] A 1000",
        ], "chunks of \(chunk)")
    }
  }
}

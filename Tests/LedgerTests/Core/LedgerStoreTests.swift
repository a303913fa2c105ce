import Foundation
import GRDB
import Testing

@testable import LedgerCore

@Suite struct LedgerStoreTests {
  let store = try! LedgerStore()

  @Test func aFilingIsOneEventPlusOnePerRow() throws {
    let doc = Filings.document(
      period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03",
      table1: [Filings.trade("2024-01-02", shares: "100", after: "100"), Filings.trade("2024-01-02", shares: "100", after: "200")],
      holdings1: [Filings.holding("50", ownership: .indirect, nature: "By Trust")])
    let outcome = try store.append(Filings.imported(doc))
    #expect(outcome == .recorded(filing: FilingID(rawValue: "0000000001-24-000001"), events: 4))
    #expect(try store.eventCount() == 4)
  }

  @Test func twoIdenticalRowsInOneFilingAreTwoRows() throws {
    let row = Filings.trade("2024-01-02", code: .S, .disposed, shares: "10", after: "90")
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000002", filed: "2024-01-03", table1: [row, row])
    try store.append(Filings.imported(doc))
    let history = try store.history(HistoryRequest(person: .cik(CIK("777")!)))
    #expect(history.entries.count == 2)
    #expect(history.entries.map(\.row) == ["nonDerivativeTable.transactions[0]", "nonDerivativeTable.transactions[1]"])
  }

  @Test func theSameFilingTwiceIsRecordedOnce() throws {
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000003", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    try store.append(Filings.imported(doc))
    let again = try store.append(Filings.imported(doc, name: "copy.json"))
    #expect(again == .alreadyRecorded(filing: FilingID(rawValue: "0000000001-24-000003")))
    #expect(try store.eventCount() == 2)
  }

  @Test func anotherDocumentUnderARecordedAccessionIsRefusedNamingBoth() throws {
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000004", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    try store.append(Filings.imported(doc, name: "first.json"))
    var other = doc
    other.nonDerivativeTable = Table(transactions: [Filings.trade("2024-01-02", shares: "2", after: "2")])
    #expect(throws: LedgerError.accessionConflict(file: "second.json", accession: "0000000001-24-000004", recordedFrom: "first.json")) {
      try store.append(Filings.imported(other, name: "second.json"))
    }
    #expect(try store.eventCount() == 2)
  }

  /// A batch is one transaction in which a refused filing leaves no trace and the others are
  /// recorded: the same with a savepoint around each filing (the fallback) as without (how
  /// batches run, since refusals come before any write).
  @Test func aRefusedFilingInABatchLeavesTheOthersWholeWithOrWithoutSavepoints() throws {
    let first = Filings.document(period: "2024-01-02", accession: "0000000001-24-000004", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    var conflicting = first
    conflicting.nonDerivativeTable = Table(transactions: [Filings.trade("2024-01-02", shares: "2", after: "2")])
    let third = Filings.document(
      period: "2024-02-02", accession: "0000000001-24-000005", filed: "2024-02-03",
      table1: [Filings.trade("2024-02-02", shares: "3", after: "4"), Filings.trade("2024-02-02", shares: "1", after: "5")])
    let batch = [
      PreparedFiling(try Filings.imported(first, name: "first.json")), PreparedFiling(try Filings.imported(conflicting, name: "second.json")),
      PreparedFiling(try Filings.imported(third, name: "third.json")),
    ]
    var digests: [String] = []
    for savepoints in [false, true] {
      let store = try LedgerStore()
      let results = try LedgerStore.inTransaction(store.queue) { db in
        var projector = Projector()
        return try Recorder.record(batch, in: db, savepoints: savepoints, projector: &projector)
      }
      #expect(results.count == 3)
      #expect(try results[0].get() == .recorded(filing: batch[0].filing, events: 2))
      #expect(throws: LedgerError.accessionConflict(file: "second.json", accession: "0000000001-24-000004", recordedFrom: "first.json")) {
        try results[1].get()
      }
      #expect(try results[2].get() == .recorded(filing: batch[2].filing, events: 3))
      #expect(try store.eventCount() == 5)
      let report = try store.verify()
      #expect(report.passed)
      digests.append(report.digest)
    }
    #expect(digests[0] == digests[1])
  }

  /// A bulk append remembers people, issuers and lines from one batch to the next, and forgets
  /// them when another connection has committed in between (SQLite's data version says so):
  /// interleaved with a second writer, the ledger comes out as one writer would make it.
  @Test func identitiesRememberedAcrossBatchesAreForgottenWhenAnotherWriterCommits() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("shared.sqlite").path
    var one = LedgerConfiguration()
    one.transactionFilings = 1
    let a = try LedgerStore(path: path, mode: .readWrite, configuration: one)
    let b = try LedgerStore(path: path, mode: .readWrite, configuration: one)
    let owners = [Filings.owner("DOE JANE", cik: "0000000777"), Filings.owner("ROE RICHARD", cik: "0000000888")]
    func filing(_ n: Int) throws -> PreparedFiling {
      let day = String(format: "2024-01-%02d", n)
      let doc = Filings.document(
        period: day, accession: String(format: "0000000001-24-%06d", n), filed: day, owners: [owners[n % 2]],
        table1: [Filings.trade(day, shares: "1", after: "\(n)")])
      return PreparedFiling(try Filings.imported(doc, name: "\(n).json"))
    }
    let memory = ProjectionMemory()
    // As a bulk append writes: batches, one transaction each here.
    func bulk(_ store: LedgerStore, _ batches: [[PreparedFiling]]) throws {
      var queued = batches[...]
      try store.append(batches: { queued.popFirst() }, memory: memory) { _ in }
    }
    try bulk(a, [[try filing(1), try filing(2)]])
    let before = try a.queue.read(ProjectionMemory.dataVersion)
    // The memory holds what the batch learnt, as of the version its transaction began at.
    #expect(!memory.take(at: before).people.isEmpty)
    try bulk(a, [[try filing(3)]])
    #expect(try a.queue.read(ProjectionMemory.dataVersion) == before, "a connection's own commits leave its data version alone")
    _ = try b.append(prepared: [try filing(4)])
    let after = try a.queue.read(ProjectionMemory.dataVersion)
    #expect(after != before, "another connection's commit changes the data version")
    #expect(memory.take(at: after).people.isEmpty)
    try bulk(a, [[try filing(5)], [try filing(6)]])
    _ = try b.append(prepared: [try filing(7)])
    try bulk(a, [[try filing(8)]])
    let report = try a.verify()
    #expect(report.passed)
    let alone = try LedgerStore()
    for n in 1...8 { _ = try alone.append(prepared: [try filing(n)]) }
    #expect(try alone.verify().digest == report.digest)
    #expect(try a.eventCount() == 16)
  }

  /// A bulk append puts several batches in one transaction and reports them, in order, once it
  /// commits; names and titles, written once at the end of each transaction, come out as when
  /// every filing is a transaction of its own.
  @Test func batchesShareTransactionsAndAreReportedOnceTheyCommit() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("bulk.sqlite").path
    var three = LedgerConfiguration()
    three.transactionFilings = 3
    let store = try LedgerStore(path: path, mode: .readWrite, configuration: three)
    // One owner under three spellings of his name and one line under two of its title, filed out
    // of order: the latest filing's spelling is the one shown.
    let spellings = ["ROE RICHARD", "Roe Richard", "ROE RICHARD A"]
    let titles = ["Common Stock", "COMMON STOCK"]
    func filing(_ n: Int) throws -> PreparedFiling {
      let day = String(format: "2024-01-%02d", n)
      let trade = Filings.trade(day, shares: "1", after: "\(n)", security: titles[n % 2])
      let doc = Filings.document(
        period: day, accession: String(format: "0000000001-24-%06d", n), filed: day, owners: [Filings.owner(spellings[n % 3], cik: "0000000888")],
        table1: [trade])
      return PreparedFiling(try Filings.imported(doc, name: "\(n).json"))
    }
    let order = [3, 1, 7, 2, 9, 4, 8, 5, 6]
    var batches = try [[order[0], order[1]], [order[2]], [order[3], order[4], order[5]], [order[6], order[7], order[8]]].map { try $0.map(filing) }[...]
    var commits: [[String]] = []
    var versions: [Int64] = []
    try store.append(batches: { batches.popFirst() }, memory: ProjectionMemory()) { outcomes in
      // Reported after the commit: another connection sees the transaction's filings.
      versions.append(try DatabaseQueue(path: path).read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM filing") ?? 0 })
      commits.append(outcomes.flatMap { $0.map { (try? $0.get()).map { "\($0)" } ?? "refused" } })
    }
    // Transactions of at least three filings: batches 1 and 2, then 3, then 4.
    #expect(commits.map(\.count) == [3, 3, 3])
    #expect(versions == [3, 6, 9])
    #expect(commits[0].first == "recorded(filing: 0000000001-24-000003, events: 2)")
    let alone = try LedgerStore()
    for n in order { _ = try alone.append(prepared: [try filing(n)]) }
    #expect(try alone.verify().digest == store.verify().digest)
    let holdings = try store.holdings(HoldingsRequest(person: .cik(CIK("888")!), asOf: LedgerDate("2024-12-31")!))
    // Filing 9 is the latest: spelling 9 % 3 = 0, title 9 % 2 = 1.
    #expect(holdings.person?.name == "ROE RICHARD")
    #expect(holdings.positions.map(\.security) == ["COMMON STOCK"])
  }

  /// A bulk append folds the WAL back into the file as it goes (on a second connection, and
  /// on the writer's once the WAL reaches its bound), so the WAL starts again from its
  /// beginning instead of growing with the input; the ledger is the one a plain append makes.
  @Test func aBulkAppendKeepsTheWALBounded() throws {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    func filing(_ n: Int) throws -> PreparedFiling {
      let day = String(format: "2024-%02d-%02d", 1 + n / 28 % 12, 1 + n % 28)
      let doc = Filings.document(
        period: day, accession: String(format: "0000000001-24-%06d", n), filed: day,
        owners: [Filings.owner("OWNER \(n % 50)", cik: String(format: "%010d", 1000 + n % 50))],
        table1: (0..<4).map { Filings.trade(day, shares: "\($0 + 1)", after: "\(n + $0)", security: "Class \(n % 7)") })
      return PreparedFiling(try Filings.imported(doc, name: "\(n).json"))
    }
    let filings = try (0..<600).map(filing)
    // The WAL's size (it is never made shorter, so its high-water mark) with the ledger still open.
    func walBytes(checkpointPages: Int) throws -> (Int, String) {
      let path = dir.appendingPathComponent("wal-\(checkpointPages).sqlite").path
      var configuration = LedgerConfiguration()
      configuration.transactionFilings = 20
      configuration.checkpointPages = checkpointPages
      let store = try LedgerStore(path: path, mode: .readWrite, configuration: configuration)
      var batches = stride(from: 0, to: filings.count, by: 10).map { Array(filings[$0..<min($0 + 10, filings.count)]) }[...]
      try store.append(batches: { batches.popFirst() }, memory: ProjectionMemory()) { _ in }
      let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
      return (size, try store.verify().digest)
    }
    let (bounded, digest) = try walBytes(checkpointPages: 40)
    let (unbounded, _) = try walBytes(checkpointPages: 1_000_000)
    let page = 16 * 1024 + 24
    #expect(unbounded > 200 * page, "without checkpoints the WAL holds every page the append wrote")
    #expect(bounded <= 80 * page, "\(bounded / page) frames")
    let alone = try LedgerStore()
    _ = try alone.append(prepared: filings)
    #expect(try alone.verify().digest == digest)
  }

  /// Each remembered map is forgotten when it outgrows its limit, so memory stays flat.
  @Test func rememberedIdentitiesAreBounded() {
    let memory = ProjectionMemory()
    var maps = ProjectionMemory.Maps()
    for k in 0...ProjectionMemory.limit { maps.people["\(k)"] = Int64(k) }
    maps.issuers["1"] = 1
    memory.keep(maps, began: 7)
    let kept = memory.take(at: 7)
    #expect(kept.people.isEmpty)
    #expect(kept.issuers == ["1": 1])
    #expect(memory.take(at: 7).issuers.isEmpty, "taken maps are the transaction's, not kept twice")
  }

  @Test func aFilingWithoutAccessionGetsAStableIdentityFromItsContent() throws {
    let doc = Filings.document(period: "2024-01-02", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    let a = try store.append(Filings.imported(doc))
    let other = try LedgerStore()
    let b = try other.append(Filings.imported(doc, name: "elsewhere.json"))
    guard case .recorded(let idA, _) = a, case .recorded(let idB, _) = b else {
      Issue.record("not recorded")
      return
    }
    #expect(idA == idB)
    #expect(idA.isEstimated)
    #expect(idA.rawValue.hasPrefix("content-"))
    #expect(try store.append(Filings.imported(doc)) == .alreadyRecorded(filing: idA))
  }

  @Test func addingACIKLaterDoesNotSplitAPersonsHistory() throws {
    let paper = Filings.document(
      period: "2004-04-06", issuer: Filings.issuer("SONUS NETWORKS INC", cik: nil, ticker: "SONSE"),
      owners: [Filings.owner("NOTINI ALBERT A")], table1: [Filings.trade("2004-04-06", shares: "100", after: "100")])
    let electronic = Filings.document(
      period: "2004-05-06", accession: "0001000000-04-000001", filed: "2004-05-07",
      issuer: Filings.issuer("Sonus Networks, Inc.", cik: "0001105472", ticker: "SONS"),
      owners: [Filings.owner("Notini Albert A", cik: "0001234567")], table1: [Filings.trade("2004-05-06", shares: "50", after: "150")])
    for order in [[paper, electronic], [electronic, paper]] {
      let store = try LedgerStore()
      for d in order { try store.append(Filings.imported(d)) }
      let report = try store.holdings(HoldingsRequest(person: .name("notini"), asOf: LedgerDate("2004-06-01")!))
      #expect(report.positions.count == 1)
      #expect(report.positions.first?.balance == Amount(150))
      #expect(report.person?.cik == CIK("1234567"))
      #expect(report.positions.first?.issuer.cik == CIK("1105472"))
      let history = try store.history(HistoryRequest(person: .cik(CIK("1234567")!)))
      #expect(history.entries.count == 2)
    }
  }

  @Test func aCIKLessFilingUnderANameTwoCIKsShareJoinsOnlyACIKThatHadTheNameAlone() throws {
    let issuer = Filings.issuer("SONUS NETWORKS INC", cik: "0001105472", ticker: "SONS")
    func filing(_ cik: String?, _ date: String, accession: String?, after: String) -> OwnershipDocument {
      Filings.document(
        period: date, accession: accession, filed: accession == nil ? nil : date, issuer: issuer,
        owners: [Filings.owner("SMITH JOHN", cik: cik)], table1: [Filings.trade(date, shares: "10", after: after)])
    }
    let first = filing("0000000001", "2010-01-04", accession: "0000000001-10-000001", after: "100")
    let second = filing("0000000002", "2010-01-05", accession: "0000000002-10-000001", after: "200")
    let paper = filing(nil, "2010-01-06", accession: nil, after: "110")
    /// Each person's balance by CIK ("no CIK" for a person the paper filing made).
    func balances(_ order: [OwnershipDocument]) throws -> [String: String] {
      let store = try LedgerStore()
      for d in order { try store.append(Filings.imported(d)) }
      let ciks = try store.read { db in try String?.fetchAll(db, sql: "SELECT cik FROM person ORDER BY id") }
      var result: [String: String] = [:]
      for cik in ciks {
        guard let cik else {
          result["no CIK"] = "a person of its own"
          continue
        }
        let report = try store.holdings(HoldingsRequest(person: .cik(CIK(cik)!), asOf: LedgerDate("2010-02-01")!))
        result[cik] = report.positions.first?.balance?.description ?? "none"
      }
      return result
    }
    // The paper filing came when the name had one CIK: it joined that person.
    #expect(try balances([first, paper, second]) == ["0000000001": "110", "0000000002": "200"])
    #expect(try balances([paper, first, second]) == ["0000000001": "110", "0000000002": "200"])
    // It came after two CIKs had filed under the name: it is a person of its own.
    #expect(try balances([first, second, paper]) == ["0000000001": "100", "0000000002": "200", "no CIK": "a person of its own"])
  }

  @Test func payloadsAreSortedJSONWithDecimalStrings() throws {
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000005", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "259605.40", after: "259605.40", price: "12.3456")])
    try store.append(Filings.imported(doc))
    let payloads = try store.read { db in try StoredPayloads.texts(db, "SELECT payload FROM event ORDER BY seq") }
    let row = payloads[1]
    #expect(row.contains(#""transactionShares":"259605.4""#))
    #expect(row.contains(#""transactionPricePerShare":"12.3456""#))
    // Keys appear in sorted order at the top level.
    let keys = ["index", "kind", "row", "table"].map { row.range(of: "\"\($0)\":")!.lowerBound }
    #expect(keys == keys.sorted())
  }

  @Test func theHashChainCanBeRecomputedFromTheStoredEvents() throws {
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000006", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    try store.append(Filings.imported(doc))
    try store.append(Filings.imported(Filings.document(period: "2024-02-02", accession: "0000000001-24-000007", filed: "2024-02-03", table1: [Filings.trade("2024-02-02", shares: "1", after: "2")])))
    let rows = try store.read { db in try GRDB.Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY seq") }
    var previous = EventLog.genesis
    for (i, row) in rows.enumerated() {
      #expect(row["seq"] as Int64 == Int64(i + 1))
      let payload = try store.read { db in try StoredPayloads.canonical(row["payload"], db) }
      let expected = EventLog.chain(previous: previous, seq: row["seq"], type: row["type"], filing: row["filing"], payload: payload)
      #expect(expected == row["hash"] as Data)
      previous = row["hash"]
    }
    #expect(rows.count == 4)
  }

  @Test func theLogRefusesUpdateAndDeleteEvenFromInside() throws {
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000008", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    try store.append(Filings.imported(doc))
    let dir = Paths.temporaryDirectory()
    let path = dir.appendingPathComponent("l.sqlite").path
    let onDisk = try LedgerStore(path: path, mode: .readWrite)
    try onDisk.append(Filings.imported(doc))
    let queue = try DatabaseQueue(path: path)
    #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE event SET payload = '{}' WHERE seq = 1") } }
    #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM event") } }
    #expect(throws: DatabaseError.self) {
      try queue.write { try $0.execute(sql: "INSERT INTO event (seq, type, filing, payload, hash) VALUES (10, 'RowReported', 'x', '{}', zeroblob(32))") }
    }
    #expect(try onDisk.eventCount() == 2)
  }

  @Test func rebuildReproducesTheProjectionsExactly() throws {
    let docs = [
      Filings.document(period: "2024-01-02", accession: "0000000001-24-000010", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "10", after: "10")], table2: [Filings.grant("2024-01-02", options: "1000", after: "1000", price: "5", expires: "2034-01-02")]),
      Filings.document(period: "2024-03-02", accession: "0000000001-24-000011", filed: "2024-03-03", table1: [Filings.trade("2024-03-02", code: .S, .disposed, shares: "4", after: "6")]),
    ]
    for d in docs { try store.append(Filings.imported(d)) }
    func dump() throws -> [String] {
      try store.read { db in
        try ["person", "issuer", "filing", "line", "entry", "line_owner", "filing_owner"].flatMap { table in
          try GRDB.Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { "\(table): \($0)" }
        }
      }
    }
    let before = try dump()
    #expect(try store.rebuild() == 5)
    #expect(try dump() == before)
    #expect(before.count > 8)
  }
}

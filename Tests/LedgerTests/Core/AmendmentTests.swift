import Foundation
import GRDB
import LedgerCore
import LedgerGenerator
import Testing

/// Amendments: linking, non-destructive supersession, and the known-time axis.
@Suite struct AmendmentTests {
  let jane = PersonSelector.cik(CIK("777")!)

  /// An original Form 4 filed 2024-03-05: 100 shares bought (1,100 after), 1,000 options granted.
  static let original = Filings.document(
    period: "2024-03-01", accession: "0000000001-24-000100", filed: "2024-03-05",
    table1: [Filings.trade("2024-03-01", shares: "100", after: "1100")],
    table2: [Filings.grant("2024-03-01", options: "1000", after: "1000", price: "10", expires: "2034-03-01")])

  /// Its 4/A filed 2024-03-20: the same Table I row, and the grant corrected to 1,200.
  static let amendment = Filings.document(
    form: .form4A, period: "2024-03-01", accession: "0000000001-24-000200", filed: "2024-03-20",
    table1: [Filings.trade("2024-03-01", shares: "100", after: "1100")],
    table2: [Filings.grant("2024-03-01", options: "1200", after: "1200", price: "10", expires: "2034-03-01")],
    original: "2024-03-05")

  static func store(_ docs: [OwnershipDocument]) throws -> LedgerStore {
    let store = try LedgerStore()
    for d in docs { try store.append(Filings.imported(d)) }
    return store
  }

  func balances(_ store: LedgerStore, asOf: String = "2024-12-31", knownAt: String? = nil) throws -> [String: String] {
    let r = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate(asOf)!, knownAt: knownAt.flatMap { LedgerDate($0) }))
    var out: [String: String] = [:]
    for p in r.positions { out[p.derivative ? "options" : "common"] = "\(p.balance?.description ?? "?") Δ\(p.deltaSum?.description ?? "?")" }
    return out
  }

  /// Every user-visible output, for order-independence checks.
  func outputs(_ store: LedgerStore, knownAt: LedgerDate? = nil) throws -> String {
    let h = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-12-31")!, knownAt: knownAt, includeZero: true))
    let hist = try store.history(HistoryRequest(person: jane, knownAt: knownAt))
    let a = try store.amendments(AmendmentsRequest(knownAt: knownAt))
    let r = try store.reconcile(ReconcileRequest(person: jane, knownAt: knownAt))
    return [h.json().rendered(), h.table(), h.csv().rendered(), hist.json().rendered(), hist.table(), a.json().rendered(), a.table(), r.json().rendered()]
      .joined(separator: "\n---\n")
  }

  @Test func theAmendedAmountIsInForceAndTheRepeatedRowCountsOnce() throws {
    let store = try Self.store([Self.original, Self.amendment])
    #expect(try balances(store) == ["common": "1100 Δ100", "options": "1200 Δ1200"])
    let history = try store.history(HistoryRequest(person: jane))
    let statuses = history.entries.map { "\($0.filing) \($0.row) \($0.status.rawValue) \($0.supersededBy?.rawValue ?? "-")" }
    #expect(statuses.sorted() == [
      "0000000001-24-000100 derivativeTable.transactions[0] superseded 0000000001-24-000200",
      "0000000001-24-000100 nonDerivativeTable.transactions[0] superseded 0000000001-24-000200",
      "0000000001-24-000200 derivativeTable.transactions[0] in force -",
      "0000000001-24-000200 nonDerivativeTable.transactions[0] in force -",
    ])
    let json = history.json().rendered()
    #expect(json.contains(#""status": "superseded""#))
    #expect(json.contains(#""supersededBy": "0000000001-24-000200""#))
    #expect(history.table().contains("superseded by 0000000001-24-000200"))
    // Nothing was deleted: the original's rows are still events.
    #expect(try store.eventCount() == 7)
  }

  @Test func knownTheDayBeforeTheAmendmentTheOriginalAmountShows() throws {
    let store = try Self.store([Self.original, Self.amendment])
    #expect(try balances(store, knownAt: "2024-03-19") == ["common": "1100 Δ100", "options": "1000 Δ1000"])
    #expect(try balances(store, knownAt: "2024-03-20") == ["common": "1100 Δ100", "options": "1200 Δ1200"])
    #expect(try balances(store, knownAt: "2024-03-04") == [:])
    #expect(try balances(store, knownAt: "2024-03-05") == ["common": "1100 Δ100", "options": "1000 Δ1000"])
    let json = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-12-31")!, knownAt: LedgerDate("2024-03-19"))).json().rendered()
    #expect(json.contains(#""knownAt": "2024-03-19""#))
    let history = try store.history(HistoryRequest(person: jane, knownAt: LedgerDate("2024-03-19")))
    #expect(history.entries.count == 2)
    #expect(history.entries.allSatisfy { $0.status == .inForce })
  }

  @Test func theAmendmentBeforeItsOriginalGivesTheSameOutputs() throws {
    let forward = try Self.store([Self.original, Self.amendment])
    let backward = try Self.store([Self.amendment, Self.original])
    #expect(try outputs(forward) == outputs(backward))
    for k in ["2024-03-04", "2024-03-05", "2024-03-19", "2024-03-20"] {
      #expect(try outputs(forward, knownAt: LedgerDate(k)) == outputs(backward, knownAt: LedgerDate(k)), "known at \(k)")
    }
    // Before the original arrives the amendment is pending and its rows count.
    let alone = try Self.store([Self.amendment])
    #expect(try balances(alone) == ["common": "1100 Δ100", "options": "1200 Δ1200"])
    let listing = try alone.amendments(AmendmentsRequest())
    #expect(listing.amendments.map(\.status) == [.pending])
    #expect(try alone.history(HistoryRequest(person: jane)).entries.allSatisfy { $0.status == .pending })
  }

  @Test func everyLinkIsAnEventWithItsMethodAndCandidates() throws {
    let store = try Self.store([Self.amendment, Self.original])
    let links = try store.read { db in
      try StoredPayloads.texts(db, "SELECT payload FROM event WHERE type = 'AmendmentResolved' ORDER BY seq")
    }
    #expect(links.count == 2)
    #expect(links[0].contains(#""status":"pending""#))
    #expect(links[1].contains(#""status":"linked""#))
    #expect(links[1].contains(#""method":"exact-date""#))
    #expect(links[1].contains(#""original":"0000000001-24-000100""#))
    #expect(links[1].contains(#""candidates":[{"filedAt":"2024-03-05","filing":"0000000001-24-000100","form":"4"}]"#))
  }

  @Test func aChainOfTwoAmendmentsTheLatestWins() throws {
    let second = Filings.document(
      form: .form4A, period: "2024-03-01", accession: "0000000001-24-000300", filed: "2024-03-25",
      table2: [Filings.grant("2024-03-01", options: "1300", after: "1300", price: "10", expires: "2034-03-01")], original: "2024-03-05")
    let store = try Self.store([Self.original, Self.amendment, second])
    #expect(try balances(store) == ["common": "1100 Δ100", "options": "1300 Δ1300"])
    #expect(try balances(store, knownAt: "2024-03-24") == ["common": "1100 Δ100", "options": "1200 Δ1200"])
    let superseded = try store.history(HistoryRequest(person: jane)).entries.filter { $0.status == .superseded }
    #expect(Set(superseded.map { "\($0.filing) \($0.derivative) \($0.supersededBy!)" }) == [
      "0000000001-24-000100 true 0000000001-24-000300", "0000000001-24-000200 true 0000000001-24-000300",
      "0000000001-24-000100 false 0000000001-24-000200",
    ])
    let permutations = [[Self.original, Self.amendment, second], [second, Self.amendment, Self.original], [Self.amendment, second, Self.original]]
    let first = try outputs(Self.store(permutations[0]))
    for p in permutations.dropFirst() { #expect(try outputs(Self.store(p)) == first) }
  }

  @Test func anAmendmentWithOneTableKeepsTheOriginalsOtherTable() throws {
    let onlyTable2 = Filings.document(
      form: .form4A, period: "2024-03-01", accession: "0000000001-24-000201", filed: "2024-03-20",
      table2: [Filings.grant("2024-03-01", options: "900", after: "900", price: "10", expires: "2034-03-01")], original: "2024-03-05")
    let store = try Self.store([Self.original, onlyTable2])
    #expect(try balances(store) == ["common": "1100 Δ100", "options": "900 Δ900"])
    let listing = try store.amendments(AmendmentsRequest())
    #expect(listing.amendments.first?.tables == [.derivative])
  }

  @Test func aHoldingsOnlyAmendmentReplacesTheTableItRestates() throws {
    let holdingsOnly = Filings.document(
      form: .form4A, period: "2024-03-01", accession: "0000000001-24-000202", filed: "2024-03-20",
      holdings1: [Filings.holding("1050")], original: "2024-03-05")
    let store = try Self.store([Self.original, holdingsOnly])
    // Table I now says 1,050 held (no transaction); Table II is the original's.
    #expect(try balances(store) == ["common": "1050 Δ0", "options": "1000 Δ1000"])
  }

  @Test func anAmendmentRepeatingTheOnlyRowChangesNothing() throws {
    let original = Filings.document(
      period: "2021-12-14", accession: "0000000001-21-000010", filed: "2021-12-15", table1: [Filings.trade("2021-12-14", code: .A, shares: "661", after: "5661", price: "0")])
    let repeat_ = Filings.document(
      form: .form4A, period: "2021-12-14", accession: "0000000001-22-000001", filed: "2022-01-13",
      table1: [Filings.trade("2021-12-14", code: .A, shares: "661", after: "5661", price: "0")], original: "2021-12-15")
    let alone = try Self.store([original])
    let before = try balances(alone)
    let store = try Self.store([original, repeat_])
    #expect(try balances(store) == before)
    #expect(before == ["common": "5661 Δ661"])
    // Reconciliation sees the one row once (a first appearance), not twice.
    let breaks = try store.reconcile(ReconcileRequest(person: jane)).lines.flatMap(\.breaks)
    #expect(breaks.map(\.difference) == [Amount(5000)])
    #expect(breaks.map(\.filing.rawValue) == ["0000000001-22-000001"])
  }

  @Test func twoCandidatesOnTheSameDateMakeItAmbiguousAndNothingIsSuperseded() throws {
    let other = Filings.document(
      period: "2024-03-04", accession: "0000000001-24-000101", filed: "2024-03-05",
      table1: [Filings.trade("2024-03-04", shares: "5", after: "1105")])
    let store = try Self.store([Self.original, other, Self.amendment])
    let listing = try store.amendments(AmendmentsRequest(status: .ambiguous))
    let a = try #require(listing.amendments.first)
    #expect(a.status == .ambiguous)
    #expect(a.original == nil)
    #expect(a.reason.contains("2 filings of these owners at this issuer were filed on 2024-03-05"))
    #expect(a.reason.contains("0000000001-24-000100") && a.reason.contains("0000000001-24-000101"))
    #expect(listing.table().contains("cannot tell which one it amends"))
    let history = try store.history(HistoryRequest(person: jane))
    #expect(!history.entries.contains { $0.status == .superseded })
    #expect(history.entries.filter { $0.filing.rawValue == "0000000001-24-000200" }.allSatisfy { $0.status == .pending })
  }

  @Test func aWeekendAfterHoursOriginalLinksByTheDateWindow() throws {
    // Submitted Friday evening 2024-03-08, dated Monday 2024-03-11 by EDGAR.
    let monday = Filings.document(
      period: "2024-03-07", accession: "0000000001-24-000110", filed: "2024-03-11", table1: [Filings.trade("2024-03-07", shares: "1", after: "1")])
    let amendment = Filings.document(
      form: .form4A, period: "2024-03-07", accession: "0000000001-24-000210", filed: "2024-04-01",
      table1: [Filings.trade("2024-03-07", shares: "2", after: "2")], original: "2024-03-08")
    let store = try Self.store([monday, amendment])
    let a = try #require(try store.amendments(AmendmentsRequest()).amendments.first)
    #expect(a.status == .linked)
    #expect(a.method == .dateWindow)
    #expect(a.original?.rawValue == "0000000001-24-000110")
    #expect(try balances(store) == ["common": "2 Δ2"])
  }

  @Test func anExplicitLinkWinsOverDates() throws {
    var explicit = Self.amendment
    explicit.dateOfOriginalSubmission = LedgerDate("2023-01-01")
    explicit.amends = AccessionNumber("0000000001-24-000100")
    let store = try Self.store([explicit, Self.original])
    let a = try #require(try store.amendments(AmendmentsRequest()).amendments.first)
    #expect(a.method == .explicit)
    #expect(a.status == .linked)
    #expect(try balances(store)["options"] == "1200 Δ1200")
  }

  @Test func shuffledAppendOrdersGiveByteIdenticalOutputs() throws {
    let second = Filings.document(
      form: .form4A, period: "2024-03-01", accession: "0000000001-24-000300", filed: "2024-03-25",
      table2: [Filings.grant("2024-03-01", options: "1300", after: "1300", price: "10", expires: "2034-03-01")], original: "2024-03-05")
    let later = Filings.document(
      period: "2024-06-03", accession: "0000000001-24-000400", filed: "2024-06-04", table1: [Filings.trade("2024-06-03", code: .S, .disposed, shares: "100", after: "1000")])
    let twin = Filings.document(
      period: "2024-06-03", accession: "0000000001-24-000401", filed: "2024-06-04", table1: [Filings.trade("2024-06-03", code: .S, .disposed, shares: "1", after: "999")])
    let ambiguous = Filings.document(
      form: .form4A, period: "2024-06-03", accession: "0000000001-24-000500", filed: "2024-07-01",
      table1: [Filings.trade("2024-06-03", code: .S, .disposed, shares: "101", after: "999")], original: "2024-06-04")
    let orphan = Filings.document(
      form: .form4A, period: "2024-08-01", accession: "0000000001-24-000600", filed: "2024-08-09",
      table1: [Filings.trade("2024-08-01", shares: "10", after: "1009")], original: "2024-08-02")
    let bare = Filings.document(period: "2024-09-02", table1: [Filings.trade("2024-09-02", shares: "1", after: "1010")])
    let all = [Self.original, Self.amendment, second, later, twin, ambiguous, orphan, bare]
    var generator = SplitMix64(seed: 20_261_125)
    let reference = try outputs(Self.store(all))
    let knownAts = ["2024-03-19", "2024-03-24", "2024-06-04", "2024-07-01"].map { LedgerDate($0)! }
    let references = try knownAts.map { try outputs(Self.store(all), knownAt: $0) }
    for _ in 0..<12 {
      let shuffled = all.shuffled(using: &generator)
      let store = try Self.store(shuffled)
      #expect(try outputs(store) == reference)
      for (k, ref) in zip(knownAts, references) { #expect(try outputs(store, knownAt: k) == ref) }
      // With no known-time, holdings read the links the ledger holds; known at a date past
      // every filing, they decide the links again from the candidates: the same rows count.
      #expect(try inForce(store) == inForce(store, knownAt: LedgerDate("2099-12-31")))
    }
  }

  /// The positions and each history row's status, without the known-time's own wording.
  func inForce(_ store: LedgerStore, knownAt: LedgerDate? = nil) throws -> [String] {
    let h = try store.holdings(HoldingsRequest(person: jane, asOf: LedgerDate("2024-12-31")!, knownAt: knownAt, includeZero: true))
    let hist = try store.history(HistoryRequest(person: jane, knownAt: knownAt))
    return [h.csv().rendered()] + hist.entries.map { "\($0.filing) \($0.row) \($0.status.rawValue) \($0.supersededBy?.rawValue ?? "-")" }
  }
}

/// A small seeded generator, so that shuffles are the same on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

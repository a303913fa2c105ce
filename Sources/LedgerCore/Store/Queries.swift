import Foundation

/// The queries, on a read transaction of the store: each report computes from the derived
/// tables and the log's payloads, and knows nothing of the store.
extension LedgerStore {
  public func amendments(_ request: AmendmentsRequest) throws(LedgerError) -> AmendmentsReport {
    var listings: [AmendmentListing] = []
    var report = try amendments(request) { listings.append($0) }
    report.amendments = listings
    return report
  }

  /// The amendments one at a time, in the report's order, to `each`; returns the report
  /// without them (its person, issuer and known time). A listing of every amendment in a large
  /// ledger holds only a sort key per amendment meanwhile.
  public func amendments(_ request: AmendmentsRequest, each: (AmendmentListing) -> Void) throws(LedgerError) -> AmendmentsReport {
    try read { db in try AmendmentList.compute(request, db, statements: statements, each: each) }
  }

  /// The amendments as `--format json` gives them, written a piece at a time to `write` (each
  /// amendment as it comes): the CLI and the web view's API write the same bytes.
  public func amendmentsJSON(_ request: AmendmentsRequest, write: @escaping (String) -> Void) throws(LedgerError) {
    try JSONArrayWriter.write(key: "amendments", to: write) { add throws(LedgerError) in
      try amendments(request) { add(AmendmentsReport.json($0)) }.headerJSON
    }
  }

  /// The people and issuers `text` names (see `SearchReport`).
  public func search(_ text: String) throws(LedgerError) -> SearchReport {
    try read { db in try Search.compute(text, db) }
  }

  public func history(_ request: HistoryRequest) throws(LedgerError) -> HistoryReport {
    try read { db in try History.compute(request, db, statements: statements) }
  }

  /// The history's entries one at a time, in order, to `each`; returns the report without them.
  /// A big holder's history then holds its entries' positions and balances, and one chunk of
  /// decoded rows, rather than every row made.
  /// Once `stopped` says yes (it is asked every 2,000 entries), no more entries are made.
  public func history(
    _ request: HistoryRequest, stopped: () -> Bool = { false }, each: (HistoryEntry) -> Void
  ) throws(LedgerError) -> HistoryReport {
    try read { db in try History.compute(request, db, statements: statements, stopped: stopped, each: each) }
  }

  /// The history as `--format json` gives it, written a piece at a time to `write` (each entry
  /// as it comes); cut short once `stopped` says yes (whoever reads it went away).
  public func historyJSON(
    _ request: HistoryRequest, stopped: () -> Bool = { false }, write: @escaping (String) -> Void
  ) throws(LedgerError) {
    try JSONArrayWriter.write(key: "entries", to: write) { add throws(LedgerError) in
      try history(request, stopped: stopped) { add($0.json) }.headerJSON
    }
  }

  public func holdings(_ request: HoldingsRequest) throws(LedgerError) -> HoldingsReport {
    try read { db in try Holdings.compute(request, db, statements: statements) }
  }

  public func reconcile(_ request: ReconcileRequest) throws(LedgerError) -> ReconcileReport {
    try read { db in try Reconciliation.compute(request, db, statements: statements) }
  }

  public func transactions(_ request: TransactionsRequest) throws(LedgerError) -> TransactionsReport {
    try read { db in try Transactions.compute(request, db, statements: statements) }
  }

  public func people(_ request: PeopleRequest) throws(LedgerError) -> PeopleReport {
    try read { db in try Directory.people(request, db, statements: statements) }
  }

  public func issuers() throws(LedgerError) -> IssuersReport {
    try read { db in try Directory.issuers(db) }
  }

  public func filings(_ request: FilingsRequest) throws(LedgerError) -> FilingsReport {
    try read { db in try Directory.filings(request, db, statements: statements) }
  }

  /// The filings one at a time, in order, to `each`; returns the report without them.
  public func filings(_ request: FilingsRequest, each: (FilingListing) -> Void) throws(LedgerError) -> FilingsReport {
    try read { db in try Directory.filings(request, db, statements: statements, each: each) }
  }

  /// The filings as `--format json` gives them, written a piece at a time to `write`.
  public func filingsJSON(_ request: FilingsRequest, write: @escaping (String) -> Void) throws(LedgerError) {
    try JSONArrayWriter.write(key: "filings", to: write) { add throws(LedgerError) in
      try filings(request) { add(FilingsReport.json($0)) }.headerJSON
    }
  }

  public func late(_ request: LateRequest) throws(LedgerError) -> LateReport {
    try read { db in try Late.compute(request, db, statements: statements) }
  }

  public func shortSwing(_ request: ShortSwingRequest) throws(LedgerError) -> ShortSwingReport {
    try read { db in try ShortSwing.compute(request, db, statements: statements) }
  }
}

/// The audit report gathers what the other queries answer, in one read transaction: one state
/// of the log, the one its digest names.
extension LedgerStore {
  public func audit(_ request: AuditRequest) throws(LedgerError) -> AuditReport {
    try read { db in
      // The log's sequence numbers run from 1 without a gap (its triggers refuse any other
      // insert, and every delete), so the head's is the count, read without a pass over every
      // event; a log altered around the triggers is what `verify` reports.
      let head = try EventLog.head(db)
      let digest = head.hash.hex + " \(head.seq)"
      let (person, issuer, knownAt) = (request.person, request.issuer, request.knownAt)
      let holdings = try Holdings.compute(
        HoldingsRequest(person: person, issuer: issuer, asOf: request.asOf, knownAt: knownAt, includeZero: true), db, statements: statements)
      let history = try History.compute(HistoryRequest(person: person, issuer: issuer, knownAt: knownAt), db, statements: statements)
      let reconcile = try Reconciliation.compute(ReconcileRequest(person: person, issuer: issuer, knownAt: knownAt), db, statements: statements)
      var listings: [AmendmentListing] = []
      var amendments = try AmendmentList.compute(
        AmendmentsRequest(person: person, issuer: issuer, knownAt: knownAt), db, statements: statements, each: { listings.append($0) })
      amendments.amendments = listings
      return AuditReport(request: request, digest: digest, holdings: holdings, history: history, reconcile: reconcile, amendments: amendments)
    }
  }
}

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

  public func history(_ request: HistoryRequest) throws(LedgerError) -> HistoryReport {
    try read { db in try History.compute(request, db, statements: statements) }
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

  public func late(_ request: LateRequest) throws(LedgerError) -> LateReport {
    try read { db in try Late.compute(request, db, statements: statements) }
  }

  public func shortSwing(_ request: ShortSwingRequest) throws(LedgerError) -> ShortSwingReport {
    try read { db in try ShortSwing.compute(request, db, statements: statements) }
  }
}

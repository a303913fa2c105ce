import Foundation
import GRDB

/// What `ledger report` asks.
public struct AuditRequest: Sendable {
  public var person: PersonSelector
  public var issuer: String?
  public var asOf: LedgerDate
  public var knownAt: LedgerDate?

  public init(person: PersonSelector, issuer: String? = nil, asOf: LedgerDate, knownAt: LedgerDate? = nil) {
    self.person = person
    self.issuer = issuer
    self.asOf = asOf
    self.knownAt = knownAt
  }
}

/// Everything one audit report shows: the ledger state it was made from, the holdings, every
/// row with its provenance, the reconcile breaks, and the amendments.
public struct AuditReport: Sendable {
  public var request: AuditRequest
  /// `HEAD-HASH EVENT-COUNT`, as `ledger verify --digest` prints it.
  public var digest: String
  public var holdings: HoldingsReport
  public var history: HistoryReport
  public var reconcile: ReconcileReport
  public var amendments: AmendmentsReport
}

import Foundation

/// Checks what the decoders cannot: which fields each kind of row must and must not carry,
/// and facts that span fields. The first problem found is reported with its field path.
public enum FilingValidator {
  public static func validate(_ doc: OwnershipDocument) throws(FieldError) {
    if doc.issuer.issuerCik == nil && doc.issuer.issuerName?.nonEmptyTrimmed == nil {
      throw FieldError(path: "issuer", message: "needs issuerCik or issuerName")
    }
    if doc.reportingOwners.isEmpty {
      throw FieldError(path: "reportingOwners", message: "at least one reporting owner is required")
    }
    var ownerCiks: [CIK: Int] = [:]
    for (i, owner) in doc.reportingOwners.enumerated() {
      let id = owner.reportingOwnerId
      if id.rptOwnerCik == nil && id.rptOwnerName?.nonEmptyTrimmed == nil {
        throw FieldError(path: "reportingOwners[\(i)].reportingOwnerId", message: "needs rptOwnerCik or rptOwnerName")
      }
      // One owner listed twice would make every joint line's owners ambiguous.
      if let cik = id.rptOwnerCik {
        if let first = ownerCiks[cik] {
          throw FieldError(path: "reportingOwners[\(i)].reportingOwnerId.rptOwnerCik", message: "\(cik) is reportingOwners[\(first)]'s CIK too; an owner is listed once")
        }
        ownerCiks[cik] = i
      }
    }
    if doc.documentType.isAmendment == false, doc.dateOfOriginalSubmission != nil {
      throw FieldError(
        path: "dateOfOriginalSubmission", message: "is only allowed on an amendment (3/A, 4/A, 5/A), not on form \(doc.documentType.rawValue)")
    }
    var footnoteIds = Set<String>()
    for (i, f) in doc.footnotes.enumerated() {
      guard f.id.nonEmptyTrimmed != nil else {
        throw FieldError(path: "footnotes[\(i)].id", message: "is empty")
      }
      guard footnoteIds.insert(f.id).inserted else {
        throw FieldError(path: "footnotes[\(i)].id", message: "\(quoted(f.id)) is defined twice")
      }
    }
    for row in doc.rows { try validate(row) }
  }

  static func validate(_ r: TableRow) throws(FieldError) {
    let p = r.path
    let row = r.row
    func fail(_ field: String, _ message: String) -> FieldError { FieldError(path: p + "." + field, message: message) }

    if row.securityTitle.value?.nonEmptyTrimmed == nil && row.securityTitle.footnoteIds.isEmpty {
      throw fail("securityTitle", "is required")
    }
    if row.ownershipNature.directOrIndirectOwnership.value == nil {
      throw fail("ownershipNature.directOrIndirectOwnership", "is required (D or I)")
    }
    if r.table == .nonDerivative {
      for (present, name) in [
        (row.conversionOrExercisePrice != nil, "conversionOrExercisePrice"), (row.exerciseDate != nil, "exerciseDate"),
        (row.expirationDate != nil, "expirationDate"), (row.underlyingSecurity != nil, "underlyingSecurity"),
      ] where present {
        throw fail(name, "belongs to derivative rows only")
      }
    }
    if let post = row.postTransactionAmounts, post.sharesOwnedFollowingTransaction != nil, post.valueOwnedFollowingTransaction != nil {
      throw fail("postTransactionAmounts", "give sharesOwnedFollowingTransaction or valueOwnedFollowingTransaction, not both")
    }
    switch r.kind {
    case .transaction:
      guard let date = row.transactionDate, !date.isEmpty else { throw fail("transactionDate", "is required") }
      _ = date
      guard let code = row.transactionCoding?.transactionCode else {
        throw fail("transactionCoding.transactionCode", "is required")
      }
      _ = code
      guard let amounts = row.transactionAmounts else { throw fail("transactionAmounts", "is required") }
      if amounts.transactionShares != nil && amounts.transactionTotalValue != nil {
        throw fail("transactionAmounts", "give transactionShares or transactionTotalValue, not both")
      }
      if amounts.transactionShares == nil && amounts.transactionTotalValue == nil {
        throw fail("transactionAmounts.transactionShares", "is required (or transactionTotalValue)")
      }
      if amounts.transactionAcquiredDisposedCode?.value == nil {
        throw fail("transactionAmounts.transactionAcquiredDisposedCode", "is required (A or D)")
      }
      if r.table == .nonDerivative, row.postTransactionAmounts == nil {
        throw fail("postTransactionAmounts", "is required")
      }
    case .holding:
      for (present, name) in [
        (row.transactionDate != nil, "transactionDate"), (row.deemedExecutionDate != nil, "deemedExecutionDate"),
        (row.transactionAmounts != nil, "transactionAmounts"), (row.transactionTimeliness != nil, "transactionTimeliness"),
        (row.transactionCoding?.transactionCode != nil, "transactionCoding.transactionCode"),
      ] where present {
        throw fail(name, "belongs to transactions, not holdings")
      }
      if r.table == .nonDerivative, row.postTransactionAmounts == nil {
        throw fail("postTransactionAmounts", "is required")
      }
    }
  }
}

/// A problem with one field of an input, named by its path.
public struct FieldError: Error, Equatable, Sendable {
  public var path: String
  public var message: String

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }
}

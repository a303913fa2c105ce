import Foundation
import LedgerCore

/// Builders for synthetic filings, written as filing JSON.
enum Filings {
  static func owner(_ name: String, cik: String? = nil) -> ReportingOwner {
    ReportingOwner(reportingOwnerId: .init(rptOwnerCik: cik.flatMap(CIK.init), rptOwnerName: name))
  }

  static func issuer(_ name: String = "ACME CORP", cik: String? = "0000012345", ticker: String? = "ACME") -> Issuer {
    Issuer(issuerCik: cik.flatMap(CIK.init), issuerName: name, issuerTradingSymbol: ticker)
  }

  /// A Table I transaction.
  static func trade(
    _ date: String, code: TransactionCode = .P, _ ad: AcquiredDisposed = .acquired, shares: String, after: String,
    price: String? = "10", security: String = "Common Stock", ownership: DirectOrIndirect = .direct, nature: String? = nil
  ) -> ReportedRow {
    var r = ReportedRow(
      securityTitle: Reported(security),
      ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(ownership), natureOfOwnership: nature.map { Reported($0) }))
    r.transactionDate = Reported(LedgerDate(date)!)
    r.transactionCoding = TransactionCoding(transactionFormType: "4", transactionCode: code, equitySwapInvolved: Flag(false))
    var amounts = TransactionAmounts()
    amounts.transactionShares = Reported(Amount(shares)!)
    amounts.transactionPricePerShare = price.map { Reported(Amount($0)!) }
    amounts.transactionAcquiredDisposedCode = Reported(ad)
    r.transactionAmounts = amounts
    r.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(after)!))
    return r
  }

  /// A Table I holding.
  static func holding(_ shares: String, security: String = "Common Stock", ownership: DirectOrIndirect = .direct, nature: String? = nil) -> ReportedRow {
    var r = ReportedRow(
      securityTitle: Reported(security),
      ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(ownership), natureOfOwnership: nature.map { Reported($0) }))
    r.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(shares)!))
    return r
  }

  /// A Table II option grant.
  static func grant(_ date: String, options: String, after: String, price: String, expires: String) -> ReportedRow {
    var r = ReportedRow(
      securityTitle: Reported("Stock Option (right to buy)"),
      ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(.direct)))
    r.conversionOrExercisePrice = Reported(Amount(price)!)
    r.transactionDate = Reported(LedgerDate(date)!)
    r.transactionCoding = TransactionCoding(transactionFormType: "4", transactionCode: .A, equitySwapInvolved: Flag(false))
    var amounts = TransactionAmounts()
    amounts.transactionShares = Reported(Amount(options)!)
    amounts.transactionPricePerShare = Reported(Amount(0))
    amounts.transactionAcquiredDisposedCode = Reported(.acquired)
    r.transactionAmounts = amounts
    r.expirationDate = Reported(LedgerDate(expires)!)
    var u = UnderlyingSecurity()
    u.underlyingSecurityTitle = Reported("Common Stock")
    u.underlyingSecurityShares = Reported(Amount(options)!)
    r.underlyingSecurity = u
    r.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(after)!))
    return r
  }

  /// A Table II row of any kind: a transaction when `code` is given, else a holding (with only
  /// an underlying amount when `after` is nil, as Form 3's Table II reports it).
  static func derivative(
    _ date: String? = nil, code: TransactionCode? = nil, _ ad: AcquiredDisposed = .acquired, shares: String? = nil,
    after: String?, security: String = "Restricted Stock Units", price: String? = nil, expires: String? = nil,
    underlying: String = "Common Stock", underlyingShares: String? = nil, exercisable: String? = nil,
    exercisableFootnotes: [String] = [], ownership: DirectOrIndirect = .direct, nature: String? = nil
  ) -> ReportedRow {
    var r = ReportedRow(
      securityTitle: Reported(security),
      ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(ownership), natureOfOwnership: nature.map { Reported($0) }))
    r.conversionOrExercisePrice = price.map { Reported(Amount($0)!) }
    if let code, let date {
      r.transactionDate = Reported(LedgerDate(date)!)
      r.transactionCoding = TransactionCoding(transactionFormType: "4", transactionCode: code, equitySwapInvolved: Flag(false))
      var amounts = TransactionAmounts()
      amounts.transactionShares = shares.map { Reported(Amount($0)!) }
      amounts.transactionPricePerShare = Reported(Amount(0))
      amounts.transactionAcquiredDisposedCode = Reported(ad)
      r.transactionAmounts = amounts
    }
    if exercisable != nil || !exercisableFootnotes.isEmpty {
      r.exerciseDate = Reported(exercisable.flatMap { LedgerDate($0) }, footnoteIds: exercisableFootnotes)
    }
    r.expirationDate = expires.map { Reported(LedgerDate($0)!) }
    var u = UnderlyingSecurity()
    u.underlyingSecurityTitle = Reported(underlying)
    u.underlyingSecurityShares = (underlyingShares ?? shares ?? after).map { Reported(Amount($0)!) }
    r.underlyingSecurity = u
    r.postTransactionAmounts = after.map { PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount($0)!)) }
    return r
  }

  static func document(
    form: FormType = .form4, period: String, accession: String? = nil, filed: String? = nil,
    issuer: Issuer = issuer(), owners: [ReportingOwner] = [owner("DOE JANE", cik: "0000000777")],
    table1: [ReportedRow] = [], holdings1: [ReportedRow] = [], table2: [ReportedRow] = [], holdings2: [ReportedRow] = [],
    original: String? = nil, amends: String? = nil, footnotes: [Footnote] = []
  ) -> OwnershipDocument {
    var d = OwnershipDocument(documentType: form, periodOfReport: LedgerDate(period)!, issuer: issuer, reportingOwners: owners)
    d.accessionNumber = accession.flatMap(AccessionNumber.init)
    d.filedAt = filed.flatMap { LedgerDate($0) }
    d.dateOfOriginalSubmission = original.flatMap { LedgerDate($0) }
    d.amends = amends.flatMap(AccessionNumber.init)
    if !table1.isEmpty || !holdings1.isEmpty { d.nonDerivativeTable = Table(transactions: table1, holdings: holdings1) }
    if !table2.isEmpty || !holdings2.isEmpty { d.derivativeTable = Table(transactions: table2, holdings: holdings2) }
    d.footnotes = footnotes
    d.ownerSignatures = [OwnerSignature(signatureName: "/s/ signer", signatureDate: LedgerDate(filed ?? period))]
    return d
  }

  static func json(_ d: OwnershipDocument) -> String {
    String(decoding: FilingJSON.encode(d), as: UTF8.self)
  }

  /// The document as an imported filing, as `ledger append` would read it.
  static func imported(_ d: OwnershipDocument, name: String = "filing.json") throws -> ImportedFiling {
    try FilingReader.read(FilingJSON.encode(d), file: name)
  }
}

import EdgarOwnership
import Foundation

/// The generator's forms: a Form 3 opening an insider, Form 4s whose tallies chain, year-end
/// Form 5 gifts, and amendments.
extension FilingGenerator {
  func header(_ who: Int, form: FormType, period: LedgerDate) -> OwnershipDocument {
    let insider = insiders[who]
    let issuer = issuers[insider.issuer]
    var owners = [owner(who)]
    if let p = insider.partner { owners.append(owner(p)) }
    var doc = OwnershipDocument(
      documentType: form, periodOfReport: period,
      issuer: Issuer(issuerCik: issuer.cik, issuerName: issuer.name, issuerTradingSymbol: issuer.ticker), reportingOwners: owners)
    doc.schemaVersion = "X0508"
    doc.notSubjectToSection16 = Flag(false)
    doc.ownerSignatures = owners.map { OwnerSignature(signatureName: "/s/ \($0.reportingOwnerId.rptOwnerName ?? "")", signatureDate: day) }
    return doc
  }

  func owner(_ who: Int) -> ReportingOwner {
    let i = insiders[who]
    var rel = ReportingOwner.Relationship()
    rel.isDirector = Flag(i.director)
    rel.isOfficer = Flag(i.title != nil)
    rel.isTenPercentOwner = Flag(i.tenPercent)
    rel.isOther = Flag(false)
    rel.officerTitle = i.title
    var address = ReportingOwner.Address()
    address.rptOwnerStreet1 = "C/O \(issuers[i.issuer].name)"
    address.rptOwnerCity = "WILMINGTON"
    address.rptOwnerState = "DE"
    address.rptOwnerZipCode = "19801"
    return ReportingOwner(reportingOwnerId: .init(rptOwnerCik: i.cik, rptOwnerName: i.name), reportingOwnerAddress: address, reportingOwnerRelationship: rel)
  }

  func nature(_ indirect: Bool, _ text: String) -> OwnershipNature {
    OwnershipNature(directOrIndirectOwnership: Reported(indirect ? .indirect : .direct), natureOfOwnership: indirect ? Reported(text) : nil)
  }

  func trade(_ date: LedgerDate, _ code: TransactionCode, _ ad: AcquiredDisposed, shares: Int, price: Amount?, after: Int, indirect: String? = nil, footnote: String? = nil) -> ReportedRow {
    var r = ReportedRow(securityTitle: Reported("Common Stock"), ownershipNature: nature(indirect != nil, indirect ?? ""))
    r.transactionDate = Reported(date)
    r.transactionCoding = TransactionCoding(transactionFormType: "4", transactionCode: code, equitySwapInvolved: Flag(false))
    var a = TransactionAmounts()
    a.transactionShares = Reported(Amount(shares))
    a.transactionPricePerShare = Reported(price, footnoteIds: footnote.map { [$0] } ?? [])
    a.transactionAcquiredDisposedCode = Reported(ad)
    r.transactionAmounts = a
    r.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(after)))
    return r
  }

  func option(_ g: Grant, date: LedgerDate?, code: TransactionCode?, ad: AcquiredDisposed?, amount: Int?, after: Int) -> ReportedRow {
    var r = ReportedRow(securityTitle: Reported("Stock Option (right to buy)"), ownershipNature: nature(false, ""))
    r.conversionOrExercisePrice = Reported(g.price)
    if let date, let code, let ad, let amount {
      r.transactionDate = Reported(date)
      r.transactionCoding = TransactionCoding(transactionFormType: "4", transactionCode: code, equitySwapInvolved: Flag(false))
      var a = TransactionAmounts()
      a.transactionShares = Reported(Amount(amount))
      a.transactionPricePerShare = Reported(Amount(0))
      a.transactionAcquiredDisposedCode = Reported(ad)
      r.transactionAmounts = a
    }
    r.exerciseDate = Reported(nil, footnoteIds: ["F2"])
    r.expirationDate = Reported(g.expires)
    var u = UnderlyingSecurity()
    u.underlyingSecurityTitle = Reported("Common Stock")
    u.underlyingSecurityShares = Reported(Amount(amount ?? after))
    r.underlyingSecurity = u
    r.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(after)))
    return r
  }

  static let vesting = Footnote(id: "F2", text: "The option vests in four equal annual installments beginning on the first anniversary of the grant date.")
  static let weighted = Footnote(id: "F1", text: "The price reported is a weighted average price. These shares were sold in multiple transactions at prices ranging within one dollar. Full information is available on request.")

  mutating func form3(_ who: Int) -> OwnershipDocument {
    let period = day.adding(days: -rng.int(0...5))
    insiders[who].lastDate = period
    insiders[who].openedOn = period
    var doc = header(who, form: .form3, period: period)
    var holdings = [ReportedRow]()
    var h = ReportedRow(securityTitle: Reported("Common Stock"), ownershipNature: nature(false, ""))
    h.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(insiders[who].direct)))
    holdings.append(h)
    if let t = insiders[who].trust {
      var th = ReportedRow(securityTitle: Reported("Common Stock"), ownershipNature: nature(true, insiders[who].trustNature))
      th.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(t)))
      holdings.append(th)
    }
    doc.nonDerivativeTable = Table(holdings: holdings)
    if rng.chance(0.4) {
      let g = Grant(price: price(insiders[who].issuer), expires: period.adding(days: 3650), remaining: rng.int(1...40) * 1000)
      insiders[who].grants.append(g)
      doc.derivativeTable = Table(holdings: [option(g, date: nil, code: nil, ad: nil, amount: nil, after: g.remaining)])
      doc.footnotes = [Self.vesting]
    }
    return doc
  }

  /// A Form 5 filed early in the year for a gift made last year (its tally is today's, as
  /// real Form 5s often show, so it does not fit the rows around its date).
  func mayFileForm5(_ who: Int) -> Bool {
    guard day.month <= 2, let opened = insiders[who].openedOn else { return false }
    return opened.year < day.year && insiders[who].lastForm5Year != day.year
  }

  mutating func form5(_ who: Int) -> OwnershipDocument {
    insiders[who].lastForm5Year = day.year
    var date = LedgerDate(year: day.year - 1, month: rng.int(1...12), day: rng.int(1...28))!
    if let opened = insiders[who].openedOn, date <= opened { date = opened.adding(days: 1) }
    var doc = header(who, form: .form5, period: LedgerDate(year: day.year - 1, month: 12, day: 31)!)
    let gift = Swift.max(1, insiders[who].direct / rng.int(20...100))
    insiders[who].direct -= gift
    var row = trade(date, .G, .disposed, shares: gift, price: Amount(0), after: insiders[who].direct)
    row.transactionCoding?.transactionFormType = "5"
    doc.nonDerivativeTable = Table(transactions: [row])
    return doc
  }

  mutating func form4(_ who: Int) -> OwnershipDocument {
    var date = day.adding(days: -rng.int(0...2))
    // After the insider's previous transaction (an amendment's rows sort by its own filing
    // date among rows of the same day, so two filings of one day would not keep their order).
    if let last = insiders[who].lastDate, date <= last { date = Swift.min(day, last.adding(days: 1)) }
    insiders[who].lastDate = date
    var doc = header(who, form: .form4, period: date)
    var t1: [ReportedRow] = []
    var h1: [ReportedRow] = []
    var t2: [ReportedRow] = []
    var notes: [Footnote] = []
    let issuer = insiders[who].issuer
    let scenario = rng.int(0...99)
    switch scenario {
    case 0..<35:  // open-market sales in several lots
      notes.append(Self.weighted)
      for _ in 0..<rng.int(2...8) where insiders[who].direct > 100 {
        let lot = Swift.max(1, insiders[who].direct / rng.int(8...40))
        insiders[who].direct -= lot
        t1.append(trade(date, .S, .disposed, shares: lot, price: price(issuer), after: insiders[who].direct, footnote: "F1"))
      }
    case 35..<45:  // purchase
      let lot = rng.int(1...40) * 100
      insiders[who].direct += lot
      t1.append(trade(date, .P, .acquired, shares: lot, price: price(issuer), after: insiders[who].direct))
    case 45..<65:  // stock award and tax withholding
      let award = rng.int(1...50) * 100
      insiders[who].direct += award
      t1.append(trade(date, .A, .acquired, shares: award, price: Amount(0), after: insiders[who].direct))
      let withheld = award * rng.int(25...45) / 100
      insiders[who].direct -= withheld
      t1.append(trade(date, .F, .disposed, shares: withheld, price: price(issuer), after: insiders[who].direct))
    case 65..<75:  // option grant
      let g = Grant(price: price(issuer), expires: date.adding(days: 3652), remaining: rng.int(1...60) * 500)
      insiders[who].grants.append(g)
      t2.append(option(g, date: date, code: .A, ad: .acquired, amount: g.remaining, after: g.remaining))
      notes.append(Self.vesting)
    case 75..<90:  // exercise on both tables, then a sale
      if let gi = insiders[who].grants.firstIndex(where: { $0.remaining > 0 }) {
        let n = Swift.max(1, insiders[who].grants[gi].remaining / rng.int(1...4))
        insiders[who].grants[gi].remaining -= n
        let g = insiders[who].grants[gi]
        t2.append(option(g, date: date, code: .M, ad: .disposed, amount: n, after: g.remaining))
        insiders[who].direct += n
        t1.append(trade(date, .M, .acquired, shares: n, price: g.price, after: insiders[who].direct))
        let sold = n / 2
        if sold > 0 {
          insiders[who].direct -= sold
          t1.append(trade(date, .S, .disposed, shares: sold, price: price(issuer), after: insiders[who].direct, footnote: "F1"))
          notes.append(Self.weighted)
        }
        notes.append(Self.vesting)
      } else {
        let lot = rng.int(1...10) * 100
        insiders[who].direct += lot
        t1.append(trade(date, .P, .acquired, shares: lot, price: price(issuer), after: insiders[who].direct))
      }
    default:  // gift into the trust: out of the direct line, into the indirect one
      let gift = Swift.max(1, insiders[who].direct / rng.int(5...20))
      insiders[who].direct -= gift
      t1.append(trade(date, .G, .disposed, shares: gift, price: Amount(0), after: insiders[who].direct))
      insiders[who].trust = (insiders[who].trust ?? 0) + gift
      t1.append(trade(date, .G, .acquired, shares: gift, price: Amount(0), after: insiders[who].trust!, indirect: insiders[who].trustNature))
    }
    if scenario < 90, let t = insiders[who].trust, rng.chance(0.5) {
      var h = ReportedRow(securityTitle: Reported("Common Stock"), ownershipNature: nature(true, insiders[who].trustNature))
      h.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: Reported(Amount(t)))
      h1.append(h)
    }
    if !t1.isEmpty || !h1.isEmpty { doc.nonDerivativeTable = Table(transactions: t1, holdings: h1) }
    if !t2.isEmpty { doc.derivativeTable = Table(transactions: t2) }
    var seen = Set<String>()
    doc.footnotes = notes.filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
    if doc.nonDerivativeTable == nil && doc.derivativeTable == nil {
      let lot = rng.int(1...10) * 100
      insiders[who].direct += lot
      doc.nonDerivativeTable = Table(transactions: [trade(date, .P, .acquired, shares: lot, price: price(issuer), after: insiders[who].direct)])
    }
    return doc
  }

  /// A 4/A restating the original, filed a few days to weeks later: half only repeat it (to add
  /// an exhibit), half correct a price.
  mutating func amendment(of original: OwnershipDocument) -> OwnershipDocument {
    var a = original
    a.documentType = .form4A
    a.dateOfOriginalSubmission = original.filedAt
    a.accessionNumber = nil
    var filed = original.filedAt!.adding(days: rng.int(3...40))
    while filed.isWeekend { filed = filed.adding(days: 1) }
    a.filedAt = filed
    if rng.chance(0.5), var t = a.nonDerivativeTable, !t.transactions.isEmpty {
      let i = rng.int(0...(t.transactions.count - 1))
      if let p = t.transactions[i].transactionAmounts?.transactionPricePerShare?.value {
        t.transactions[i].transactionAmounts?.transactionPricePerShare?.value = p + Amount("0.01")!
        a.remarks = "This amendment corrects the price reported on row \(i + 1)."
      }
      a.nonDerivativeTable = t
    } else {
      a.remarks = "The sole purpose of this amendment is to file the power of attorney as Exhibit 24."
    }
    return a
  }
}

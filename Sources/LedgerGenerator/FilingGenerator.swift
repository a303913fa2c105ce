import EdgarOwnership
import Foundation
import LedgerCore

/// A deterministic (seeded) generator of realistic filings at any scale, in filing-date order:
/// issuers and their insiders, Form 3 openings, Form 4 sequences whose running tallies are
/// consistent (sales, purchases, awards with tax withholding, option grants, exercises on both
/// tables, gifts to a trust, holdings of untouched lines), year-end Form 5 gifts, joint filers,
/// a few percent of amendments (some only repeating the original), and the odd split (which
/// the next filing's tallies show, as in real life, without a row).
public struct FilingGenerator: Sequence, IteratorProtocol {
  public struct Configuration: Sendable {
    public var filings: Int
    public var seed: UInt64
    public var startYear: Int
    public var amendmentRate: Double
    public var splitRate: Double

    public init(filings: Int, seed: UInt64 = 1, startYear: Int = 2004, amendmentRate: Double = 0.03, splitRate: Double = 0.0005) {
      self.filings = filings
      self.seed = seed
      self.startYear = startYear
      self.amendmentRate = amendmentRate
      self.splitRate = splitRate
    }
  }

  struct Grant {
    var price: Amount
    var expires: LedgerDate
    var remaining: Int
  }

  struct Insider {
    var cik: CIK
    var name: String
    var issuer: Int
    var director: Bool
    var title: String?
    var tenPercent: Bool
    var partner: Int?
    var opened = false
    var direct: Int
    var trust: Int?
    var trustNature: String
    var grants: [Grant] = []
    /// The date of the insider's latest transaction: the next one is later, so that
    /// filings made in filing-date order keep their tallies in transaction-date order too.
    var lastDate: LedgerDate?
    /// The day of the insider's latest filing: one filing a day per insider, as is usual (two
    /// the same day would make an amendment of either one ambiguous).
    var lastFiled: LedgerDate?
    /// The Form 3's date, and the year of the latest Form 5 (one a year, for a year the
    /// insider was one).
    var openedOn: LedgerDate?
    var lastForm5Year: Int?
  }

  struct IssuerFacts {
    var cik: CIK
    var name: String
    var ticker: String
    var price: Double
  }

  public let configuration: Configuration
  var rng: SplitMix
  var issuers: [IssuerFacts] = []
  var insiders: [Insider] = []
  var day: LedgerDate
  var perDay: Int
  var todayLeft: Int
  var produced = 0
  var yearSequence: [Int: Int] = [:]
  var pending: [OwnershipDocument] = []

  public init(_ configuration: Configuration) {
    self.configuration = configuration
    rng = SplitMix(seed: configuration.seed)
    let years = Swift.max(1, Swift.min(20, configuration.filings / 20_000))
    perDay = Swift.max(1, Int((Double(configuration.filings) / Double(years * 250)).rounded(.up)))
    todayLeft = perDay
    day = LedgerDate(year: configuration.startYear, month: 1, day: 2)!
    let issuerCount = Swift.max(2, configuration.filings / 150)
    for i in 0..<issuerCount {
      let name = FilingGenerator.companyNames[i % FilingGenerator.companyNames.count] + (i >= FilingGenerator.companyNames.count ? " \(i / FilingGenerator.companyNames.count + 1)" : "")
      issuers.append(
        IssuerFacts(cik: CIK(String(100_000 + i * 7))!, name: name.uppercased() + " INC", ticker: FilingGenerator.ticker(i), price: Double(rng.int(5...300))))
      for _ in 0..<rng.int(3...9) { addInsider(issuer: i) }
      if rng.chance(0.05) {
        // A fund and its manager, who file jointly.
        let a = addInsider(issuer: i, entity: true)
        let b = addInsider(issuer: i, entity: true)
        insiders[a].partner = b
        insiders[b].partner = a
      }
    }
  }

  @discardableResult
  mutating func addInsider(issuer: Int, entity: Bool = false) -> Int {
    let n = insiders.count
    let last = FilingGenerator.lastNames[rng.int(0...(FilingGenerator.lastNames.count - 1))]
    let first = FilingGenerator.firstNames[rng.int(0...(FilingGenerator.firstNames.count - 1))]
    let name = entity ? "\(last) CAPITAL PARTNERS \(n % 97) LP" : "\(last) \(first) \(Character(UnicodeScalar(65 + n % 26)!))"
    let officer = !entity && rng.chance(0.5)
    insiders.append(
      Insider(
        cik: CIK(String(1_000_000 + n * 13))!, name: name, issuer: issuer, director: !entity && !officer || rng.chance(0.2),
        title: officer ? FilingGenerator.titles[rng.int(0...(FilingGenerator.titles.count - 1))] : nil, tenPercent: entity,
        partner: nil, direct: rng.int(1...400) * 250, trust: rng.chance(0.3) ? rng.int(1...2000) * 500 : nil,
        trustNature: ["By Trust", "By Spouse", "By Family LLC", "By 401(k)"][rng.int(0...3)]))
    return n
  }

  // MARK: - Producing filings

  public mutating func next() -> OwnershipDocument? {
    guard produced < configuration.filings else { return nil }
    if let i = pending.firstIndex(where: { $0.filedAt! <= day }) {
      produced += 1
      return stamp(pending.remove(at: i))
    }
    if todayLeft == 0 {
      repeat { day = day.adding(days: 1) } while day.isWeekend
      todayLeft = perDay
      if rng.chance(configuration.splitRate * Double(issuers.count) / 10) { split(rng.int(0...(issuers.count - 1))) }
      return next()
    }
    todayLeft -= 1
    var who = 0
    for _ in 0..<8 {
      who = rng.int(0...(insiders.count - 1))
      if let p = insiders[who].partner, p < who { who = p }
      if insiders[who].lastFiled != day { break }
    }
    insiders[who].lastFiled = day
    var doc = insiders[who].opened ? (rng.chance(0.1) && mayFileForm5(who) ? form5(who) : form4(who)) : form3(who)
    insiders[who].opened = true
    if let p = insiders[who].partner { insiders[p].opened = true }
    // Filed today: the output is in filing-date order (quarterly data sets rely on it).
    doc.filedAt = day
    produced += 1
    let stamped = stamp(doc)
    if !doc.documentType.isAmendment, doc.documentType != .form3, rng.chance(configuration.amendmentRate) {
      pending.append(amendment(of: stamped))
    }
    return stamped
  }

  /// Gives the filing its accession number (ascending within a year, as one filer agent's are).
  mutating func stamp(_ doc: OwnershipDocument) -> OwnershipDocument {
    var d = doc
    let year = d.filedAt!.year
    let n = (yearSequence[year] ?? 0) + 1
    yearSequence[year] = n
    d.accessionNumber = AccessionNumber(String(format: "0001999999-%02d-%06d", year % 100, n))
    return d
  }

  mutating func split(_ issuer: Int) {
    let ratio = [2, 3, 4, 5, 10][rng.int(0...4)]
    issuers[issuer].price /= Double(ratio)
    for i in insiders.indices where insiders[i].issuer == issuer {
      insiders[i].direct *= ratio
      insiders[i].trust = insiders[i].trust.map { $0 * ratio }
      for g in insiders[i].grants.indices { insiders[i].grants[g].remaining *= ratio }
    }
  }

  mutating func price(_ issuer: Int) -> Amount {
    issuers[issuer].price = Swift.max(1, issuers[issuer].price * (1 + (Double(rng.int(-300...310)) / 10_000)))
    return Amount(String(format: "%.2f", issuers[issuer].price))!
  }

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

  // MARK: - Names

  static func ticker(_ i: Int) -> String {
    var n = i
    var s = ""
    for _ in 0..<4 {
      s.append(Character(UnicodeScalar(65 + n % 26)!))
      n /= 26
    }
    return s
  }

  static let companyNames = [
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Cyberdyne", "Tyrell", "Soylent",
    "Massive Dynamic", "Aperture", "Black Mesa", "Oscorp", "Wonka", "Gringotts", "Monarch", "Nakatomi", "Weyland",
  ]
  static let lastNames = [
    "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ",
    "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON",
    "WHITE", "HARRIS", "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "NOTINI", "OBRIEN", "NGUYEN", "KIM", "PATEL",
  ]
  static let firstNames = [
    "JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID", "ELIZABETH", "WILLIAM", "BARBARA",
    "RICHARD", "SUSAN", "JOSEPH", "JESSICA", "ALBERT", "SARAH", "CHARLES", "KAREN", "ELON", "SOHAIL", "JANE", "WEI",
  ]
  static let titles = ["Chief Executive Officer", "Chief Financial Officer", "President & COO", "General Counsel", "SVP, Sales", "CTO"]
}

/// SplitMix64: small, fast, and the same sequence everywhere for a seed.
public struct SplitMix: RandomNumberGenerator, Sendable {
  var state: UInt64
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}

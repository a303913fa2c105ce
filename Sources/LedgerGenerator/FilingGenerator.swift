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

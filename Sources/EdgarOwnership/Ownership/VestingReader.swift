import Foundation

/// What one footnote says about when a derivative's shares become exercisable or vest.
public enum VestingReading: Hashable, Sendable {
  /// A time-based schedule.
  case terms(VestingTerms)
  /// Exercisable (or vested) in full from the grant: "fully vested", "immediately exercisable",
  /// "vest 100% on the date of grant".
  case immediate
  /// The footnote speaks of vesting or exercisability, but not as dates the ledger can compute:
  /// performance or milestone conditions, events without a date, anything not understood.
  case unknown
  /// The footnote does not speak of vesting or exercisability at all.
  case silent
}

/// Reads vesting and exercisability schedules from footnote texts.
///
/// It understands the time-based patterns real filings use, and nothing else: a cliff on a
/// date then equal monthly, quarterly, semi-annual or annual installments; N equal installments
/// beginning on a date (or over N years from a date, or on the anniversaries of the grant); a
/// fraction or percentage on a date then the same every K months; percentages on listed dates;
/// equal installments on listed dates; in full on a date, or on the earlier of a date and an
/// event; fully vested or immediately exercisable. Performance, milestone and market
/// conditions, and any other wording, read as unknown: the ledger never guesses a schedule.
public enum VestingReader {
  /// Reads `text`; `grantDate` (the row's transaction date) anchors "anniversaries of the date
  /// of grant" when the text names no grant date of its own.
  public static func read(_ text: String, grantDate: LedgerDate? = nil) -> VestingReading {
    // Footnote texts repeat (an issuer's boilerplate on every grant, a fund's lines): each is
    // read once, silent ones too.
    let key = Memo.Key(text: Memo.Text(text), grantDate: grantDate)
    if let known = memo.get(key) { return known }
    let lower = text.lowercased()
    let silent = !["vest", "exercisab", "installment", "instalment"].contains(where: lower.containsBytes(of:))
    let reading = silent ? .silent : parse(text, grantDate: grantDate)
    memo.put(key, reading)
    return reading
  }

  private static let memo = Memo()

  /// Readings already made, by text and grant date; forgotten all at once past a bound.
  private final class Memo: @unchecked Sendable {
    struct Key: Hashable {
      var text: Text
      var grantDate: LedgerDate?
    }

    /// A text hashed and compared by its UTF-8 bytes: `String`'s own hashing normalises a
    /// non-ASCII text (curly quotes are common in footnotes) a character at a time. The hash
    /// reads the length and the first and last 64 bytes: footnotes run to kilobytes, and texts
    /// that share all three are told apart by the comparison.
    struct Text: Hashable {
      var string: String

      init(_ string: String) {
        self.string = string
        self.string.makeContiguousUTF8()
      }

      func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { b in
          hasher.combine(b.count)
          let raw = UnsafeRawBufferPointer(b)
          if raw.count <= 128 {
            hasher.combine(bytes: raw)
          } else {
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(64)))
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.suffix(64)))
          }
        }
      }

      static func == (a: Text, b: Text) -> Bool {
        var (x, y) = (a.string, b.string)
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
      }
    }

    private let lock = NSLock()
    private var readings: [Key: VestingReading] = [:]

    func get(_ key: Key) -> VestingReading? { lock.withLock { readings[key] } }

    func put(_ key: Key, _ reading: VestingReading) {
      lock.withLock {
        if readings.count >= 4096 { readings = [:] }
        readings[key] = reading
      }
    }
  }

  private static func parse(_ text: String, grantDate: LedgerDate?) -> VestingReading {
    let t = VestingText(text)
    let s = t.text
    guard TextPattern.contains(#"vest|exercisab|installment|instalment"#, in: s) else { return .silent }
    if TextPattern.contains(conditions, in: s) { return .unknown }
    if TextPattern.contains(#"immediately exercisable|exercisable in full|fully exercisable"#, in: s) { return .immediate }
    let reader = Reader(t, grantDate: grantDate)
    if let terms = reader.cliffAndRest() ?? reader.installments() ?? reader.listedInstallments() ?? reader.anniversaryParts()
      ?? reader.inFullOnDate()
    {
      return .terms(terms)
    }
    if TextPattern.contains(immediate, in: reader.withoutGoals) { return .immediate }
    return .unknown
  }

  /// Conditions other than time: what the ledger leaves unknown.
  static let conditions =
    #"performance|milestone|market capitali[sz]ation|\btsr\b|shareholder return|stockholder return|achievement|\bobjectives?\b|\bgoals?\b|\bearned\b|upon (?:a |the )?(?:change in control|change of control|ipo|initial public offering|listing)"#

  /// "Fully vested" and its kin, read once the schedules have failed.
  static let immediate =
    #"(?:is|are|were|was|been) (?:fully|100%|immediately) vested|fully vested and exercisable|vested and exercisable on the (?:grant date|date of grant)|vests? (?:100% |in full )?(?:on|as of) the (?:date of grant|grant date)|(?:is|are|were|was) exercisable as of the (?:transaction|grant) date|vested in full"#
}

/// The reading of one normalised text.
private struct Reader {
  let s: String
  let dates: [LedgerDate]
  let grantDate: LedgerDate?
  /// The text without the clauses that state a schedule's end ("until fully vested", "so that
  /// all ... will be fully vested on ..."), which are not a statement that it is vested now.
  let withoutGoals: String

  init(_ t: VestingText, grantDate: LedgerDate?) {
    s = t.text
    dates = t.dates
    var g = TextPattern.collapse(t.text, #"\buntil [^,.;]*"#, "")
    g = TextPattern.collapse(g, #"\bso that [^.;]*"#, "")
    withoutGoals = g
    let dates = t.dates
    let named = TextPattern.first(#"\b(?:granted|grant date|date of grant)(?: was| is| of)?(?: on)? #(\d+)"#, in: t.text)
      .flatMap { Int($0.groups[1] ?? "") }.flatMap { dates.indices.contains($0) ? dates[$0] : nil }
    self.grantDate = named ?? grantDate
  }

  func date(_ index: String?) -> LedgerDate? {
    guard let index, let i = Int(index), dates.indices.contains(i) else { return nil }
    return dates[i]
  }

  /// A fraction or a percentage: `25%`, `12.5%`, `1/48`.
  static let fraction = #"(?:(\d+(?:\.\d+)?)%|\b(\d+)/(\d+)\b)"#

  static func fraction(_ g: [String?], at i: Int) -> Fraction? {
    if let p = g[i] {
      let parts = p.split(separator: ".")
      let scale = parts.count == 2 ? Int(pow(10.0, Double(parts[1].count))) : 1
      guard let whole = Int(parts.joined()), whole > 0 else { return nil }
      return Fraction(whole, 100 * scale)
    }
    guard let n = g[i + 1].flatMap({ Int($0) }), let d = g[i + 2].flatMap({ Int($0) }), n > 0, d > 0, n <= d else { return nil }
    return Fraction(n, d)
  }

  // MARK: - Periods

  /// The first period named in `text`: months between installments, and whether installments
  /// fall on the month's last day.
  static func period(in text: String) -> (months: Int, endOfMonth: Bool)? {
    let candidates: [(String, Int)] = [
      (#"last day of (?:every|each) month"#, -1),
      (#"\b(?:every|each) (\d+) months\b"#, 0),
      (#"\bmonthly\b|\b(?:each|every|per|a) month\b"#, 1),
      (#"\bquarterly\b|\b(?:each|every|per) (?:calendar )?quarter\b"#, 3),
      (#"\bsemi-?annual(?:ly)?\b"#, 6),
      (#"\bannual(?:ly)?\b|\byearly\b|\b(?:each|every|per) year\b|\banniversar(?:y|ies)\b"#, 12),
    ]
    var best: (location: Int, months: Int, endOfMonth: Bool)?
    for (pattern, months) in candidates {
      guard let m = TextPattern.first(pattern, in: text) else { continue }
      var value = (m.range.location, months, false)
      if months == -1 { value = (m.range.location, 1, true) }
      if months == 0 { value = (m.range.location, m.groups[1].flatMap { Int($0) } ?? 0, false) }
      guard value.1 > 0 else { continue }
      if best == nil || value.0 < best!.location { best = value }
    }
    return best.map { ($0.months, $0.endOfMonth) }
  }

  /// The number of installments stated in `text`: "36 equal monthly installments", or a
  /// duration over a period ("in equal annual installments over 3 years").
  static func count(in text: String, period: Int) -> Int? {
    if let m = TextPattern.first(
      #"\b(\d+) (?:equal |substantially equal )?(?:(?:monthly|quarterly|semi-?annual|annual|yearly) )?(?:installments?|instalments?|increments?|tranches)\b"#,
      in: text), let n = Int(m.groups[1] ?? ""), n > 0
    {
      return n
    }
    if let m = TextPattern.first(#"\bover (?:a |an |the following |the next |the subsequent |the )?(\d+)[- ]?(month|year)s?\b"#, in: text),
      let n = Int(m.groups[1] ?? ""), period > 0
    {
      let months = m.groups[2] == "year" ? n * 12 : n
      guard months % period == 0, months > 0 else { return nil }
      return months / period
    }
    if let m = TextPattern.first(#"\b(?:each of the|on each of the) (?:succeeding |following |next )?(\d+) anniversaries\b"#, in: text) {
      return Int(m.groups[1] ?? "")
    }
    return nil
  }

  /// A fraction that vests every period ("1/48 ... each month", "5% vesting each 3 months"):
  /// the fraction and the text after it.
  static func fractionPerPeriod(in text: String) -> (Fraction, (months: Int, endOfMonth: Bool))? {
    let ns = text as NSString
    for m in TextPattern.all(fraction + #"([^.;#%]{0,100})"#, in: text) {
      // "The remaining 75% ... in equal annual installments" states the rest, not a rate.
      let before = ns.substring(to: m.range.location).suffix(24)
      if TextPattern.contains(#"remaining|balance|rest of"#, in: String(before)) { continue }
      guard let f = Reader.fraction(m.groups, at: 1), let tail = m.groups[4], let p = period(in: tail) else { continue }
      return (f, p)
    }
    return nil
  }

  // MARK: - Patterns

  /// A part on a date ("25% of the shares on 04/06/2005", "1/4 ... on the first anniversary of
  /// the vesting commencement date"), then the rest in installments, or the same part again
  /// each period.
  func cliffAndRest() -> VestingTerms? {
    let anchor = #"on (?:#(\d+)|the (?:first|1st) (?:annual )?anniversary of (?:the )?(vesting commencement date|grant date|date of grant))"#
    guard let m = TextPattern.first(Reader.fraction + #"([^.;#%]*?)\b"# + anchor, in: s),
      let part = Reader.fraction(m.groups, at: 1)
    else { return nil }
    // Words of a period between the fraction and its date make it a rate, not a cliff.
    if Reader.period(in: m.groups[4] ?? "") != nil || TextPattern.contains(#"beginning|commencing|starting"#, in: m.groups[4] ?? "") {
      return nil
    }
    let cliffDate: LedgerDate
    if let d = date(m.groups[5]) {
      cliffDate = d
    } else if m.groups[6] == "vesting commencement date" {
      guard let start = TextPattern.first(#"vesting commencement date (?:is|was|of|shall be) #(\d+)"#, in: s).flatMap({ date($0.groups[1]) }) else { return nil }
      cliffDate = start.adding(months: 12)
    } else {
      guard let grant = grantDate else { return nil }
      cliffDate = grant.adding(months: 12)
    }
    if part == .one {
      let earlier = TextPattern.contains(#"earlier|in the event|if sooner|prior to"#, in: s)
      return .inFull(on: cliffDate, rule: earlier ? "earlier of date or event" : "full on date")
    }
    let rest = (s as NSString).substring(from: m.range.location + m.range.length)
    if let (each, p) = Reader.fractionPerPeriod(in: rest) {
      if each == part, let n = each.count(in: .one) {
        return VestingTerms(
          rule: "percent per period", installments: VestingTerms.dates(from: cliffDate, every: p.months, count: n, endOfMonth: p.endOfMonth))
      }
      guard let n = each.count(in: .one - part) else { return nil }
      let first = cliffDate.adding(months: p.months, day: cliffDate.day, endOfMonth: p.endOfMonth)
      return VestingTerms(
        rule: "cliff+installments", parts: [.init(date: cliffDate, numerator: part.numerator, denominator: part.denominator)],
        installments: VestingTerms.dates(from: first, every: p.months, count: n, endOfMonth: p.endOfMonth))
    }
    if let p = Reader.period(in: rest), let n = Reader.count(in: rest, period: p.months) {
      let start = TextPattern.first(#"(?:beginning|commencing|starting)(?: on)? #(\d+)"#, in: rest).flatMap { date($0.groups[1]) }
      let first = start ?? cliffDate.adding(months: p.months, day: cliffDate.day, endOfMonth: p.endOfMonth)
      return VestingTerms(
        rule: "cliff+installments", parts: [.init(date: cliffDate, numerator: part.numerator, denominator: part.denominator)],
        installments: VestingTerms.dates(from: first, every: p.months, count: n, endOfMonth: p.endOfMonth))
    }
    return listedParts()
  }

  /// Percentages on listed dates ("25% on DATE, 25% on DATE and 50% on DATE"), when they add up
  /// to the whole.
  func listedParts() -> VestingTerms? {
    var parts: [VestingTerms.Part] = []
    var sum = Fraction.zero
    for m in TextPattern.all(Reader.fraction + #"[^.;#%]{0,60}?\bon #(\d+)"#, in: s) {
      guard let f = Reader.fraction(m.groups, at: 1), let d = date(m.groups[4]) else { return nil }
      parts.append(.init(date: d, numerator: f.numerator, denominator: f.denominator))
      sum = sum + f
    }
    guard parts.count >= 2, sum == .one else { return nil }
    return VestingTerms(rule: "listed dates", parts: parts)
  }

  /// N equal installments from a start: "48 equal monthly installments beginning on DATE",
  /// "in equal annual installments over 4 years from DATE", "1/16 of the total shares quarterly
  /// beginning on DATE", "on each of the succeeding 3 anniversaries of the grant date".
  func installments() -> VestingTerms? {
    let perPeriod = Reader.fractionPerPeriod(in: s)
    guard let p = perPeriod?.1 ?? Reader.period(in: s) else { return nil }
    let n = Reader.count(in: s, period: p.months) ?? perPeriod?.0.count(in: .one)
    guard let n, n > 0 else { return nil }
    let first: LedgerDate
    if let d = TextPattern.first(#"(?:beginning|commencing|starting)(?: on)? #(\d+)|first (?:installment|tranche)[^#.;]{0,30}? on #(\d+)"#, in: s)
      .flatMap({ date($0.groups[1] ?? $0.groups[2]) })
    {
      first = d
    } else if let d = TextPattern.first(#"\bfrom #(\d+)"#, in: s).flatMap({ date($0.groups[1]) }) {
      first = d.adding(months: p.months, day: d.day, endOfMonth: p.endOfMonth)
    } else if TextPattern.contains(#"anniversar(?:y|ies) of (?:the )?(?:grant date|date of grant)"#, in: s), let g = grantDate {
      first = g.adding(months: p.months)
    } else {
      return nil
    }
    return VestingTerms(rule: perPeriod != nil ? "percent per period" : "installments", installments: VestingTerms.dates(from: first, every: p.months, count: n, endOfMonth: p.endOfMonth))
  }

  /// "In 3 equal installments on DATE, DATE and DATE".
  func listedInstallments() -> VestingTerms? {
    guard let m = TextPattern.first(#"\b(\d+) equal (?:installments|instalments|tranches) on (#\d+(?:,? (?:and )?#\d+)+)"#, in: s),
      let n = Int(m.groups[1] ?? "")
    else { return nil }
    let listed = TextPattern.all(#"#(\d+)"#, in: m.groups[2] ?? "").compactMap { date($0.groups[1]) }
    guard listed.count == n else { return nil }
    return VestingTerms(rule: "listed dates", installments: listed)
  }

  /// "50% on each of the first and second anniversaries of the date of grant".
  func anniversaryParts() -> VestingTerms? {
    guard let m = TextPattern.first(Reader.fraction + #" on each of the ([a-z0-9, ]+?) anniversaries of (?:the )?(?:date of grant|grant date)"#, in: s),
      let f = Reader.fraction(m.groups, at: 1), let grant = grantDate
    else { return nil }
    let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5]
    let years = TextPattern.all(#"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\b"#, in: m.groups[4] ?? "").compactMap { ordinals[$0.groups[1] ?? ""] }
    guard !years.isEmpty else { return nil }
    var sum = Fraction.zero
    for _ in years { sum = sum + f }
    guard sum == .one else { return nil }
    return VestingTerms(
      rule: "listed dates", parts: years.map { .init(date: grant.adding(months: 12 * $0), numerator: f.numerator, denominator: f.denominator) })
  }

  /// "Vesting on DATE", "vests in full on the earlier to occur of (i) DATE and (ii) an event".
  func inFullOnDate() -> VestingTerms? {
    if let m = TextPattern.first(#"\bearlier (?:to occur )?of[^#.;]{0,40}#(\d+)"#, in: s), let d = date(m.groups[1]) {
      return .inFull(on: d, rule: "earlier of date or event")
    }
    guard let m = TextPattern.first(#"\b(?:vest|vests|vested|vesting|exercisable)(?: in full| in its entirety)? on #(\d+)"#, in: s),
      let d = date(m.groups[1])
    else { return nil }
    return .inFull(on: d, rule: "full on date")
  }
}

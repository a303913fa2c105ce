import Foundation
import GRDB

/// What `ledger holdings` asks.
public struct HoldingsRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  public var asOf: LedgerDate
  public var knownAt: LedgerDate?
  /// Also list lines whose balance is zero and derivative lines that have expired.
  public var includeZero: Bool

  public init(person: PersonSelector?, issuer: String? = nil, asOf: LedgerDate, knownAt: LedgerDate? = nil, includeZero: Bool = false) {
    self.person = person
    self.issuer = issuer
    self.asOf = asOf
    self.knownAt = knownAt
    self.includeZero = includeZero
  }
}

/// Positions as of a date: for each line, the balance of its grants from the rows reported on or
/// before it; and what they add up to under Rule 13d-3.
public struct HoldingsReport: Sendable {
  public var asOf: LedgerDate
  public var knownAt: LedgerDate?
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var positions: [Position]
  public var beneficialOwnership: [BeneficialOwnership]
}

/// One position line and its balance.
public struct Position: Sendable {
  /// Open, or (a derivative line) expired: its expiration date has passed and no later row
  /// reports on it.
  public enum Status: String, Sendable {
    case open, expired
  }

  /// Where a line's amount comes from: its rows' own amounts, or (a derivative holding that
  /// reports none, as Form 3's Table II) the underlying amount.
  public enum SharesFrom: String, Sendable {
    case reported, underlying
  }

  /// Everyone the line belongs to (several for a joint filing).
  public var owners: [PartyRef]
  /// The person asked about, or the first owner.
  public var owner: PartyRef
  public var issuer: IssuerRef
  public var security: String
  public var derivative: Bool
  public var ownership: DirectOrIndirect
  public var nature: String
  /// The footnotes the nature cites, on the row that set the balance (for a nature that
  /// points to them, "See Footnote", they name the holder).
  public var natureFootnotes: [FootnoteRef]
  public var unit: LineFacts.Unit
  /// The balance, in shares or dollars; nil when the filer gave it only as a footnote.
  public var balance: Amount?
  public var balanceFootnotes: [FootnoteRef]
  public var sharesFrom: SharesFrom
  public var exercisePrice: Amount?
  public var exercisePriceFootnotes: [FootnoteRef]
  public var expirationDate: LedgerDate?
  public var expirationDateFootnotes: [FootnoteRef]
  public var status: Status
  public var underlying: String?
  public var underlyingAmount: Amount?
  /// Shares exercisable or vested as of the date (derivative lines); nil when unknown.
  public var exercisable: Amount?
  /// The line's vesting schedule and its source (derivative lines), or nil.
  public var vesting: Vesting?
  public var vestingFootnotes: [FootnoteRef]
  /// The grants making up the balance (several when awards keep balances of their own).
  public var grants: [PositionGrant]
  /// The underlying shares exercisable within 60 days of the date (Rule 13d-3(d)(1)); nil when
  /// that is unknown.
  var rightToAcquire: Amount?
  /// The owner's role at the issuer on the filing that set the balance, for issuer-wide tables.
  var ownerRole = ""
  /// The valid date of the fact that set the balance.
  public var since: LedgerDate
  public var filing: FilingID
  public var form: FormType
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  /// The running sum of signed transaction amounts up to the date; nil when a row's amount is unknown.
  public var deltaSum: Amount?
  /// The line's id in the ledger, which tells apart lines whose fields read alike.
  var lineID: Int64 = 0

  var sortKey: [String] {
    [
      issuer.name, issuer.cik?.rawValue ?? "", security, derivative ? "1" : "0", ownership.rawValue, nature,
      natureFootnotes.sortKey,
      exercisePrice?.sortKey ?? "",
      expirationDate?.description ?? "", underlying ?? "", unit.rawValue, owners.map(\.name).joined(separator: ";"),
    ]
  }
}

/// One grant of a line: its number on the line, its balance, and the row that opened it.
public struct PositionGrant: Hashable, Sendable {
  public var number: Int
  public var shares: Amount
  public var opened: LedgerDate
  public var filing: FilingID
  public var row: String
}

enum Holdings {
  /// Rule 13d-3(d)(1): a right to acquire within 60 days counts as owned.
  static let rightToAcquireDays = 60
  /// Lines read and made into positions at a time.
  static let chunkLines = 2_000

  static func compute(
    _ request: HoldingsRequest, _ db: Database, statements: StatementCache = StatementCache(), chunkLines: Int = Holdings.chunkLines
  ) throws -> HoldingsReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    var all: [Position] = []
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    // Every line's entries in one query, and their last rows and filings in a few: a holder
    // of thousands of lines costs a constant number of statements. Beyond `chunkLines` lines,
    // they are read and made into positions a chunk at a time (a few statements each), so that
    // memory holds one chunk's entries and decoded rows, however many lines there are.
    let lines = try reader.lines(person: person?.id, issuer: issuer?.id)
    all.reserveCapacity(lines.count)
    for start in stride(from: 0, to: lines.count, by: chunkLines) {
      let part = lines[start..<min(start + chunkLines, lines.count)]
      let byLine =
        lines.count <= chunkLines
        ? try reader.entriesByLine(person: person?.id, issuer: issuer?.id, asOf: request.asOf, knownAt: request.knownAt)
        : try reader.entriesByLine(lines: part.map(\.id), asOf: request.asOf, knownAt: request.knownAt)
      try scope.prefetch(familiesOf: byLine.values.joined())
      // The lines shown, each with its entries in force and its balance.
      var shown: [(line: LineRecord, entries: [EntryRecord], balance: Balance)] = []
      for line in part {
        let entries = try scope.filter(byLine[line.id] ?? [])
        if let b = balance(line, entries, request) { shown.append((line, entries, b)) }
      }
      // The filings whose footnotes are read: each shown line's last row's, and on derivative
      // lines those a vesting schedule may start from (holdings and acquisitions).
      var wanted: [EntryRecord] = []
      for (line, entries, _) in shown {
        if line.derivative {
          wanted += entries.filter { $0.kind == .holding || $0.acquiredDisposed == .acquired }
        }
        if let last = entries.last { wanted.append(last) }
      }
      try reader.prefetch(filings: wanted.map { $0.filingID }, roles: person == nil)
      try reader.prefetch(issuers: shown.map { $0.line.issuerID })
      for (line, entries, balance) in shown {
        all.append(try position(line, entries, balance, request, person: person, &reader))
      }
    }
    all.sort(byKey: { $0.sortKey })
    return HoldingsReport(
      asOf: request.asOf, knownAt: request.knownAt, person: person, issuer: issuer, positions: all,
      beneficialOwnership: BeneficialOwnership.summarise(all, person: person))
  }

  /// A line's balance from its entries in force up to the date.
  struct Balance {
    var book: GrantBook
    var status: Position.Status
  }

  /// The line's balance and status, or nil when it is not shown: before its first row, and
  /// (without --all) at zero or expired, which is neither listed nor counted under Rule 13d-3,
  /// so nothing more of it is read.
  static func balance(_ line: LineRecord, _ entries: [EntryRecord], _ request: HoldingsRequest) -> Balance? {
    guard let last = entries.last else { return nil }
    var book = GrantBook(derivative: line.derivative)
    for e in entries { book.apply(e.grantStep) }
    var status = Position.Status.open
    if line.derivative, let expiry = line.expirationDate, request.asOf > expiry, last.validDate <= expiry { status = .expired }
    if !request.includeZero && (status == .expired || book.balance?.isZero == true) { return nil }
    return Balance(book: book, status: status)
  }

  /// The position of a shown line.
  static func position(
    _ line: LineRecord, _ entries: [EntryRecord], _ b: Balance, _ request: HoldingsRequest, person: PartyRef?, _ reader: inout LedgerReader
  ) throws -> Position {
    let last = entries[entries.count - 1]
    let (book, status) = (b.book, b.status)
    let balance = book.balance
    let notes = try reader.notes(of: last)
    let filing = try reader.filing(last.filingID)
    let owners = try reader.parties(line.ownerGroup)
    var exercisable: Amount?
    var vesting: Vesting?
    var vestingFootnotes: [FootnoteRef] = []
    var rightToAcquire: Amount?
    if line.derivative && line.unit == .shares {
      let v = try LineVesting.read(entries, &reader)
      vesting = v.vesting
      vestingFootnotes = v.footnotes
      exercisable = status == .expired ? .zero : v.exercisable(on: request.asOf, balance: balance)
      if status == .open, let soon = v.exercisable(on: request.asOf.adding(days: rightToAcquireDays), balance: balance) {
        rightToAcquire = underlyingShares(soon, last: last, fromUnderlying: notes.sharesFromUnderlying)
      }
    }
    let grants = book.grants.map { g in
      let e = entries[g.openedAt]
      return PositionGrant(number: g.number, shares: g.balance, opened: e.validDate, filing: e.filing, row: e.rowPath)
    }
    var position = Position(
      owners: owners, owner: person ?? owners[0], issuer: try reader.issuer(line.issuerID),
      security: line.security, derivative: line.derivative, ownership: line.ownership, nature: line.nature,
      natureFootnotes: try reader.footnoteRefs(notes.ids(.nature), filing: last.filingID), unit: line.unit, balance: balance,
      balanceFootnotes: try reader.footnoteRefs(notes.ids(line.unit == .value ? .valueAfter : .sharesAfter), filing: last.filingID),
      sharesFrom: notes.sharesFromUnderlying ? .underlying : .reported,
      exercisePrice: line.exercisePrice,
      exercisePriceFootnotes: try reader.footnoteRefs(notes.ids(.exercisePrice), filing: last.filingID),
      expirationDate: line.expirationDate,
      expirationDateFootnotes: try reader.footnoteRefs(notes.ids(.expirationDate), filing: last.filingID),
      status: status, underlying: line.underlying, underlyingAmount: last.underlyingAmount, exercisable: exercisable,
      vesting: vesting, vestingFootnotes: vestingFootnotes, grants: grants,
      rightToAcquire: rightToAcquire, since: last.validDate,
      filing: filing.filing, form: filing.form, filedAt: filing.filedAt, filedAtEstimated: filing.filedEstimated,
      deltaSum: deltaSum(entries))
    position.lineID = line.id
    if person == nil { position.ownerRole = try reader.role(of: position.owner, filing: last.filingID) }
    return position
  }

  /// Derivative units as underlying shares, at the ratio of the row that set the balance
  /// (underlying amount over its own amount; 1:1 for most options). Nil when that row gives no
  /// underlying amount to scale by.
  static func underlyingShares(_ units: Amount, last: EntryRecord, fromUnderlying: Bool) -> Amount? {
    if units.isZero { return .zero }
    guard let underlying = last.underlyingAmount else { return nil }
    let own = last.kind == .holding || fromUnderlying ? last.post : last.amount
    guard let own, !own.isZero else { return nil }
    if own == underlying { return units }
    return Amount.whole(units, times: underlying, over: own)
  }

  /// The sum of the signed amounts of the transactions, or nil if one of them is unknown.
  static func deltaSum(_ entries: [EntryRecord]) -> Amount? {
    var sum = Amount.zero
    for e in entries where e.kind == .transaction {
      guard let d = e.delta else { return nil }
      sum = sum + d
    }
    return sum
  }
}

extension EntryRecord {
  /// The row as the grant book reads it.
  var grantStep: GrantBook.Step {
    GrantBook.Step(isTransaction: kind == .transaction, amount: amount, delta: delta, post: post, filing: filingID)
  }

  /// `derivativeTable.transactions[3]`, from the row's place in its filing.
  var rowPath: String { EntryRecord.rowPath(order: rowOrder) }

  static func rowPath(order: Int) -> String {
    let table = order >= 2_000_000 ? "derivativeTable" : "nonDerivativeTable"
    let rest = order % 2_000_000
    return "\(table).\(rest >= 1_000_000 ? "holdings" : "transactions")[\(rest % 1_000_000)]"
  }
}

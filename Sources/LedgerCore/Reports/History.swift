import Foundation
import GRDB

/// What `ledger history` asks.
public struct HistoryRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  public var security: String?
  public var knownAt: LedgerDate?
  /// Also give each derivative line's vesting schedule.
  public var vesting: Bool

  public init(person: PersonSelector?, issuer: String? = nil, security: String? = nil, knownAt: LedgerDate? = nil, vesting: Bool = false) {
    self.person = person
    self.issuer = issuer
    self.security = security
    self.knownAt = knownAt
    self.vesting = vesting
  }
}

/// Every row of the selected lines, in balance order, with the running balance and provenance.
public struct HistoryReport: Sendable {
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var knownAt: LedgerDate?
  public var entries: [HistoryEntry]
  /// Each derivative line's vesting schedule, when asked for (else nil).
  public var vesting: [LineSchedule]?
}

/// A derivative line and its vesting schedule, from every row in force.
public struct LineSchedule: Sendable {
  var sortKey: [String] {
    [issuer.name, security, exercisePrice?.sortKey ?? "", expirationDate?.description ?? "", ownership.rawValue, nature]
  }

  public var owners: [PartyRef]
  public var issuer: IssuerRef
  public var security: String
  public var ownership: DirectOrIndirect
  public var nature: String
  public var exercisePrice: Amount?
  public var expirationDate: LedgerDate?
  public var underlying: String?
  public var vesting: Vesting?
  public var footnotes: [FootnoteRef]
}

public struct HistoryEntry: Sendable {
  public typealias Status = RowStatus

  public var date: LedgerDate
  public var filing: FilingID
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  public var form: FormType
  /// The file the filing was recorded from.
  public var source: String
  public var row: String
  public var kind: RowKind
  public var issuer: IssuerRef
  public var owners: [PartyRef]
  public var security: String
  public var derivative: Bool
  public var ownership: DirectOrIndirect
  public var nature: String
  public var unit: LineFacts.Unit
  public var exercisePrice: Amount?
  public var expirationDate: LedgerDate?
  public var underlying: String?
  public var code: TransactionCode?
  public var acquiredDisposed: AcquiredDisposed?
  public var shares: Amount?
  public var value: Amount?
  public var price: Amount?
  public var sharesAfter: Amount?
  public var valueAfter: Amount?
  public var underlyingAmount: Amount?
  /// The line's balance after this row, when the row is in force: the sum of its grants.
  public var balance: Amount?
  /// The grant of a derivative line the row opened or moved (grants are numbered per line).
  public var grant: Int?
  /// The other row of an exercise or conversion: Table II's disposal and Table I's acquisition.
  public var linkedRow: String?
  /// The running sum of signed amounts on the line; nil once a row's amount is unknown.
  public var deltaSum: Amount?
  public var status: Status
  public var supersededBy: FilingID?
  /// Every footnote the row refers to, with its text.
  public var footnotes: [FootnoteRef]
  /// Those its nature cites (for "See Footnote", they name the holder).
  var natureFootnoteIds: [String] = []
  /// The line's id in the ledger, which tells apart lines whose fields read alike.
  var lineID: Int64 = 0
}

enum History {
  /// How many rows are made between reads of their reported rows: the decoded rows of one
  /// chunk are held at a time, however long the history.
  static let chunk = 2_000

  static func compute(_ request: HistoryRequest, _ db: Database, statements: StatementCache = StatementCache()) throws -> HistoryReport {
    var entries: [HistoryEntry] = []
    var report = try compute(request, db, statements: statements) { entries.append($0) }
    report.entries = entries
    return report
  }

  /// Makes the rows in order and hands each to `each`; returns the report without them. The
  /// entries come from one statement in balance order, and are made a chunk at a time: their
  /// statuses, filings, footnotes and exercise pairs read for the chunk, then
  /// let go. A big holder's history holds its lines, each line's running balance and one
  /// chunk (with `vesting`, also the rows in force of its option lines), however many rows it
  /// has, and its output can be written as it comes.
  ///
  /// `stopped` is asked after each chunk: once it says yes, no more rows are made, and the
  /// report returned has no vesting schedules (the web view's client went away).
  static func compute(
    _ request: HistoryRequest, _ db: Database, statements: StatementCache = StatementCache(), chunk: Int = History.chunk,
    stopped: () -> Bool = { false }, each: (HistoryEntry) throws -> Void
  ) throws -> HistoryReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    let needle = request.security?.trimmed.lowercased()
    var lines: [Int64: LineRecord] = [:]
    for line in try reader.lines(person: person?.id, issuer: issuer?.id) {
      if let needle, !needle.isEmpty,
        !line.security.lowercased().contains(needle), !(line.underlying?.lowercased().contains(needle) ?? false)
      {
        continue
      }
      lines[line.id] = line
    }
    try reader.prefetch(issuers: lines.values.map(\.issuerID))
    var books: [Int64: GrantBook] = [:]
    var sums: [Int64: Amount?] = [:]
    // The rows in force of each derivative line of shares, for its vesting schedule.
    var inForce: [Int64: [EntryRecord]] = [:]
    var part: [(LineRecord, EntryRecord)] = []
    part.reserveCapacity(chunk)
    func make() throws {
      reader.filingCache.removeAll(keepingCapacity: true)
      reader.footnoteCache.removeAll(keepingCapacity: true)
      reader.pairCache.removeAll(keepingCapacity: true)
      try reader.prefetch(filings: part.map(\.1.filingID))
      try reader.prefetch(pairsOf: part.filter { $0.1.code.map(ExercisePairs.codes.contains) == true }.map(\.1.filingID))
      let statuses = try scope.statuses(part.map(\.1))
      for ((line, e), (status, supersededBy)) in zip(part, statuses) {
        let counts = status != .superseded
        var grant: Int?
        var balance: Amount?
        if counts {
          var book = books[line.id] ?? GrantBook(derivative: line.derivative)
          let outcome = book.apply(e.grantStep)
          if line.derivative { grant = outcome.grant }
          balance = book.balance
          books[line.id] = book
          if e.kind == .transaction {
            let previous = sums[line.id] ?? .some(.zero)
            if let p = previous, let d = e.delta { sums[line.id] = .some(p + d) } else { sums[line.id] = .some(nil) }
          }
          if request.vesting && line.derivative && line.unit == .shares { inForce[line.id, default: []].append(e) }
        }
        try each(
          try entry(
            line, e, status: status, supersededBy: supersededBy, balance: balance, grant: grant,
            deltaSum: counts ? (sums[line.id] ?? nil) : nil, &reader))
      }
      part.removeAll(keepingCapacity: true)
    }
    struct Stopped: Error {}
    do {
      try LedgerReader.forEachEntry(db, person: person?.id, issuer: issuer?.id, knownAt: request.knownAt) { e in
        guard let line = lines[e.lineID] else { return }
        part.append((line, e))
        guard part.count == chunk else { return }
        try make()
        if stopped() { throw Stopped() }
      }
    } catch is Stopped {
      return HistoryReport(person: person, issuer: issuer, knownAt: request.knownAt, entries: [], vesting: nil)
    }
    try make()
    var schedules: [LineSchedule]?
    if request.vesting {
      schedules = []
      for line in lines.values.sorted(by: { $0.id < $1.id }) where line.derivative && line.unit == .shares {
        guard let entries = inForce[line.id] else { continue }
        let read = try LineVesting.read(entries, &reader)
        let issuer = try reader.issuer(line.issuerID)
        let parties = try reader.parties(line.ownerGroup)
        schedules!.append(
          LineSchedule(
            owners: parties, issuer: issuer,
            security: line.security, ownership: line.ownership, nature: line.nature, exercisePrice: line.exercisePrice,
            expirationDate: line.expirationDate, underlying: line.underlying, vesting: read.vesting, footnotes: read.footnotes))
      }
      schedules!.sort(byKey: \.sortKey)
    }
    return HistoryReport(person: person, issuer: issuer, knownAt: request.knownAt, entries: [], vesting: schedules)
  }

  /// One row of the history: the entry, with what its notes, filing and line say.
  private static func entry(
    _ line: LineRecord, _ e: EntryRecord, status: RowStatus, supersededBy: FilingID?, balance: Amount?, grant: Int?,
    deltaSum: Amount?, _ reader: inout LedgerReader
  ) throws -> HistoryEntry {
    let notes = try reader.notes(of: e)
    let amounts = notes.reported(kind: e.kind, valueLine: line.unit == .value, amount: e.amount, price: e.price, post: e.post)
    let filing = try reader.filing(e.filingID)
    let partner = e.kind == .transaction && e.code.map(ExercisePairs.codes.contains) == true
      ? try reader.exercisePairs(filing: e.filingID)[e.rowOrder] : nil
    var entry = HistoryEntry(
      date: e.validDate, filing: filing.filing, filedAt: filing.filedAt, filedAtEstimated: filing.filedEstimated,
      form: filing.form, source: filing.source, row: e.rowPath, kind: e.kind, issuer: try reader.issuer(line.issuerID),
      owners: try reader.parties(line.ownerGroup), security: line.security, derivative: line.derivative,
      ownership: line.ownership, nature: line.nature, unit: line.unit, exercisePrice: line.exercisePrice,
      expirationDate: line.expirationDate, underlying: line.underlying, code: e.code,
      acquiredDisposed: e.acquiredDisposed, shares: amounts.shares, value: amounts.value, price: amounts.price,
      sharesAfter: amounts.sharesAfter, valueAfter: amounts.valueAfter,
      underlyingAmount: e.underlyingAmount,
      balance: balance, grant: grant, linkedRow: partner.map(EntryRecord.rowPath(order:)),
      deltaSum: deltaSum, status: status,
      supersededBy: supersededBy, footnotes: try reader.footnoteRefs(notes.allFootnoteIds, filing: e.filingID))
    entry.natureFootnoteIds = notes.ids(.nature)
    entry.lineID = line.id
    return entry
  }
}

import Foundation
import GRDB

/// A position line as stored: who, what security, how held.
struct LineRecord: Sendable {
  var id: Int64
  var issuerID: Int64
  var ownerGroup: String
  var derivative: Bool
  var unit: LineFacts.Unit
  var ownership: DirectOrIndirect
  var nature: String
  var security: String
  var exercisePrice: Amount?
  var expirationDate: LedgerDate?
  var underlying: String?

  /// The columns `init(_:)` reads, in this order (`l` the line). Read by position: a big
  /// holder's report reads thousands.
  static let selectList =
    "l.id, l.issuer_id, l.owner_group, l.derivative, l.unit, l.ownership, l.nature, l.security, l.exercise_price, l.expiration_date, l.underlying"

  init(_ s: RawStatement) {
    id = s.int64(0)
    issuerID = s.int64(1)
    ownerGroup = s.string(2) ?? ""
    derivative = s.int64(3) == 1
    unit = s.string(4).flatMap(LineFacts.Unit.init(rawValue:)) ?? .shares
    ownership = s.string(5).flatMap(DirectOrIndirect.init(rawValue:)) ?? .direct
    nature = s.string(6) ?? ""
    security = s.string(7) ?? ""
    exercisePrice = s.string(8).flatMap { Amount($0) }
    expirationDate = s.string(9).flatMap { LedgerDate($0) }
    underlying = s.string(10)
  }
}

/// One row's contribution to a line, with what is needed to order it and say where it came from.
struct EntryRecord: FiledRow, Sendable {
  var lineID: Int64
  var filingID: Int64
  var eventSeq: Int64
  var validDate: LedgerDate
  var filedAt: LedgerDate
  var filing: FilingID
  var rowOrder: Int
  var table: TableKind
  var kind: RowKind
  var code: TransactionCode?
  var acquiredDisposed: AcquiredDisposed?
  var delta: Amount?
  var amount: Amount?
  var post: Amount?
  var price: Amount?
  var underlyingAmount: Amount?
  /// What reports show of the row beyond these columns, as stored (`EntryNotes`).
  var notes: String?
  /// The filing belongs to an amendment family (an amendment, or a filing one may amend).
  var inFamily: Bool

  /// The entry's own columns `init(_:filing:)` reads, in this order (`e` the entry). Read by
  /// position: a holdings query reads every entry of a person's lines.
  private enum Column: Int32, CaseIterable {
    case lineID, filingID, eventSeq, validDate, filedAt, rowOrder, table, kind, code, acquiredDisposed, amount, delta, post, price,
      underlying, notes

    var sql: String {
      switch self {
      case .lineID: "e.line_id"
      case .filingID: "e.filing_id"
      case .eventSeq: "e.event_seq"
      case .validDate: "e.valid_day"
      case .filedAt: "e.filed_day"
      case .rowOrder: "e.row_order"
      case .table: "e.derivative"
      case .kind: "e.holding"
      case .code: "e.code"
      case .acquiredDisposed: "e.acquired_disposed"
      case .amount: "e.amount"
      case .delta: "e.delta"
      case .post: "e.post"
      case .price: "e.price"
      case .underlying: "e.underlying_amount"
      case .notes: "e.notes"
      }
    }
  }

  /// The select list of a query whose rows `init(_:filing:)` reads.
  static let selectList = Column.allCases.map(\.sql).joined(separator: ", ")

  /// A line's entries valid on or before day ?2 and filed on or before day ?3, in balance
  /// order, each with its filing's identity and family flag after the entry's own columns: the
  /// select list is `selectList` (a test checks that they agree).
  static let query: StaticString = """
    SELECT e.line_id, e.filing_id, e.event_seq, e.valid_day, e.filed_day, e.row_order, e.derivative, e.holding, e.code, e.acquired_disposed, e.amount, e.delta, e.post, e.price, e.underlying_amount, e.notes
    , f.filing, f.in_family FROM entry e JOIN filing f ON f.id = e.filing_id
    WHERE e.line_id = ?1 AND e.valid_day <= ?2 AND e.filed_day <= ?3
    ORDER BY e.valid_day, e.filed_day, f.filing, e.row_order
    """

  /// The day number a query compares entries' dates with: the day's, or one past every date.
  static func day(_ date: LedgerDate?) -> Int64 { date.map { Int64($0.dayNumber) } ?? .max }

  /// The entry in the current row of `s`, with its filing's identity and family flag: given,
  /// or read from the two columns after the entry's own.
  init(_ s: RawStatement, filing: (id: FilingID, inFamily: Bool)? = nil) {
    lineID = s.int64(Column.lineID.rawValue)
    filingID = s.int64(Column.filingID.rawValue)
    eventSeq = s.int64(Column.eventSeq.rawValue)
    validDate = LedgerDate(dayNumber: Int(s.int64(Column.validDate.rawValue)))
    filedAt = LedgerDate(dayNumber: Int(s.int64(Column.filedAt.rawValue)))
    rowOrder = Int(s.int64(Column.rowOrder.rawValue))
    table = s.int64(Column.table.rawValue) == 1 ? .derivative : .nonDerivative
    kind = s.int64(Column.kind.rawValue) == 1 ? .holding : .transaction
    // The one-letter codes from their byte: a holdings query reads every entry of a person's lines.
    func letter(_ c: Column) -> Int? {
      s.isNull(c.rawValue) ? nil : s.withText(c.rawValue) { $0.count == 1 ? Int($0[0]) : nil }
    }
    code = letter(.code).flatMap { EntryRecord.codes[$0] }
    acquiredDisposed = letter(.acquiredDisposed).flatMap { EntryRecord.sides[$0] }
    // Amounts straight from the column's bytes: a holdings query reads every entry of a
    // person's lines.
    func number(_ c: Column) -> Amount? {
      s.isNull(c.rawValue) ? nil : s.withText(c.rawValue) { try? Amount.parse(bytes: $0).get() }
    }
    amount = number(.amount)
    delta = number(.delta)
    post = number(.post)
    price = number(.price)
    underlyingAmount = number(.underlying)
    notes = s.string(Column.notes.rawValue)
    let own = Int32(Column.allCases.count)
    self.filing = filing?.id ?? FilingID(rawValue: s.string(own) ?? "")
    inFamily = filing?.inFamily ?? (s.int64(own + 1) == 1)
  }

  /// Each transaction code and each side by the byte of its letter.
  private static let codes: [TransactionCode?] = (0..<256).map { TransactionCode(rawValue: String(UnicodeScalar(UInt8($0)))) }
  private static let sides: [AcquiredDisposed?] = (0..<256).map { AcquiredDisposed(rawValue: String(UnicodeScalar(UInt8($0)))) }

  /// The order that decides a line's balance: valid date, filing date, accession, row order.
  static func precedes(_ a: EntryRecord, _ b: EntryRecord) -> Bool {
    (a.validDate, a.filedAt, a.filing.rawValue, a.rowOrder) < (b.validDate, b.filedAt, b.filing.rawValue, b.rowOrder)
  }
}

/// Filing facts a report shows beside an entry.
struct FilingRecord: Sendable {
  var id: Int64
  var filing: FilingID
  var form: FormType
  var filedAt: LedgerDate
  var filedEstimated: Bool
  var eventSeq: Int64
  /// The file it was recorded from, as the user named it.
  var source: String

  /// The columns `init(_:)` reads, in this order.
  static let selectList = "id, filing, form, filed_at, filed_estimated, event_seq, source_name"

  init(_ s: RawStatement) {
    id = s.int64(0)
    filing = FilingID(rawValue: s.string(1) ?? "")
    form = s.string(2).flatMap(FormType.init(rawValue:)) ?? .form4
    filedAt = s.string(3).flatMap { LedgerDate($0) } ?? LedgerDate(dayNumber: 0)
    filedEstimated = s.int64(4) == 1
    eventSeq = s.int64(5)
    source = s.string(6) ?? ""
  }
}

/// Loads lines, entries and the documents behind them for reports.
struct LedgerReader {
  let db: Database
  // Filled one at a time below, or many at once by the prefetches (Prefetch.swift).
  var filingCache: [Int64: FilingRecord] = [:]
  /// Each filing's owners' roles, by person.
  var roleCache: [Int64: [Int64: String]] = [:]
  var footnoteCache: [Int64: [String: String]] = [:]
  var footnoteTexts: [Int64: String] = [:]
  var issuerCache: [Int64: IssuerRef] = [:]
  private var partyCache: [String: [PartyRef]] = [:]
  var pairCache: [Int64: [Int: Int]] = [:]
  /// Entry notes by their stored text.
  private var notesCache: [String: EntryNotes] = [:]
  let sql: StatementCache

  init(_ db: Database, statements: StatementCache = StatementCache()) {
    self.db = db
    self.sql = statements
  }

  /// The lines of a person (or of an issuer's owners), optionally at one issuer.
  func lines(person: Int64?, issuer: Int64?) throws -> [LineRecord] {
    let scope = Scope.lines(person: person, issuer: issuer)
    // A person's lines in the owners' key order, which is the lines' id order: SQLite need not sort them.
    let order = scope.join.isEmpty ? "l.id" : "o.line_id"
    var s = try RawStatement.cached(db, "SELECT \(LineRecord.selectList) FROM line l" + scope.join + scope.whereClause + " ORDER BY " + order)
    defer { s.finish() }
    for case let id as Int64 in scope.arguments { s.bind(id) }
    var out: [LineRecord] = []
    while try s.step(db) { out.append(LineRecord(s)) }
    return out
  }

  /// A line's entries valid on or before `asOf` and filed on or before `knownAt`, in balance order.
  func entries(line: Int64, asOf: LedgerDate? = nil, knownAt: LedgerDate? = nil) throws -> [EntryRecord] {
    var s = try sql.raw(db, EntryRecord.query)
    s.bind(line)
    s.bind(EntryRecord.day(asOf))
    s.bind(EntryRecord.day(knownAt))
    var out: [EntryRecord] = []
    while try s.step(db) { out.append(EntryRecord(s)) }
    return out
  }

  mutating func filing(_ id: Int64) throws -> FilingRecord {
    if let f = filingCache[id] { return f }
    var s = try RawStatement.cached(db, "SELECT \(FilingRecord.selectList) FROM filing WHERE id = ?")
    defer { s.finish() }
    s.bind(id)
    // An entry naming no filing: the derived tables are damaged.
    guard try s.step(db) else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "no filing \(id)") }
    let f = FilingRecord(s)
    filingCache[id] = f
    return f
  }

  /// The role a filing gives one of its owners at the issuer ("" when none), read once per report.
  mutating func role(of owner: PartyRef, filing id: Int64) throws -> String {
    if roleCache[id] == nil { try prefetch(rolesOf: [id]) }
    return roleCache[id]?[owner.id] ?? ""
  }

  /// What reports show of an entry's row beyond the entry's columns. Decoded once per stored
  /// text: a holder's rows repeat a few texts (the same footnote ids on every filing of a kind).
  mutating func notes(of entry: EntryRecord) throws -> EntryNotes {
    guard let text = entry.notes else { return EntryNotes() }
    if let known = notesCache[text] { return known }
    let notes = try Self.notes(text, eventSeq: entry.eventSeq)
    // Emptied when full, so that a report over a whole ledger holds a bounded number.
    if notesCache.count >= 10_000 { notesCache.removeAll(keepingCapacity: true) }
    notesCache[text] = notes
    return notes
  }

  /// The notes a stored text gives (none for NULL); text this version does not write means
  /// the derived tables are damaged.
  static func notes(_ text: String?, eventSeq: Int64) throws -> EntryNotes {
    guard let text else { return EntryNotes() }
    guard let notes = EntryNotes(encoded: text) else {
      throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "unreadable notes on an entry of event \(eventSeq)")
    }
    return notes
  }

  /// The footnotes of a filing, by id (read once per report).
  mutating func footnotes(filing id: Int64) throws -> [String: String] {
    if let f = footnoteCache[id] { return f }
    try prefetch(footnotesOf: [id])
    return footnoteCache[id] ?? [:]
  }

  /// The footnotes the nature of a line's row cites, with their texts (none on a direct line):
  /// for a "See Footnote" line they name its holder.
  mutating func natureFootnotes(_ line: LineRecord, last: EntryRecord?) throws -> [FootnoteRef] {
    guard line.ownership == .indirect, let last else { return [] }
    return try footnoteRefs(notes(of: last).ids(.nature), filing: last.filingID)
  }

  /// Footnote references with their texts.
  mutating func footnoteRefs(_ ids: [String], filing: Int64) throws -> [FootnoteRef] {
    guard !ids.isEmpty else { return [] }
    let notes = try footnotes(filing: filing)
    return ids.map { FootnoteRef(id: $0, text: notes[$0]) }
  }

  /// The exercise and conversion pairs of a filing: each paired row's place, to its partner's.
  mutating func exercisePairs(filing id: Int64) throws -> [Int: Int] {
    if let p = pairCache[id] { return p }
    try prefetch(pairsOf: [id])
    return pairCache[id] ?? [:]
  }

  /// An issuer, looked up once per report.
  mutating func issuer(_ id: Int64) throws -> IssuerRef {
    if let i = issuerCache[id] { return i }
    let i = try Lookup.issuer(id: id, db)
    issuerCache[id] = i
    return i
  }

  /// The people of an owner group, looked up once per report.
  mutating func parties(_ group: String) throws -> [PartyRef] {
    if let p = partyCache[group] { return p }
    let p = try Lookup.parties(group: group, db)
    partyCache[group] = p
    return p
  }
}

/// A footnote as reports show it: id and text.
public struct FootnoteRef: Hashable, Sendable {
  public var id: String
  public var text: String?

  public init(id: String, text: String?) {
    self.id = id
    self.text = text
  }
}

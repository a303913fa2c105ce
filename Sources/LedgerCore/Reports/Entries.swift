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

  init(_ row: Row) {
    id = row["id"]
    issuerID = row["issuer_id"]
    ownerGroup = row["owner_group"]
    derivative = row["derivative"]
    unit = LineFacts.Unit(rawValue: row["unit"]) ?? .shares
    ownership = DirectOrIndirect(rawValue: row["ownership"]) ?? .direct
    nature = row["nature"]
    security = row["security"]
    exercisePrice = (row["exercise_price"] as String?).flatMap { Amount($0) }
    expirationDate = (row["expiration_date"] as String?).flatMap { LedgerDate($0) }
    underlying = row["underlying"]
  }
}

/// One row's contribution to a line, with what is needed to order it and say where it came from.
struct EntryRecord: Sendable {
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
  var amount: Amount?
  var delta: Amount?
  var post: Amount?
  var price: Amount?
  var underlyingAmount: Amount?
  /// The filing belongs to an amendment family (an amendment, or a filing one may amend).
  var inFamily: Bool

  init(_ row: Row) {
    inFamily = (row["in_family"] as Int?) == 1
    lineID = row["line_id"]
    filingID = row["filing_id"]
    eventSeq = row["event_seq"]
    validDate = LedgerDate(row["valid_date"] as String)!
    filedAt = LedgerDate(row["filed_at"] as String)!
    filing = FilingID(rawValue: row["filing"])
    rowOrder = row["row_order"]
    table = TableKind(rawValue: row["table_kind"]) ?? .nonDerivative
    kind = RowKind(rawValue: row["row_kind"]) ?? .transaction
    code = (row["code"] as String?).flatMap { TransactionCode(rawValue: $0) }
    acquiredDisposed = (row["acquired_disposed"] as String?).flatMap { AcquiredDisposed(rawValue: $0) }
    amount = (row["amount"] as String?).flatMap { Amount($0) }
    delta = (row["delta"] as String?).flatMap { Amount($0) }
    post = (row["post"] as String?).flatMap { Amount($0) }
    price = (row["price"] as String?).flatMap { Amount($0) }
    underlyingAmount = (row["underlying_amount"] as String?).flatMap { Amount($0) }
  }

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
}

/// Loads lines, entries and the documents behind them for reports.
struct LedgerReader {
  let db: Database
  private var filingCache: [Int64: FilingRecord] = [:]
  private var documentCache: [Int64: OwnershipDocument] = [:]

  init(_ db: Database) { self.db = db }

  /// The lines of a person (or of an issuer's owners), optionally at one issuer.
  func lines(person: Int64?, issuer: Int64?) throws -> [LineRecord] {
    var sql = "SELECT l.* FROM line l"
    var args: [(any DatabaseValueConvertible)?] = []
    var conditions: [String] = []
    if let person {
      sql += " JOIN line_owner o ON o.line_id = l.id"
      conditions.append("o.person_id = ?")
      args.append(person)
    }
    if let issuer {
      conditions.append("l.issuer_id = ?")
      args.append(issuer)
    }
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY l.id"
    return try Row.fetchAll(db, cached: sql, arguments: StatementArguments(args)).map(LineRecord.init)
  }

  /// A line's entries valid on or before `asOf` and filed on or before `knownAt`, in balance order.
  func entries(line: Int64, asOf: LedgerDate? = nil, knownAt: LedgerDate? = nil) throws -> [EntryRecord] {
    var sql = "SELECT e.*, f.in_family FROM entry e JOIN filing f ON f.id = e.filing_id WHERE e.line_id = ?"
    var args: [(any DatabaseValueConvertible)?] = [line]
    if let asOf {
      sql += " AND e.valid_date <= ?"
      args.append(asOf.description)
    }
    if let knownAt {
      sql += " AND e.filed_at <= ?"
      args.append(knownAt.description)
    }
    sql += " ORDER BY e.valid_date, e.filed_at, e.filing, e.row_order"
    return try Row.fetchAll(db, cached: sql, arguments: StatementArguments(args)).map(EntryRecord.init)
  }

  mutating func filing(_ id: Int64) throws -> FilingRecord {
    if let f = filingCache[id] { return f }
    let row = try Row.fetchOne(db, cached: "SELECT * FROM filing WHERE id = ?", arguments: [id])!
    let f = FilingRecord(
      id: id, filing: FilingID(rawValue: row["filing"]), form: FormType(rawValue: row["form"]) ?? .form4,
      filedAt: LedgerDate(row["filed_at"] as String)!, filedEstimated: row["filed_estimated"], eventSeq: row["event_seq"])
    filingCache[id] = f
    return f
  }

  /// The filing's document header (footnotes, owners...), decoded from its event.
  mutating func document(filing id: Int64) throws -> OwnershipDocument {
    if let d = documentCache[id] { return d }
    let f = try filing(id)
    guard case .filingRecorded(let e) = try event(seq: f.eventSeq) else {
      throw ProjectionError.undecodable(seq: f.eventSeq, type: "FilingRecorded")
    }
    documentCache[id] = e.document
    return e.document
  }

  /// The row an entry came from, decoded from its event.
  func row(of entry: EntryRecord) throws -> RowReported {
    guard case .rowReported(let r) = try event(seq: entry.eventSeq) else {
      throw ProjectionError.undecodable(seq: entry.eventSeq, type: "RowReported")
    }
    return r
  }

  func event(seq: Int64) throws -> LedgerEvent {
    guard let row = try Row.fetchOne(db, cached: "SELECT type, payload FROM event WHERE seq = ?", arguments: [seq]),
      let e = LedgerEvent.decode(type: row["type"], payload: Data((row["payload"] as String).utf8))
    else { throw ProjectionError.undecodable(seq: seq, type: "?") }
    return e
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

extension OwnershipDocument {
  func footnoteRefs(_ ids: [String]?) -> [FootnoteRef] {
    (ids ?? []).map { FootnoteRef(id: $0, text: footnote($0)) }
  }
}

import Foundation
import GRDB

/// What `ledger holdings` asks.
public struct HoldingsRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  public var asOf: LedgerDate
  public var knownAt: LedgerDate?
  public var includeZero: Bool

  public init(person: PersonSelector?, issuer: String? = nil, asOf: LedgerDate, knownAt: LedgerDate? = nil, includeZero: Bool = false) {
    self.person = person
    self.issuer = issuer
    self.asOf = asOf
    self.knownAt = knownAt
    self.includeZero = includeZero
  }
}

/// Positions as of a date: for each line, the last reported amount on or before it.
public struct HoldingsReport: Sendable {
  public var asOf: LedgerDate
  public var knownAt: LedgerDate?
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var positions: [Position]
}

/// One position line and its balance.
public struct Position: Sendable {
  /// Everyone the line belongs to (several for a joint filing).
  public var owners: [PartyRef]
  /// The person asked about, or the first owner.
  public var owner: PartyRef
  public var issuer: IssuerRef
  public var security: String
  public var derivative: Bool
  public var ownership: DirectOrIndirect
  public var nature: String
  public var unit: LineFacts.Unit
  /// The balance, in shares or dollars; nil when the filer gave it only as a footnote.
  public var balance: Amount?
  public var balanceFootnotes: [FootnoteRef]
  public var exercisePrice: Amount?
  public var exercisePriceFootnotes: [FootnoteRef]
  public var expirationDate: LedgerDate?
  public var expirationDateFootnotes: [FootnoteRef]
  public var underlying: String?
  public var underlyingAmount: Amount?
  /// The valid date of the fact that set the balance.
  public var since: LedgerDate
  public var filing: FilingID
  public var form: FormType
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  /// The running sum of signed transaction amounts up to the date; nil when a row's amount is unknown.
  public var deltaSum: Amount?

  var sortKey: [String] {
    [
      issuer.name, issuer.cik?.rawValue ?? "", security, derivative ? "1" : "0", ownership.rawValue, nature,
      exercisePrice?.sortKey ?? "",
      expirationDate?.description ?? "", underlying ?? "", unit.rawValue, owners.map(\.name).joined(separator: ";"),
    ]
  }
}

extension LedgerStore {
  public func holdings(_ request: HoldingsRequest) throws(LedgerError) -> HoldingsReport {
    try read { db in try Holdings.compute(request, db, statements: statements) }
  }
}

enum Holdings {
  static func compute(_ request: HoldingsRequest, _ db: Database, statements: StatementCache = StatementCache()) throws -> HoldingsReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    var positions: [Position] = []
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    for line in try reader.lines(person: person?.id, issuer: issuer?.id) {
      let entries = try scope.filter(try reader.entries(line: line.id, asOf: request.asOf, knownAt: request.knownAt))
      guard let last = entries.last else { continue }
      if let balance = last.post, balance.isZero, !request.includeZero { continue }
      let row = try reader.row(of: last).row
      let filing = try reader.filing(last.filingID)
      let owners = try reader.parties(line.ownerGroup)
      let post = row.postTransactionAmounts
      let balanceReported = line.unit == .value ? post?.valueOwnedFollowingTransaction : post?.sharesOwnedFollowingTransaction
      positions.append(
        Position(
          owners: owners, owner: person ?? owners[0], issuer: try reader.issuer(line.issuerID),
          security: line.security, derivative: line.derivative, ownership: line.ownership, nature: line.nature,
          unit: line.unit, balance: last.post,
          balanceFootnotes: try reader.footnoteRefs(balanceReported?.footnoteIds, filing: last.filingID),
          exercisePrice: line.exercisePrice,
          exercisePriceFootnotes: try reader.footnoteRefs(row.conversionOrExercisePrice?.footnoteIds, filing: last.filingID),
          expirationDate: line.expirationDate,
          expirationDateFootnotes: try reader.footnoteRefs(row.expirationDate?.footnoteIds, filing: last.filingID),
          underlying: line.underlying, underlyingAmount: last.underlyingAmount, since: last.validDate,
          filing: filing.filing, form: filing.form, filedAt: filing.filedAt, filedAtEstimated: filing.filedEstimated,
          deltaSum: deltaSum(entries)))
    }
    positions.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
    return HoldingsReport(asOf: request.asOf, knownAt: request.knownAt, person: person, issuer: issuer, positions: positions)
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

// MARK: - Rendering

extension HoldingsReport {
  public func json() -> JSONValue {
    .object([
      "asOf": .string(asOf.description),
      "knownAt": .date(knownAt),
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "positions": .array(positions.map(\.json)),
    ])
  }

  public static let csvHeader = [
    "owner_cik", "owner_name", "joint_owners", "issuer_cik", "issuer_name", "issuer_ticker", "security", "derivative",
    "ownership", "nature", "shares", "value", "exercise_price", "expiration_date", "underlying", "underlying_amount",
    "since", "accession", "accession_estimated", "filed_at", "filed_at_estimated", "form", "delta_sum", "footnotes",
  ]

  public func csv() -> CSVTable {
    CSVTable(
      header: HoldingsReport.csvHeader,
      rows: positions.map { p in
        [
          p.owner.cik?.rawValue ?? "", p.owner.name, p.owners.filter { $0 != p.owner }.map(\.name).joined(separator: "; "),
          p.issuer.cik?.rawValue ?? "", p.issuer.name, p.issuer.ticker ?? "", p.security, p.derivative ? "true" : "false",
          p.ownership.rawValue, p.nature, p.unit == .shares ? p.balance?.description ?? "" : "",
          p.unit == .value ? p.balance?.description ?? "" : "", p.exercisePrice?.description ?? "",
          p.expirationDate?.description ?? "", p.underlying ?? "", p.underlyingAmount?.description ?? "",
          p.since.description, p.filing.rawValue, p.filing.isEstimated ? "true" : "false", p.filedAt.description,
          p.filedAtEstimated ? "true" : "false", p.form.rawValue, p.deltaSum?.description ?? "",
          (p.balanceFootnotes + p.exercisePriceFootnotes + p.expirationDateFootnotes).map { "\($0.id): \($0.text ?? "")" }
            .joined(separator: " | "),
        ]
      })
  }

  public func table() -> String {
    let who = Terminal.printable(person?.name ?? issuer.map { "\($0.name) (all owners)" } ?? "everyone")
    var out = "\(who): holdings as of \(asOf)" + (knownAt.map { ", as known at \($0)" } ?? "") + "\n"
    if positions.isEmpty {
      return out + "No positions.\n"
    }
    out += "\n"
    let table = TextTable(
      columns: [
        .init("ISSUER"), .init("SECURITY"), .init("HELD"), .init("SHARES", right: true), .init("VALUE $", right: true),
        .init("EXERCISE", right: true), .init("EXPIRES"), .init("UNDERLYING"), .init("UNDERLYING AMT", right: true),
        .init("SINCE"), .init("FILING"), .init("JOINT WITH"),
      ],
      rows: positions.map { p in
        [
          p.issuer.name + (p.issuer.ticker.map { " (\($0))" } ?? ""), p.security,
          p.ownership == .direct ? "D" : "I: " + p.nature,
          p.unit == .shares ? (p.balance?.grouped ?? "unknown" + p.balanceFootnotes.marker) : "",
          p.unit == .value ? (p.balance?.grouped ?? "unknown" + p.balanceFootnotes.marker) : "",
          p.exercisePrice?.description ?? (p.exercisePriceFootnotes.isEmpty ? "" : "see" + p.exercisePriceFootnotes.marker),
          p.expirationDate?.description ?? (p.expirationDateFootnotes.isEmpty ? "" : "see" + p.expirationDateFootnotes.marker),
          p.underlying ?? "", p.underlyingAmount?.grouped ?? "", p.since.description,
          p.filing.rawValue + (p.filing.isEstimated ? " (estimated)" : ""),
          p.owners.filter { $0 != p.owner }.map(\.name).joined(separator: "; "),
        ]
      })
    out += table.rendered()
    let notes = positions.flatMap { $0.balanceFootnotes + $0.exercisePriceFootnotes + $0.expirationDateFootnotes }
    if !notes.isEmpty {
      out += "\n"
      var seen = Set<String>()
      for n in notes where seen.insert(n.id + (n.text ?? "")).inserted {
        out += "[\(n.id)] \(Terminal.printable(n.text ?? "(footnote not in the filing)"))\n"
      }
    }
    return out
  }
}

extension Position {
  var json: JSONValue {
    .object([
      "owner": owner.json,
      "jointOwners": .array(owners.filter { $0 != owner }.map(\.json)),
      "issuer": issuer.json,
      "security": .string(security),
      "derivative": .bool(derivative),
      "ownership": .string(ownership.rawValue),
      "nature": .string(nature),
      "shares": unit == .shares ? .amount(balance) : .null,
      "sharesFootnotes": .array(unit == .shares ? balanceFootnotes.map(\.json) : []),
      "value": unit == .value ? .amount(balance) : .null,
      "valueFootnotes": .array(unit == .value ? balanceFootnotes.map(\.json) : []),
      "exercisePrice": .amount(exercisePrice),
      "exercisePriceFootnotes": .array(exercisePriceFootnotes.map(\.json)),
      "expirationDate": .date(expirationDate),
      "expirationDateFootnotes": .array(expirationDateFootnotes.map(\.json)),
      "underlying": .string(underlying),
      "underlyingAmount": .amount(underlyingAmount),
      "since": .string(since.description),
      "accession": .string(filing.rawValue),
      "accessionEstimated": .bool(filing.isEstimated),
      "filedAt": .string(filedAt.description),
      "filedAtEstimated": .bool(filedAtEstimated),
      "form": .string(form.rawValue),
      "deltaSum": .amount(deltaSum),
    ])
  }
}

extension PartyRef {
  var json: JSONValue { .object(["cik": .string(cik?.rawValue), "name": .string(name)]) }
}

extension IssuerRef {
  var json: JSONValue { .object(["cik": .string(cik?.rawValue), "name": .string(name), "ticker": .string(ticker)]) }
}

extension FootnoteRef {
  var json: JSONValue { .object(["id": .string(id), "text": .string(text)]) }
}

extension [FootnoteRef] {
  /// ` [F1,F2]`, for a cell whose value is only in footnotes.
  var marker: String { isEmpty ? "" : " [" + map(\.id).joined(separator: ",") + "]" }
}

import Foundation
import GRDB

/// Decides what an amendment amends.
///
/// EDGAR links an amendment to its original only by `dateOfOriginalSubmission`, the original's
/// filing date as the filer typed it. The ledger links:
/// 1. explicitly, when the filing names the amended accession (`amends`, `--amends`);
/// 2. otherwise to the one filing of the same issuer, the same reporting owners and the same form
///    family (3, 4, 5; not itself an amendment) filed on that date;
/// 3. otherwise to the one filed nearest after it, within `windowBusinessDays` business days (an
///    after-hours submission is dated the next business day).
/// Several equally good candidates: ambiguous, nothing linked. None: pending, linked when the
/// original arrives. The decision is a pure function of the candidates, so it can be replayed as
/// of any known-time.
public enum AmendmentLinker {
  public static let windowBusinessDays = 3

  /// A filing an amendment may amend.
  struct Candidate: Hashable, Sendable {
    var id: Int64
    var filing: FilingID
    var filedAt: LedgerDate
    var form: FormType
  }

  /// The amendment's facts that linking needs.
  struct Amendment: Sendable {
    var id: Int64
    var filing: FilingID
    var filedAt: LedgerDate
    var form: FormType
    var issuerID: Int64
    var ownerGroup: String
    var originalDate: LedgerDate?
    var amends: AccessionNumber?
  }

  struct Resolution: Equatable, Sendable {
    var status: AmendmentResolved.Status
    var method: AmendmentResolved.Method?
    var original: Candidate?
    var considered: [Candidate]
    var reason: String
  }

  /// Resolves an amendment among `candidates` (the same-date-window originals) and the
  /// explicitly named target, using only what was filed on or before `knownAt`.
  static func resolve(_ a: Amendment, candidates: [Candidate], explicit: Candidate?, knownAt: LedgerDate? = nil) -> Resolution {
    func known(_ c: Candidate) -> Bool { knownAt.map { c.filedAt <= $0 } ?? true }
    if let named = a.amends {
      if let target = explicit, known(target) {
        return Resolution(
          status: .linked, method: .explicit, original: target, considered: [target],
          reason: "names \(named) as the filing it amends")
      }
      return Resolution(
        status: .pending, method: .explicit, original: nil, considered: [],
        reason: "names \(named) as the filing it amends, which is not in the ledger\(knownAt.map { " as known at \($0)" } ?? "")")
    }
    guard let date = a.originalDate else {
      return Resolution(status: .pending, method: nil, original: nil, considered: [], reason: "gives no dateOfOriginalSubmission")
    }
    let usable = candidates.filter { known($0) && $0.id != a.id }.sorted { ($0.filedAt, $0.filing) < ($1.filedAt, $1.filing) }
    let exact = usable.filter { $0.filedAt == date }
    if exact.count == 1 {
      return Resolution(
        status: .linked, method: .exactDate, original: exact[0], considered: usable,
        reason: "the only \(a.form.family == "3" ? "Form 3" : "Form \(a.form.family)") of these owners at this issuer filed on \(date)")
    }
    if exact.count > 1 {
      return Resolution(
        status: .ambiguous, method: .exactDate, original: nil, considered: usable,
        reason: "\(exact.count) filings of these owners at this issuer were filed on \(date) (\(exact.map(\.filing.rawValue).joined(separator: ", "))); cannot tell which one it amends")
    }
    let window = usable.filter { $0.filedAt > date && date.businessDays(until: $0.filedAt) <= windowBusinessDays }
    if let nearest = window.first?.filedAt {
      let best = window.filter { $0.filedAt == nearest }
      if best.count == 1 {
        return Resolution(
          status: .linked, method: .dateWindow, original: best[0], considered: usable,
          reason: "none filed on \(date); the nearest filed after it, \(date.businessDays(until: nearest)) business day(s) later")
      }
      return Resolution(
        status: .ambiguous, method: .dateWindow, original: nil, considered: usable,
        reason: "none filed on \(date) and \(best.count) filed on \(nearest) (\(best.map(\.filing.rawValue).joined(separator: ", "))); cannot tell which one it amends")
    }
    return Resolution(
      status: .pending, method: nil, original: nil, considered: usable,
      reason: "no Form \(a.form.family) of these owners at this issuer filed on \(date) or within \(windowBusinessDays) business days after it is in the ledger\(knownAt.map { " as known at \($0)" } ?? "")")
  }

  // MARK: - Queries

  static func amendment(id: Int64, _ db: Database, _ sql: StatementCache = StatementCache()) throws -> Amendment? {
    guard let row = try Row.fetchOne(try sql.statement(db, "SELECT * FROM filing WHERE id = ?"), arguments: [id]),
      let form = FormType(rawValue: row["form"]), form.isAmendment
    else { return nil }
    return Amendment(
      id: id, filing: FilingID(rawValue: row["filing"]), filedAt: LedgerDate(row["filed_at"] as String)!, form: form,
      issuerID: row["issuer_id"], ownerGroup: row["owner_group"],
      originalDate: (row["original_date"] as String?).flatMap { LedgerDate($0) },
      amends: (row["amends"] as String?).flatMap { AccessionNumber($0) })
  }

  /// Originals of the same issuer, owners and form family filed from the original date to the end
  /// of the window (a week covers three business days).
  static func candidates(for a: Amendment, _ db: Database, _ sql: StatementCache = StatementCache()) throws -> [Candidate] {
    guard let date = a.originalDate else { return [] }
    return try Row.fetchAll(try sql.statement(db, """
        SELECT id, filing, filed_at, form FROM filing
        WHERE issuer_id = ? AND owner_group = ? AND form = ? AND duplicate_of IS NULL AND filed_at BETWEEN ? AND ?
        ORDER BY filed_at, filing
        """),
      arguments: [a.issuerID, a.ownerGroup, a.form.family, date.description, date.adding(days: 7).description]
    ).map(candidate)
  }

  static func explicitTarget(for a: Amendment, _ db: Database, _ sql: StatementCache = StatementCache()) throws -> Candidate? {
    guard let named = a.amends else { return nil }
    return try Row.fetchOne(try sql.statement(db, "SELECT id, filing, filed_at, form FROM filing WHERE filing = ? AND duplicate_of IS NULL"),
      arguments: [named.rawValue]
    ).map(candidate)
  }

  static func candidate(_ row: Row) -> Candidate {
    Candidate(
      id: row["id"], filing: FilingID(rawValue: row["filing"]), filedAt: LedgerDate(row["filed_at"] as String)!,
      form: FormType(rawValue: row["form"]) ?? .form4)
  }

  typealias Subject = FilingSubject

  /// Amendments whose link may change now that `filingID` was recorded, dated or retired: the
  /// filing itself if it is an amendment, amendments that may amend it, and amendments that
  /// considered it before. `known` is the filing's subject when the caller has it (the filing
  /// it just recorded), read from its row otherwise.
  static func affected(
    by filingID: Int64, isNew: Bool = false, known: Subject? = nil, _ db: Database, _ sql: StatementCache = StatementCache()
  ) throws -> [Int64] {
    guard
      let f = try known
        ?? sql.row(
          db, "SELECT form, filed_at, issuer_id, owner_group, accession FROM filing WHERE id = ?", filingID,
          read: { s in
            Subject(
              form: FormType(rawValue: s.string(0) ?? "") ?? .form4, filed: LedgerDate(s.string(1) ?? "") ?? LedgerDate(dayNumber: 0),
              issuer: s.int64(2), owners: s.string(3) ?? "", accession: s.string(4))
          })
    else { return [] }
    var ids = Set<Int64>()
    if f.form.isAmendment { ids.insert(filingID) }
    if !f.form.isAmendment {
      ids.formUnion(
        try sql.int64s(
          db,
          """
          SELECT id FROM filing WHERE issuer_id = ? AND owner_group = ? AND form = ? AND amends IS NULL
            AND original_date BETWEEN ? AND ?
          """, f.issuer, f.owners, f.form.rawValue + "/A", f.filed.adding(days: -7).description, f.filed.description))
    }
    if let accession = f.accession {
      ids.formUnion(try sql.int64s(db, "SELECT id FROM filing WHERE amends = ?", accession))
    }
    // A filing recorded just now cannot have been considered by an amendment yet.
    if !isNew {
      ids.formUnion(try sql.int64s(db, "SELECT amendment_id FROM amendment_candidate WHERE candidate_id = ?", filingID))
      ids.formUnion(try sql.int64s(db, "SELECT filing_id FROM amendment WHERE original_id = ?", filingID))
    }
    return ids.sorted()
  }

  /// The events that bring the recorded links of `amendmentIDs` up to date (none when nothing
  /// changed).
  static func events(for amendmentIDs: [Int64], _ db: Database, _ sql: StatementCache = StatementCache()) throws -> [AmendmentResolved] {
    var out: [AmendmentResolved] = []
    for id in amendmentIDs {
      guard let a = try amendment(id: id, db, sql),
        try Int64.fetchOne(try sql.statement(db, "SELECT duplicate_of FROM filing WHERE id = ?"), arguments: [id]) == nil
      else { continue }
      let r = resolve(a, candidates: try candidates(for: a, db, sql), explicit: try explicitTarget(for: a, db, sql))
      let event = AmendmentResolved(
        amendment: a.filing, status: r.status, method: r.method, original: r.original?.filing,
        candidates: r.considered.map { .init(filing: $0.filing, filedAt: $0.filedAt, form: $0.form) }, reason: r.reason)
      if let stored = try Row.fetchOne(try sql.statement(db, "SELECT event_seq FROM amendment WHERE filing_id = ?"), arguments: [id]),
        let seq = stored["event_seq"] as Int64?,
        let payload = try DatabaseValue.fetchOne(try sql.statement(db, "SELECT payload FROM event WHERE seq = ?"), arguments: [seq]),
        case .amendmentResolved(let previous) = LedgerEvent.decode(
          type: LedgerEvent.Kind.amendmentResolved.rawValue, payload: try PayloadCodec.shared.canonical(payload, db)),
        previous == event
      {
        continue
      }
      out.append(event)
    }
    return out
  }
}

import Foundation
import GRDB

/// Decides which rows are in force, as known at a date.
///
/// An original and the amendments linked to it form a family. For each table (Table I, Table II)
/// the rows in force are those of the latest amendment (by filing date, then accession) that
/// carries rows in that table; if none does, the original's. Every other member's rows of that
/// table are superseded: they stay in the log and in history, marked with the filing that
/// superseded them, and leave the balances. Pending amendments (original not in the ledger) count,
/// superseding earlier pending amendments of the same original date the same way; an ambiguous
/// amendment supersedes nothing. Links are decided again from the candidates filed on or before
/// the known-time, so "as known at K" sees the links that could be made at K.
/// Whether a row counts: in force, superseded by an amendment, or the row of a pending or
/// ambiguous amendment (which counts).
public enum RowStatus: String, Sendable {
  case inForce = "in force"
  case superseded
  case pending
}

/// A row as the rules read it: its filing's row id, its table, and whether the filing belongs
/// to an amendment family (an amendment, or a filing one may amend).
protocol FiledRow {
  var filingID: Int64 { get }
  var table: TableKind { get }
  var inFamily: Bool { get }
}

final class InForce {
  private let db: Database
  private let knownAt: LedgerDate?
  /// The connection's compiled statements (the linker's queries run for every amendment met).
  private let sql: StatementCache
  private var resolutions: [Int64: AmendmentLinker.Resolution?] = [:]
  private var families: [FamilyKey: Family] = [:]
  private var familyOf: [Int64: FamilyKey] = [:]
  private var filings: [Int64: Member] = [:]
  /// The amendments that list each filing as a candidate, as prefetched.
  private var amendmentsOf: [Int64: [Int64]] = [:]
  /// Each amendment's link as the ledger holds it now (with no known-time), as prefetched.
  private var links: [Int64: (status: AmendmentResolved.Status, original: Int64?)] = [:]
  /// Each filing's status per table, decided once: a line lists a filing's rows one by one.
  private var decided: [Int64: [(RowStatus, FilingID?)?]] = [:]

  /// What the rules read of a family's member.
  struct Member {
    var id: Int64
    var filing: FilingID
    var filedAt: LedgerDate
    var form: FormType
    var table1: Int
    var table2: Int
    var issuerID: Int64
    var ownerGroup: String
    var originalDate: LedgerDate?
    var amends: AccessionNumber?

    /// The columns `init(_:)` reads, in its order.
    static let selectList = "id, filing, filed_at, form, table1_rows, table2_rows, issuer_id, owner_group, original_date, amends"

    /// The filing as the linker reads an amendment, or nil for an original.
    var amendment: AmendmentLinker.Amendment? {
      guard form.isAmendment else { return nil }
      return .init(
        id: id, filing: filing, filedAt: filedAt, form: form, issuerID: issuerID, ownerGroup: ownerGroup, originalDate: originalDate,
        amends: amends)
    }

    init(_ s: RawStatement) {
      id = s.int64(0)
      filing = FilingID(rawValue: s.string(1) ?? "")
      filedAt = s.string(2).flatMap { LedgerDate($0) } ?? LedgerDate(dayNumber: 0)
      form = s.string(3).flatMap { FormType(rawValue: $0) } ?? .form4
      (table1, table2) = (Int(s.int64(4)), Int(s.int64(5)))
      issuerID = s.int64(6)
      ownerGroup = s.string(7) ?? ""
      originalDate = s.string(8).flatMap { LedgerDate($0) }
      amends = s.string(9).flatMap { AccessionNumber($0) }
    }
  }

  struct Family {
    var ambiguous = false
    var members: [Member] = []
  }

  init(_ db: Database, knownAt: LedgerDate?, statements: StatementCache = StatementCache()) throws {
    self.db = db
    self.knownAt = knownAt
    sql = statements
  }

  /// The entries that count towards balances.
  func filter<Row: FiledRow>(_ entries: [Row]) throws -> [Row] {
    // Closures rather than key paths: a report filters every line's entries.
    guard entries.contains(where: { $0.inFamily }) else { return entries }
    // Kept in one pass, with no array of statuses or of pairs (each pair a copy of its row).
    try prefetch(familiesOf: entries)
    var kept: [Row] = []
    kept.reserveCapacity(entries.count)
    for e in entries where try status(of: e).0 != .superseded { kept.append(e) }
    return kept
  }

  /// For each entry: in force, superseded (and by which filing), or pending. The facts of the
  /// entries' family members are read together first, whichever report asks.
  func statuses<Row: FiledRow>(_ entries: [Row]) throws -> [(RowStatus, FilingID?)] {
    try prefetch(familiesOf: entries)
    return try entries.map(status(of:))
  }

  /// An entry's status: in force outside an amendment family, else as its filing's table is.
  private func status<Row: FiledRow>(of e: Row) throws -> (RowStatus, FilingID?) {
    e.inFamily ? try status(filing: e.filingID, table: e.table) : (.inForce, nil)
  }

  func status(filing id: Int64, table: TableKind) throws -> (RowStatus, FilingID?) {
    let slot = table == .derivative ? 1 : 0
    if let known = decided[id]?[slot] { return known }
    let status = try decide(filing: id, table: table)
    decided[id, default: [nil, nil]][slot] = status
    return status
  }

  private func decide(filing id: Int64, table: TableKind) throws -> (RowStatus, FilingID?) {
    let key = try familyKey(id)
    let family = try members(key)
    let f = try facts(id)
    if family.ambiguous { return (.pending, nil) }
    let carriers = family.members.filter { (table == .derivative ? $0.table2 : $0.table1) > 0 }
    let amendments = carriers.filter { $0.form.isAmendment }
    let winner = amendments.max { ($0.filedAt, $0.filing) < ($1.filedAt, $1.filing) } ?? carriers.first { !$0.form.isAmendment }
    if let winner, winner.id != id { return (.superseded, winner.filing) }
    if f.form.isAmendment, let r = try resolution(id), r.status != .linked { return (.pending, nil) }
    return (.inForce, nil)
  }

  /// The original an amendment amends (through amendments of amendments), as linked at the
  /// known-time; nil for an original, or an amendment pending or ambiguous.
  func original(of id: Int64) throws -> Member? {
    guard case .original(let root) = try familyKey(id), root != id else { return nil }
    return try facts(root)
  }

  // MARK: - Families

  /// Reads these filings' facts in a few statements, with the amendments that consider them
  /// and, with no known-time, the links the ledger holds; then the same for the filings those
  /// name, up to four rounds (a longer chain's rest is read when met). A report that filters
  /// many lines calls it first rather than reading each family member on its own.
  func prefetch(_ ids: some Sequence<Int64>) throws {
    var next = ids.missing(from: filings)
    for _ in 0..<4 where !next.isEmpty {
      let missing = next.sorted()
      try RawStatement.forEachRow(in: missing, db, { "SELECT \(Member.selectList) FROM filing WHERE id IN (\($0))" }) { s in
        let f = Member(s)
        filings[f.id] = f
      }
      for id in missing { amendmentsOf[id] = [] }
      try RawStatement.forEachRow(in: missing, db, { "SELECT candidate_id, amendment_id FROM amendment_candidate WHERE candidate_id IN (\($0))" }) { s in
        amendmentsOf[s.int64(0), default: []].append(s.int64(1))
      }
      if knownAt == nil {
        let amendments = missing.filter { filings[$0]?.form.isAmendment == true }
        try RawStatement.forEachRow(in: amendments, db, { "SELECT filing_id, status, original_id FROM amendment WHERE filing_id IN (\($0))" }) { s in
          guard let status = s.string(1).flatMap(AmendmentResolved.Status.init(rawValue:)) else { return }
          links[s.int64(0)] = (status, s.isNull(2) ? nil : s.int64(2))
        }
      }
      let named = missing.flatMap { (amendmentsOf[$0] ?? []) + [links[$0]?.original].compactMap { $0 } }
      next = named.missing(from: filings)
    }
  }

  /// Reads the facts of the amendment-family filings these entries come from (`prefetch`).
  func prefetch<Row: FiledRow>(familiesOf entries: some Sequence<Row>) throws {
    try prefetch(entries.lazy.filter { $0.inFamily }.map { $0.filingID })
  }

  private func facts(_ id: Int64) throws -> Member {
    if let f = filings[id] { return f }
    try prefetch([id])
    return filings[id]!
  }

  private func amendments(considering id: Int64) throws -> [Int64] {
    if let known = amendmentsOf[id] { return known }
    return try Int64.fetchAll(db, cached: "SELECT amendment_id FROM amendment_candidate WHERE candidate_id = ?", arguments: [id])
  }

  private func known(_ f: Member) -> Bool { knownAt.map { f.filedAt <= $0 } ?? true }

  /// The amendment's link as known at the known-time (nil when the amendment itself is not known).
  private func resolution(_ id: Int64) throws -> AmendmentLinker.Resolution? {
    if let r = resolutions[id] { return r }
    var r: AmendmentLinker.Resolution?
    if let link = links[id] {
      // With no known-time, the link the ledger holds is the one the rules give now; the
      // status and the original are all that decide which rows are in force.
      let original = try link.original.map { o -> AmendmentLinker.Candidate in
        let f = try facts(o)
        return .init(id: f.id, filing: f.filing, filedAt: f.filedAt, form: f.form)
      }
      r = AmendmentLinker.Resolution(status: link.status, method: nil, original: original, considered: [], reason: "")
    } else if let a = try facts(id).amendment, knownAt.map({ a.filedAt <= $0 }) ?? true {
      r = AmendmentLinker.resolve(
        a, candidates: try AmendmentLinker.candidates(for: a, db, sql), explicit: try AmendmentLinker.explicitTarget(for: a, db, sql),
        knownAt: knownAt)
    }
    resolutions[id] = .some(r)
    return r
  }

  enum FamilyKey: Hashable {
    case original(Int64)
    case ambiguous(Int64)
    case pending(issuer: Int64, owners: String, form: FormType, originalDate: LedgerDate?, amends: String?, alone: Int64?)
  }

  /// The family a filing belongs to: its original's, a pending group's, or its own.
  private func familyKey(_ id: Int64, depth: Int = 0) throws -> FamilyKey {
    if let k = familyOf[id] { return k }
    let f = try facts(id)
    var key = FamilyKey.original(id)
    if f.form.isAmendment, depth < 16, let r = try resolution(id) {
      switch r.status {
      case .linked: key = try familyKey(r.original!.id, depth: depth + 1)
      case .ambiguous: key = .ambiguous(id)
      case .pending:
        key = .pending(
          issuer: f.issuerID, owners: f.ownerGroup, form: f.form, originalDate: f.originalDate,
          amends: f.amends?.rawValue, alone: f.originalDate == nil && f.amends == nil ? id : nil)
      }
    }
    familyOf[id] = key
    return key
  }

  private func members(_ key: FamilyKey) throws -> Family {
    if let f = families[key] { return f }
    var family = Family()
    var roots: [Int64] = []
    switch key {
    case .ambiguous(let id):
      family.ambiguous = true
      family.members = [try facts(id)]
    case .original(let id):
      roots = [id]
    case .pending(let issuer, let owners, let form, let date, let amends, let alone):
      // Pending amendments of one original (same date, or same named accession): the latest
      // restates the earlier ones.
      if let alone {
        roots = [alone]
      } else if let amends {
        roots = try Int64.fetchAll(db, cached: "SELECT id FROM filing WHERE amends = ? AND duplicate_of IS NULL", arguments: [amends])
      } else if let date {
        roots = try Int64.fetchAll(
          db,
          cached: """
            SELECT id FROM filing WHERE issuer_id = ? AND owner_group = ? AND form = ? AND original_date = ?
              AND amends IS NULL AND duplicate_of IS NULL
            """, arguments: [issuer, owners, form.rawValue, date.description])
      }
      roots = try roots.filter { try resolution($0)?.status == .pending }
    }
    // Each root and, transitively, the known amendments linked to a member.
    var queue = roots
    var seen = Set<Int64>()
    while let m = queue.popLast() {
      guard seen.insert(m).inserted else { continue }
      let mf = try facts(m)
      if known(mf) { family.members.append(mf) }
      for a in try amendments(considering: m) {
        if let r = try resolution(a), r.status == .linked, r.original?.id == m { queue.append(a) }
      }
    }
    families[key] = family
    return family
  }
}

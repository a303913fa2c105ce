import Foundation
import GRDB

/// What `ledger late` asks.
public struct LateRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  /// Only filings filed on or after this date.
  public var from: LedgerDate?
  /// Only filings filed on or before this date.
  public var to: LedgerDate?
  public var knownAt: LedgerDate?
  /// List the filings filed on time too.
  public var all: Bool

  public init(
    person: PersonSelector? = nil, issuer: String? = nil, from: LedgerDate? = nil, to: LedgerDate? = nil, knownAt: LedgerDate? = nil, all: Bool = false
  ) {
    self.all = all
    self.person = person
    self.issuer = issuer
    self.from = from
    self.to = to
    self.knownAt = knownAt
  }
}

/// Section 16(a) reports filed after their due date, one line per filing, and the Item 405
/// view per person, issuer and fiscal year.
public struct LateReport: Sendable {
  public var request: LateRequest
  public var person: PartyRef?
  public var issuer: IssuerRef?
  /// Filings judged (late or not).
  public var filingsChecked: Int
  public var filings: [LateFiling]
  public var summary: [LateSummary]
}

/// A filing with at least one row reported after its due date (or, when all are asked for, one
/// filed on time).
public struct LateFiling: Sendable {
  /// Some row (or the form itself) was due before the date judged.
  public var late: Bool
  public var filing: FilingID
  public var accessionEstimated: Bool
  public var form: FormType
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  /// The date its rows were judged by: the filing date, or for the rows an amendment restates
  /// of an original not in the ledger, the original's submission date it gives.
  public var judgedAt: LedgerDate
  public var issuer: IssuerRef
  public var owners: [PartyRef]
  /// The earliest late row (of an on-time filing, its earliest row): its place in the filing, the date its deadline runs from, its code.
  public var earliestRow: String?
  public var earliestDate: LedgerDate?
  public var earliestCode: TransactionCode?
  public var lateRows: Int
  /// Rows a Form 5 reported that a Form 4 was due for.
  public var missingForm4: Int
  public var dueDate: LedgerDate
  /// Calendar days from the due date to the date judged (zero or less when on time).
  public var daysLate: Int
  /// Some row says `transactionTimeliness` L.
  public var filerSaysLate: Bool
  /// The filing date is estimated (no accession, as for a paper copy): late or not cannot be
  /// told for certain.
  public var possiblyLate: Bool { filedAtEstimated }
  public var rule: String
  /// The issuer's fiscal year the due date falls in, by its last day.
  public var fiscalYearEnd: LedgerDate
  public var fiscalYearAssumed: Bool
}

/// The Item 405 view for one person, issuer and fiscal year.
public struct LateSummary: Sendable {
  public var owner: PartyRef
  public var issuer: IssuerRef
  public var fiscalYearEnd: LedgerDate
  public var fiscalYearAssumed: Bool
  public var lateReports: Int
  public var lateTransactions: Int
  /// Known failures to file: Form 4 rows first reported on a Form 5 after their due date.
  public var missingFilings: Int
}

enum Late {
  static func compute(_ request: LateRequest, _ db: Database, statements: StatementCache = StatementCache()) throws -> LateReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    var filings = Scope.filings(person: person?.id, issuer: issuer?.id)
    filings.add("f.duplicate_of IS NULL")
    if let upTo = [request.to, request.knownAt].compactMap({ $0 }).min() { filings.add("f.filed_at <= ?", upTo.description) }
    if let from = request.from { filings.add("f.filed_at >= ?", from.description) }
    let sql = "SELECT DISTINCT f.id, f.period, f.issuer_id, f.owner_group, f.original_date, f.filed_at FROM filing f"
      + filings.join + filings.whereClause + " ORDER BY f.filed_at, f.filing"
    var fiscalYears: [Int64: FilingDeadlines.FiscalYearEnd] = [:]
    var lines: [LateFiling] = []
    var checked = 0
    // Judged a chunk of filings at a time: their records and rows read in a statement or two,
    // and dropped before the next chunk, so that a ledger of a million filings is judged in
    // thousands of statements and the memory of one chunk.
    func judge(_ chunk: [Row]) throws {
      let ids = chunk.map { $0["id"] as Int64 }
      try reader.prefetch(filings: ids, footnotes: false)
      let rowsOf = try Self.rows(filings: ids, db)
      defer { reader.filingCache.removeAll(keepingCapacity: true) }
      for row in chunk {
        let id: Int64 = row["id"]
        let issuerID: Int64 = row["issuer_id"]
        let record = try reader.filing(id)
        let period = LedgerDate(row["period"] as String) ?? record.filedAt
        if fiscalYears[issuerID] == nil { fiscalYears[issuerID] = try fiscalYear(issuer: issuerID, knownAt: request.knownAt, db) }
        let fiscal = fiscalYears[issuerID]!
        var rows = rowsOf[id] ?? []
        var judgedAt = record.filedAt
        if record.form.isAmendment {
          if let original = try scope.original(of: id) {
            // The rows it restates are the original's, judged (and listed) with it; telling
            // which takes their titles.
            let originalRows = try Self.rows(filing: original.id, titles: true, db)
            rows = try Self.rows(filing: id, titles: true, db).filter { r in !originalRows.contains { restates(r, $0) } }
            if rows.isEmpty { checked += 1; continue }
          } else if let originalDate = (row["original_date"] as String?).flatMap({ LedgerDate($0) }) {
            judgedAt = min(judgedAt, originalDate)
          }
        }
        checked += 1
        var due: [(TableRow?, FilingDeadlines.Due)] = rows.compactMap { r in
          FilingDeadlines.due(form: record.form, period: period, row: r, fiscalYear: fiscal).map { (r, $0) }
        }
        if due.isEmpty, record.form.family == "3" { due = [(nil, FilingDeadlines.form3(event: period))] }
        if due.isEmpty, record.form.family == "5" { due = [(nil, FilingDeadlines.form5(fiscalYearEnd: period))] }
        let lateRows = due.filter { judgedAt > $0.1.date }
        let isLate = !lateRows.isEmpty
        guard isLate || request.all else { continue }
        let late = isLate ? lateRows : due
        guard let worst = late.min(by: { ($0.1.date, $0.0?.path ?? "") < ($1.1.date, $1.0?.path ?? "") }) else { continue }
        let earliest = late.min { a, b in
          (triggerDate(a.0) ?? period, a.0?.path ?? "") < (triggerDate(b.0) ?? period, b.0?.path ?? "")
        }!
        let fiscalEnd = record.form.family == "5" ? period : fiscal.end(containing: worst.1.date)
        lines.append(
          LateFiling(
            late: isLate, filing: record.filing, accessionEstimated: record.filing.isEstimated, form: record.form, filedAt: record.filedAt,
            filedAtEstimated: record.filedEstimated, judgedAt: judgedAt, issuer: try reader.issuer(issuerID),
            owners: try reader.parties(row["owner_group"]), earliestRow: earliest.0?.path, earliestDate: triggerDate(earliest.0) ?? period,
            earliestCode: earliest.0?.row.transactionCoding?.transactionCode, lateRows: lateRows.filter { $0.0 != nil }.count,
            missingForm4: lateRows.filter(\.1.missingForm4).count, dueDate: worst.1.date, daysLate: judgedAt.dayNumber - worst.1.date.dayNumber,
            filerSaysLate: rows.contains { $0.row.transactionTimeliness?.value == .late }, rule: worst.1.rule,
            fiscalYearEnd: fiscalEnd, fiscalYearAssumed: record.form.family == "5" ? false : fiscal.assumed))
      }
    }
    let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(filings.arguments))
    var chunk: [Row] = []
    while let row = try cursor.next() {
      chunk.append(row.copy())
      if chunk.count == 500 {
        try judge(chunk)
        chunk.removeAll(keepingCapacity: true)
      }
    }
    try judge(chunk)
    return LateReport(request: request, person: person, issuer: issuer, filingsChecked: checked, filings: lines, summary: summarise(lines.filter(\.late), person: person))
  }

  /// The filing's rows, in the ledger's order, in one statement.
  static func rows(filing id: Int64, titles: Bool = false, _ db: Database) throws -> [TableRow] {
    try rows(filings: [id], titles: titles, db)[id] ?? []
  }

  /// The rows of these filings, each filing's in the ledger's order, as the deadlines read
  /// them: made from their entries, notes and lines in a statement per 500 filings (no event
  /// is decoded). With `titles`, each row's title is its line's, which has the same title key;
  /// without, none (only an amendment's rows are compared by title, and the lines of a whole
  /// ledger's entries are read in no useful order).
  static func rows(filings ids: [Int64], titles: Bool = false, _ db: Database) throws -> [Int64: [TableRow]] {
    var out: [Int64: [TableRow]] = [:]
    let title = titles ? "l.security FROM entry e JOIN line l ON l.id = e.line_id" : "NULL FROM entry e"
    let sql = { (marks: String) in
      """
      SELECT e.filing_id, e.event_seq, e.row_order, e.valid_day, e.code, e.notes, \(title)
      WHERE e.filing_id IN (\(marks)) ORDER BY e.filing_id, e.row_order
      """
    }
    try RawStatement.forEachRow(in: ids, db, sql) { s in
      let order = Int(s.int64(2))
      let notes = try LedgerReader.notes(s.string(5), eventSeq: s.int64(1))
      let table: TableKind = order >= 2_000_000 ? .derivative : .nonDerivative
      let kind: RowKind = order % 2_000_000 >= 1_000_000 ? .holding : .transaction
      var row = ReportedRow(
        securityTitle: Reported(notes.titleByFootnote ? nil : s.string(6)), ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(nil)))
      row.transactionDate = notes.transactionDate(kind: kind, validDate: LedgerDate(dayNumber: Int(s.int64(3)))).map { Reported($0) }
      row.deemedExecutionDate = notes.deemedExecutionDate.map { Reported($0) }
      row.transactionTimeliness = notes.timeliness.map { Reported($0) }
      let code = s.string(4).flatMap(TransactionCode.init(rawValue:))
      let form = notes.formType(kind: kind)
      if code != nil || form != nil { row.transactionCoding = TransactionCoding(transactionFormType: form, transactionCode: code) }
      out[s.int64(0), default: []].append(TableRow(table: table, kind: kind, index: order % 1_000_000, row: row))
    }
    return out
  }

  /// The date a row's deadline runs from: the deemed execution date, else the transaction date.
  static func triggerDate(_ row: TableRow?) -> LedgerDate? {
    guard let row, row.kind == .transaction else { return nil }
    return row.row.deemedExecutionDate?.value ?? row.row.transactionDate?.value
  }

  /// An amendment's row restates an original's when table, kind, date, code and title agree.
  static func restates(_ a: TableRow, _ b: TableRow) -> Bool {
    a.table == b.table && a.kind == b.kind && a.row.transactionDate?.value == b.row.transactionDate?.value
      && a.row.transactionCoding?.transactionCode == b.row.transactionCoding?.transactionCode
      && NameKey.title(a.row.securityTitle.value ?? "") == NameKey.title(b.row.securityTitle.value ?? "")
  }

  /// The period of an issuer's (?1) latest Form 5 filed on or before ?2, through
  /// `filing_form5_by_issuer` (whose condition the query repeats, so that SQLite may use it).
  static let fiscalYearQuery = """
    SELECT period FROM filing WHERE issuer_id = ? AND form IN ('5', '5/A') AND duplicate_of IS NULL AND filed_at <= ?
    ORDER BY filed_at DESC, filing DESC LIMIT 1
    """

  /// The issuer's fiscal year end: the month and day of its latest Form 5's period of report
  /// in the ledger, else December 31 (assumed).
  static func fiscalYear(issuer: Int64, knownAt: LedgerDate?, _ db: Database) throws -> FilingDeadlines.FiscalYearEnd {
    let period = try String.fetchOne(db, cached: fiscalYearQuery, arguments: [issuer, knownAt?.description ?? "9999-12-31"])
    guard let date = period.flatMap({ LedgerDate($0) }) else { return .calendarYear }
    return FilingDeadlines.FiscalYearEnd(month: date.month, day: date.day, assumed: false)
  }

  /// Per owner (the person asked about, else each owner), issuer and fiscal year.
  static func summarise(_ lines: [LateFiling], person: PartyRef?) -> [LateSummary] {
    struct Key: Hashable {
      var owner: PartyRef
      var issuer: Int64
      var end: LedgerDate
    }
    var byKey: [Key: LateSummary] = [:]
    for line in lines {
      for owner in person.map({ [$0] }) ?? line.owners {
        let key = Key(owner: owner, issuer: line.issuer.id, end: line.fiscalYearEnd)
        var s =
          byKey[key]
          ?? LateSummary(
            owner: owner, issuer: line.issuer, fiscalYearEnd: line.fiscalYearEnd, fiscalYearAssumed: line.fiscalYearAssumed, lateReports: 0,
            lateTransactions: 0, missingFilings: 0)
        s.lateReports += 1
        s.lateTransactions += line.lateRows
        s.missingFilings += line.missingForm4
        byKey[key] = s
      }
    }
    // Issuers of one name (a company renamed, a shell reused) are told apart by CIK, then by
    // their order in the ledger: the rows come out in the same order at every run.
    return byKey.values.sorted {
      ($0.owner.name, $0.owner.cik?.rawValue ?? "", $0.issuer.name, $0.issuer.cik?.rawValue ?? "", $0.fiscalYearEnd, $0.issuer.id)
        < ($1.owner.name, $1.owner.cik?.rawValue ?? "", $1.issuer.name, $1.issuer.cik?.rawValue ?? "", $1.fiscalYearEnd, $1.issuer.id)
    }
  }
}

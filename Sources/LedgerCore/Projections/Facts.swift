import Foundation

/// What the projector needs from a filing event: small, and computed away from the writer.
struct FilingFacts: Sendable, Equatable {
  var filing: FilingID
  var filedAt: LedgerDate
  var filedAtEstimated: Bool
  var contentKey: String
  var documentSha256: String
  var sourceName: String
  var form: FormType
  var period: LedgerDate
  var originalDate: LedgerDate?
  var amends: AccessionNumber?
  var issuer: Issuer
  var owners: [ReportingOwner.ReportingOwnerID]
  /// Each owner's role at the issuer (`roleDescription`; "" when none is given), in `owners`' order.
  var ownerRoles: [String] = []
  var rowCount: Int
  /// Rows in Table I and Table II, when known before the rows are projected (else counted).
  var tableRows: TableRows?
  /// The issuer's and each owner's name as keys (`NameKey`; nil where no name is given),
  /// computed with the facts, on the thread that decodes, rather than by the writer.
  var issuerNameKey: String?
  var ownerNameKeys: [String?] = []
  /// The filing's footnotes, as reports show them.
  var footnotes: [Footnote] = []

  /// Fills in the name keys.
  mutating func keyNames() {
    issuerNameKey = issuer.issuerName?.nonEmptyTrimmed.map(NameKey.issuer)
    ownerNameKeys = owners.map { $0.rptOwnerName?.nonEmptyTrimmed.map(NameKey.person) }
  }

  static func == (l: FilingFacts, r: FilingFacts) -> Bool {
    (l.filing, l.filedAt, l.filedAtEstimated, l.contentKey) == (r.filing, r.filedAt, r.filedAtEstimated, r.contentKey)
      && (l.documentSha256, l.sourceName, l.form, l.period) == (r.documentSha256, r.sourceName, r.form, r.period)
      && (l.originalDate, l.amends, l.issuer, l.rowCount) == (r.originalDate, r.amends, r.issuer, r.rowCount) && l.owners == r.owners
      && l.tableRows == r.tableRows && l.footnotes == r.footnotes && l.ownerRoles == r.ownerRoles
  }
}

extension FilingFacts {
  init(_ e: FilingRecorded) {
    filing = e.filing
    filedAt = e.filedAt
    filedAtEstimated = e.filedAtEstimated
    contentKey = e.contentKey
    documentSha256 = e.documentSha256
    sourceName = e.source.name
    form = e.document.documentType
    period = e.document.periodOfReport
    originalDate = e.document.dateOfOriginalSubmission
    amends = e.document.amends
    issuer = e.document.issuer
    owners = e.document.reportingOwners.map(\.reportingOwnerId)
    ownerRoles = e.document.reportingOwners.map { $0.reportingOwnerRelationship?.roleDescription ?? "" }
    rowCount = e.rowCount
    footnotes = e.document.footnotes
    keyNames()
  }
}

extension ReportingOwner.Relationship {
  /// "director, officer (CEO), 10% owner, other (TEXT)": the boxes checked, in the form's order.
  var roleDescription: String {
    var roles: [String] = []
    if isDirector?.value == true { roles.append("director") }
    if isOfficer?.value == true { roles.append(officerTitle?.nonEmptyTrimmed.map { "officer (\($0))" } ?? "officer") }
    if isTenPercentOwner?.value == true { roles.append("10% owner") }
    if isOther?.value == true { roles.append(otherText?.nonEmptyTrimmed.map { "other (\($0))" } ?? "other") }
    return roles.joined(separator: ", ")
  }
}

/// A filing's rows per table: Table I (non-derivative) and Table II (derivative).
struct TableRows: Equatable, Sendable {
  var table1: Int
  var table2: Int
}

/// What the projector needs from a row event: its line (all but issuer and owners) and entry.
struct RowFacts: Sendable, Equatable {
  var table: TableKind
  var kind: RowKind
  var index: Int
  var line: LineFacts
  var keySuffix: String
  var entry: EntryFacts
  /// What reports show of the row beyond the entry's columns (`EntryNotes`), as stored.
  var notes: String?

  /// The facts of a row of a filing whose period of report and footnotes are given.
  init(_ e: RowReported, period: LedgerDate, footnotes: [Footnote]) {
    let r = e.tableRow
    table = e.table
    kind = e.kind
    index = e.index
    line = LineFacts(row: r, footnotes: footnotes)
    keySuffix = line.keySuffix
    entry = EntryFacts(row: r, unit: line.unit, periodOfReport: period)
    notes = EntryNotes(r, entry: entry, unit: line.unit).encoded
  }

  /// The row's place in its filing: Table I before Table II, transactions before holdings.
  var order: Int { (table == .derivative ? 2_000_000 : 0) + (kind == .transaction ? 0 : 1_000_000) + index }
}

/// One event as the projector takes it.
enum ProjectionInput: Sendable {
  case filing(FilingFacts)
  case row(RowFacts)
  case dated(FilingDated)
  case deduplicated(FilingDeduplicated)
  case amendment(AmendmentResolved)

  /// The type of the event this input comes from.
  var kind: LedgerEvent.Kind {
    switch self {
    case .filing: .filingRecorded
    case .row: .rowReported
    case .dated: .filingDated
    case .deduplicated: .filingDeduplicated
    case .amendment: .amendmentResolved
    }
  }
}

/// An event on its way into the log: the filing it belongs to, its payload, and what the
/// projector makes of it (which also gives its type). The writer handles only these, not the
/// decoded events, so that it does not copy and free what it does not read.
struct PendingEvent: LogEntry, Sendable {
  var filing: FilingID
  var payload: Data
  var input: ProjectionInput
  /// The payload compressed ahead of the writer, when a preparing thread did it.
  var frame: Data?

  var kind: LedgerEvent.Kind { input.kind }

  init(_ filing: FilingID, _ payload: Data, _ input: ProjectionInput) {
    self.filing = filing
    self.payload = payload
    self.input = input
  }

  init(_ event: LedgerEvent, of filing: FilingID, _ input: ProjectionInput) {
    self.init(filing, event.payload(), input)
  }
}

/// What the amendment linker reads of a projected filing: its form, filing date, issuer row,
/// owner group and accession.
struct FilingSubject: Equatable {
  var form: FormType
  var filed: LedgerDate
  var issuer: Int64
  var owners: String
  var accession: String?
}

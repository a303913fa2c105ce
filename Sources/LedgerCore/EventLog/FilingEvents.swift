import Foundation

/// A filing turned into the events that record it, with the identities used to recognise it.
public struct PreparedFiling: Sendable {
  public var filing: FilingID
  public var accession: AccessionNumber?
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  public var contentKey: String
  public var documentSha256: String
  public var source: ImportedFiling.Source
  public var document: OwnershipDocument
  public var recorded: FilingRecorded
  public var rows: [RowReported]

  /// All the filing's events, in log order.
  public var events: [LedgerEvent] { [.filingRecorded(recorded)] + rows.map { .rowReported($0) } }

  public init(_ imported: ImportedFiling) {
    let doc = imported.document
    document = doc
    source = imported.source
    contentKey = PreparedFiling.contentKey(doc)
    documentSha256 = PreparedFiling.documentHash(doc)
    accession = doc.accessionNumber
    filing = doc.accessionNumber.map { FilingID(accession: $0) } ?? FilingID(contentKey: contentKey)
    if let filed = doc.filedAt {
      filedAt = filed
      filedAtEstimated = false
    } else {
      filedAt = doc.ownerSignatures.compactMap(\.signatureDate).max() ?? doc.periodOfReport
      filedAtEstimated = true
    }
    let tableRows = doc.rows
    var header = doc
    header.nonDerivativeTable = nil
    header.derivativeTable = nil
    recorded = FilingRecorded(
      filing: filing, filedAt: filedAt, filedAtEstimated: filedAtEstimated, contentKey: contentKey,
      documentSha256: documentSha256, source: imported.source, document: header, rowCount: tableRows.count)
    rows = tableRows.map { RowReported(table: $0.table, kind: $0.kind, index: $0.index, row: $0.row) }
  }

  /// SHA-256 of the document without its envelope: equal for the XML, the submission and the
  /// JSON rendering of one filing.
  static func documentHash(_ doc: OwnershipDocument) -> String {
    var d = doc
    d.accessionNumber = nil
    d.filedAt = nil
    d.acceptanceDateTime = nil
    d.submissionType = nil
    d.amends = nil
    return Hashing.sha256Hex(try! EventCoding.encoder.encode(d))
  }

  /// SHA-256 over what identifies a filing whatever copy it comes from: issuer, owners, form,
  /// dates and rows (not footnote texts, remarks or signatures, which copies edit).
  static func contentKey(_ doc: OwnershipDocument) -> String {
    struct Material: Encodable {
      var documentType: FormType
      var periodOfReport: LedgerDate
      var dateOfOriginalSubmission: LedgerDate?
      var issuer: String
      var owners: [String]
      var nonDerivativeTable: Table?
      var derivativeTable: Table?
    }
    let issuer = doc.issuer.issuerCik?.rawValue ?? NameKey.issuer(doc.issuer.issuerName ?? "")
    let owners = doc.reportingOwners.map {
      $0.reportingOwnerId.rptOwnerCik?.rawValue ?? NameKey.person($0.reportingOwnerId.rptOwnerName ?? "")
    }.sorted()
    let material = Material(
      documentType: doc.documentType, periodOfReport: doc.periodOfReport,
      dateOfOriginalSubmission: doc.dateOfOriginalSubmission, issuer: issuer, owners: owners,
      nonDerivativeTable: doc.nonDerivativeTable?.isEmpty == true ? nil : doc.nonDerivativeTable,
      derivativeTable: doc.derivativeTable?.isEmpty == true ? nil : doc.derivativeTable)
    return Hashing.sha256Hex(try! EventCoding.encoder.encode(material))
  }
}

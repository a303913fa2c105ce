import Crypto
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
  /// The file as the user named it, for messages.
  public var file: String
  public var document: OwnershipDocument
  public var recorded: FilingRecorded
  public var rows: [RowReported]

  /// The row events' payloads, encoded once.
  public var rowPayloads: [Data]
  /// The filing event's payload, encoded once.
  public var recordedPayload: Data
  /// What the projector needs, computed here rather than on the writer's thread.
  var projection: [ProjectionInput]

  /// All the filing's events, in log order.
  public var events: [LedgerEvent] { [.filingRecorded(recorded)] + rows.map { .rowReported($0) } }

  /// The events with their payload bytes and what the projector makes of them.
  var encodedEvents: [(LedgerEvent, Data, ProjectionInput)] {
    var out: [(LedgerEvent, Data, ProjectionInput)] = [(.filingRecorded(recorded), recordedPayload, projection[0])]
    out.reserveCapacity(rows.count + 1)
    for (i, row) in rows.enumerated() { out.append((.rowReported(row), rowPayloads[i], projection[i + 1])) }
    return out
  }

  public init(_ imported: ImportedFiling) {
    let doc = imported.document
    document = doc
    source = imported.source
    file = imported.file
    let tableRows = doc.rows
    rows = tableRows.map { RowReported(table: $0.table, kind: $0.kind, index: $0.index, row: $0.row) }
    rowPayloads = rows.map { CanonicalJSON.encode($0) }
    var header = doc
    header.nonDerivativeTable = nil
    header.derivativeTable = nil
    contentKey = PreparedFiling.contentKey(header, rowPayloads: rowPayloads)
    documentSha256 = PreparedFiling.documentHash(header, rowPayloads: rowPayloads)
    accession = doc.accessionNumber
    filing = doc.accessionNumber.map { FilingID(accession: $0) } ?? FilingID(contentKey: contentKey)
    if let filed = doc.filedAt {
      filedAt = filed
      filedAtEstimated = false
    } else {
      filedAt = doc.ownerSignatures.compactMap(\.signatureDate).max() ?? doc.periodOfReport
      filedAtEstimated = true
    }
    recorded = FilingRecorded(
      filing: filing, filedAt: filedAt, filedAtEstimated: filedAtEstimated, contentKey: contentKey,
      documentSha256: documentSha256, source: imported.source, document: header, rowCount: rows.count)
    recordedPayload = CanonicalJSON.encode(recorded)
    var facts = FilingFacts(recorded)
    let derivative = rows.filter { $0.table == .derivative }.count
    facts.tableRows = (rows.count - derivative, derivative)
    projection = [.filing(facts)] + rows.map { .row(RowFacts($0, period: doc.periodOfReport)) }
  }

  /// SHA-256 of the document without its envelope: the header (rows removed, envelope
  /// removed) then each row event's payload. Equal for the XML, the submission and the JSON
  /// rendering of one filing.
  static func documentHash(_ header: OwnershipDocument, rowPayloads: [Data]) -> String {
    var d = header
    d.accessionNumber = nil
    d.filedAt = nil
    d.acceptanceDateTime = nil
    d.submissionType = nil
    d.amends = nil
    return digest(CanonicalJSON.encode(d), rowPayloads)
  }

  /// SHA-256 over what identifies a filing whatever copy it comes from: issuer, owners, form,
  /// dates and rows (not footnote texts, remarks or signatures, which copies edit).
  static func contentKey(_ header: OwnershipDocument, rowPayloads: [Data]) -> String {
    let issuer = header.issuer.issuerCik?.rawValue ?? NameKey.issuer(header.issuer.issuerName ?? "")
    let owners = header.reportingOwners.map {
      $0.reportingOwnerId.rptOwnerCik?.rawValue ?? NameKey.person($0.reportingOwnerId.rptOwnerName ?? "")
    }.sorted()
    var w = CanonicalJSON()
    w.object { o in
      o.field("dateOfOriginalSubmission", header.dateOfOriginalSubmission)
      o.field("documentType", header.documentType)
      o.field("issuer", issuer)
      o.field("owners", owners)
      o.field("periodOfReport", header.periodOfReport)
    }
    return digest(w.data, rowPayloads)
  }

  /// The content key's first 60 bits, as the integer the filing table indexes.
  static func contentID(_ key: String) -> Int64 { Int64(key.prefix(15), radix: 16) ?? 0 }

  private static func digest(_ head: Data, _ rows: [Data]) -> String {
    var hasher = SHA256()
    hasher.update(data: head)
    for r in rows {
      hasher.update(data: Data([0x0A]))
      hasher.update(data: r)
    }
    return hasher.finalize().hexString
  }
}

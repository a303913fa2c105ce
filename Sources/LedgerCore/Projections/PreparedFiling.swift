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
  /// The filing's events in log order (`FilingRecorded`, then a `RowReported` per row), each
  /// with its payload encoded and what the projector needs, all computed away from the writer.
  /// The decoded document stays behind: the writer needs none of it, and would otherwise copy
  /// and free it on its own thread.
  var events: [PendingEvent]

  /// Compresses every payload with `dictionary` (none when nil), on the preparing thread.
  mutating func compress(with dictionary: (id: UInt32, bytes: Data)?) {
    for i in events.indices { events[i].frame = PayloadCodec.shared.compress(events[i].payload, dictionary: dictionary) }
  }

  /// The filing event's payload.
  public var recordedPayload: Data { events[0].payload }
  /// The row events' payloads, in order.
  public var rowPayloads: [Data] { events.dropFirst().map(\.payload) }

  public init(_ imported: ImportedFiling) {
    let doc = imported.document
    source = imported.source
    file = imported.file
    let (recorded, rows, rowPayloads) = PreparedFiling.decoded(imported)
    filing = recorded.filing
    accession = doc.accessionNumber
    filedAt = recorded.filedAt
    filedAtEstimated = recorded.filedAtEstimated
    contentKey = recorded.contentKey
    documentSha256 = recorded.documentSha256
    var facts = FilingFacts(recorded)
    let derivative = rows.filter { $0.table == .derivative }.count
    facts.tableRows = TableRows(table1: rows.count - derivative, table2: derivative)
    events = [PendingEvent(filing, CanonicalJSON.encode(recorded), .filing(facts))]
    events.reserveCapacity(rows.count + 1)
    for (row, payload) in zip(rows, rowPayloads) {
      events.append(PendingEvent(filing, payload, .row(RowFacts(row, period: doc.periodOfReport, footnotes: doc.footnotes))))
    }
  }

  /// The filing's events, decoded (what the payloads encode), and the rows' payloads.
  public static func decoded(_ imported: ImportedFiling) -> (recorded: FilingRecorded, rows: [RowReported], rowPayloads: [Data]) {
    let doc = imported.document
    let rows = doc.rows.map { RowReported(table: $0.table, kind: $0.kind, index: $0.index, row: $0.row) }
    let rowPayloads = rows.map { CanonicalJSON.encode($0) }
    var header = doc
    header.nonDerivativeTable = nil
    header.derivativeTable = nil
    let contentKey = PreparedFiling.contentKey(header, rowPayloads: rowPayloads)
    let filing = doc.accessionNumber.map { FilingID(accession: $0) } ?? FilingID(contentKey: contentKey)
    let filedAt: LedgerDate
    let estimated: Bool
    if let filed = doc.filedAt {
      (filedAt, estimated) = (filed, false)
    } else {
      (filedAt, estimated) = (doc.ownerSignatures.compactMap(\.signatureDate).max() ?? doc.periodOfReport, true)
    }
    let recorded = FilingRecorded(
      filing: filing, filedAt: filedAt, filedAtEstimated: estimated, contentKey: contentKey,
      documentSha256: PreparedFiling.documentHash(header, rowPayloads: rowPayloads), source: imported.source, document: header,
      rowCount: rows.count)
    return (recorded, rows, rowPayloads)
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

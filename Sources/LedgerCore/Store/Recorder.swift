import Foundation
import GRDB

/// Decides what a filing adds to the log, and adds it: a new filing's events; nothing for a copy
/// already recorded (same accession and document, or same content without an accession); a
/// refusal for another document under a recorded accession; a `FilingDated` event for a filing
/// first known with an estimated date; a `FilingDeduplicated` event for each copy without an
/// accession that the filing turns out to be; and the amendment links it changes.
enum Recorder {
  static func record(_ p: PreparedFiling, in db: Database, projector: inout Projector) throws -> AppendOutcome {
    var events: [PendingEvent] = []
    if let accession = p.accession {
      struct Existing {
        var filing, filedAt, sourceName: String
        var documentHash, contentKey: Data
        var estimated: Bool
        var seq: Int64
      }
      if let existing = try projector.sql.row(
        db, "SELECT filing, document_hash, content_key, filed_at, filed_estimated, source_name, event_seq FROM filing WHERE filing = ?",
        accession.rawValue,
        read: { s in
          Existing(
            filing: s.string(0) ?? "", filedAt: s.string(3) ?? "", sourceName: s.string(5) ?? "", documentHash: s.blob(1), contentKey: s.blob(2),
            estimated: s.int64(4) == 1, seq: s.int64(6))
        })
      {
        let recordedFrom = existing.sourceName
        let filing = FilingID(rawValue: existing.filing)
        if existing.documentHash != Data.digest(p.documentSha256) {
          // An SEC data set carries less than the XML (no schema version, fewer address
          // fields...): a data set copy and an XML copy of one accession are the same filing
          // when what identifies it (issuer, owners, form, dates, rows) is the same.
          let sameContent = existing.contentKey == Data.digest(p.contentKey)
          guard sameContent, try p.source.format == .secDataSet || recordedFormat(seq: existing.seq, db) == .secDataSet else {
            throw LedgerError.accessionConflict(file: p.file, accession: accession.rawValue, recordedFrom: recordedFrom)
          }
        }
        let filedAt = existing.filedAt
        let estimated = existing.estimated
        if p.filedAtEstimated || filedAt == p.filedAt.description {
          return .alreadyRecorded(filing: filing)
        }
        guard estimated else {
          throw LedgerError.invalidField(
            file: p.file, path: "filedAt",
            message: "accession \(accession) is recorded (from \(recordedFrom)) as filed on \(filedAt), not \(p.filedAt)")
        }
        let dated = FilingDated(filing: filing, filedAt: p.filedAt, source: p.source)
        try append([PendingEvent(.filingDated(dated), of: filing, .dated(dated))], db, &projector)
        try relink(after: [filing], db, &projector)
        return .dated(filing: filing, filedAt: p.filedAt)
      }
      events = p.events
      let copies = try projector.sql.strings(
        db, "SELECT filing FROM filing WHERE content_id = ? AND content_key = ? AND accession IS NULL AND duplicate_of IS NULL ORDER BY id",
        PreparedFiling.contentID(p.contentKey), Data.digest(p.contentKey))
      for copy in copies {
        let dup = FilingDeduplicated(duplicate: FilingID(rawValue: copy), original: p.filing)
        events.append(PendingEvent(.filingDeduplicated(dup), of: dup.duplicate, .deduplicated(dup)))
      }
    } else {
      // Any filing with this content, accession or not: through the full content index, built
      // now if a large append had dropped it (a no-op when it is there).
      try db.execute(sql: Projections.contentIndex)
      if let existing = try projector.sql.strings(
        db,
        """
        SELECT COALESCE(o.filing, f.filing) FROM filing f LEFT JOIN filing o ON o.id = f.duplicate_of
        WHERE f.content_id = ? AND f.content_key = ? ORDER BY f.accession IS NULL, f.id LIMIT 1
        """, PreparedFiling.contentID(p.contentKey), Data.digest(p.contentKey)
      ).first {
        return .alreadyRecorded(filing: FilingID(rawValue: existing))
      }
      events = p.events
    }
    try append(events, db, &projector)
    let retired = events.compactMap { e -> FilingID? in
      if case .deduplicated(let d) = e.input { return d.duplicate }
      return nil
    }
    let links = try relink(after: [p.filing] + retired, new: p.filing, newFiling: projector.lastFiling, db, &projector)
    return .recorded(filing: p.filing, events: events.count + links)
  }

  /// The format of the input a recorded filing came from.
  static func recordedFormat(seq: Int64, _ db: Database) throws -> ImportedFiling.Format? {
    guard let row = try Row.fetchOne(db, cached: "SELECT payload FROM event WHERE seq = ?", arguments: [seq]),
      case let payload: DatabaseValue = row["payload"],
      case .filingRecorded(let e) = LedgerEvent.decode(type: LedgerEvent.Kind.filingRecorded.rawValue, payload: try PayloadCodec.shared.canonical(payload, db))
    else { return nil }
    return e.source.format
  }

  /// Re-decides the links of every amendment the given filings may affect, recording an
  /// `AmendmentResolved` event for each that changed. Returns how many were recorded.
  @discardableResult
  static func relink(
    after filings: [FilingID], new: FilingID? = nil, newFiling: (filing: FilingID, id: Int64, subject: AmendmentLinker.Subject)? = nil,
    _ db: Database, _ projector: inout Projector
  ) throws -> Int {
    var ids = Set<Int64>()
    for f in filings {
      let known = f == new && newFiling?.filing == f ? newFiling : nil
      guard let id = try known?.id ?? projector.sql.int64(db, "SELECT id FROM filing WHERE filing = ?", f.rawValue) else { continue }
      ids.formUnion(try AmendmentLinker.affected(by: id, isNew: f == new, known: known?.subject, db, projector.sql))
    }
    let events = try AmendmentLinker.events(for: ids.sorted(), db, projector.sql)
    try append(
      events.map { a in PendingEvent(.amendmentResolved(a), of: a.amendment, .amendment(a)) }, db, &projector)
    return events.count
  }

  static func append(_ events: [PendingEvent], _ db: Database, _ projector: inout Projector) throws {
    var seq = try EventLog.append(events, in: db, head: &projector.head, payloads: &projector.payloads, sql: projector.sql)
    for i in events.indices {
      try projector.apply(events[i].input, seq: seq, in: db)
      seq += 1
    }
  }
}

import Foundation

/// The facts the ledger records. Each is immutable once in the log; projections are folds over
/// them. Payloads are JSON with sorted keys; quantities are decimal strings.
public enum LedgerEvent: Hashable, Sendable {
  /// A filing entered the ledger: everything it says except its table rows.
  case filingRecorded(FilingRecorded)
  /// One row of Table I or Table II of a filing, verbatim.
  case rowReported(RowReported)
  /// A filing recorded with an estimated filing date got its real filing date.
  case filingDated(FilingDated)
  /// A filing recorded without an accession number turned out to be a copy of one with it.
  case filingDeduplicated(FilingDeduplicated)
  /// The ledger linked an amendment to its original, or found it pending or ambiguous.
  case amendmentResolved(AmendmentResolved)

  public enum Kind: String, CaseIterable, Sendable {
    case filingRecorded = "FilingRecorded"
    case rowReported = "RowReported"
    case filingDated = "FilingDated"
    case filingDeduplicated = "FilingDeduplicated"
    case amendmentResolved = "AmendmentResolved"
  }

  public var kind: Kind {
    switch self {
    case .filingRecorded: .filingRecorded
    case .rowReported: .rowReported
    case .filingDated: .filingDated
    case .filingDeduplicated: .filingDeduplicated
    case .amendmentResolved: .amendmentResolved
    }
  }

  /// The canonical payload bytes: JSON, keys sorted, no insignificant whitespace.
  public func payload() -> Data {
    let encoder = EventCoding.encoder
    // The payloads are value types of strings, booleans and integers: encoding cannot fail.
    switch self {
    case .filingRecorded(let e): return CanonicalJSON.encode(e)
    case .rowReported(let e): return CanonicalJSON.encode(e)
    case .filingDated(let e): return try! encoder.encode(e)
    case .filingDeduplicated(let e): return try! encoder.encode(e)
    case .amendmentResolved(let e): return try! encoder.encode(e)
    }
  }

  /// Decodes a stored event; nil when the type is unknown or the payload does not decode.
  public static func decode(type: String, payload: Data) -> LedgerEvent? {
    guard let kind = Kind(rawValue: type) else { return nil }
    let decoder = EventCoding.decoder
    switch kind {
    case .filingRecorded: return (try? decoder.decode(FilingRecorded.self, from: payload)).map { .filingRecorded($0) }
    case .rowReported: return (try? decoder.decode(RowReported.self, from: payload)).map { .rowReported($0) }
    case .filingDated: return (try? decoder.decode(FilingDated.self, from: payload)).map { .filingDated($0) }
    case .filingDeduplicated:
      return (try? decoder.decode(FilingDeduplicated.self, from: payload)).map { .filingDeduplicated($0) }
    case .amendmentResolved:
      return (try? decoder.decode(AmendmentResolved.self, from: payload)).map { .amendmentResolved($0) }
    }
  }
}

enum EventCoding {
  static var encoder: JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return e
  }

  static var decoder: JSONDecoder { JSONDecoder() }
}

/// The filing-level event.
public struct FilingRecorded: Hashable, Sendable, Codable {
  /// The accession number, or a content identity when the filing came without one.
  public var filing: FilingID
  /// The filing date: from the envelope or the user, else estimated from the latest signature.
  public var filedAt: LedgerDate
  public var filedAtEstimated: Bool
  /// SHA-256 over the identifying content (issuer, owners, form, dates, rows): how a copy of the
  /// same filing without an accession number is recognised.
  public var contentKey: String
  /// SHA-256 of the canonical JSON of the document (envelope excluded): two inputs with the same
  /// hash are the same document, whatever their format.
  public var documentSha256: String
  /// The input it was read from: file name, format, SHA-256 of the file's bytes.
  public var source: ImportedFiling.Source
  /// The document verbatim, without its table rows (each row is its own event).
  public var document: OwnershipDocument
  /// How many `RowReported` events follow.
  public var rowCount: Int
}

/// One table row of a filing.
public struct RowReported: Hashable, Sendable, Codable {
  public var table: TableKind
  public var kind: RowKind
  public var index: Int
  public var row: ReportedRow

  public var tableRow: TableRow { TableRow(table: table, kind: kind, index: index, row: row) }
}

public struct FilingDated: Hashable, Sendable, Codable {
  public var filing: FilingID
  public var filedAt: LedgerDate
  /// The input that supplied the date.
  public var source: ImportedFiling.Source
}

public struct FilingDeduplicated: Hashable, Sendable, Codable {
  /// The copy recorded first, without an accession number; its rows leave the projections.
  public var duplicate: FilingID
  /// The filing it is a copy of.
  public var original: FilingID
}

/// How an amendment relates to what it amends, as decided when a filing arrived.
public struct AmendmentResolved: Hashable, Sendable, Codable {
  public enum Status: String, Codable, Sendable, CaseIterable {
    case linked, pending, ambiguous
  }

  public enum Method: String, Codable, Sendable {
    /// The user or the filing named the amended accession.
    case explicit
    /// The original's filing date equals dateOfOriginalSubmission.
    case exactDate = "exact-date"
    /// The original was filed within a few days after dateOfOriginalSubmission.
    case dateWindow = "date-window"
  }

  public struct Candidate: Hashable, Sendable, Codable {
    public var filing: FilingID
    public var filedAt: LedgerDate
    public var form: FormType
  }

  public var amendment: FilingID
  public var status: Status
  public var method: Method?
  public var original: FilingID?
  /// Every filing considered, with its filing date, so that the decision can be replayed as
  /// of an earlier known-time.
  public var candidates: [Candidate]
  public var reason: String
}

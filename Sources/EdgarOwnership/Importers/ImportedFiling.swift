import Crypto
import Foundation

/// A filing read from an input, with where it came from.
public struct ImportedFiling: Sendable {
  public var document: OwnershipDocument
  public var source: Source
  /// The file as the user named it, for messages (the events keep only `source.name`).
  public var file: String

  public init(document: OwnershipDocument, source: Source, file: String? = nil) {
    self.document = document
    self.source = source
    self.file = file ?? source.name
  }

  /// Where a document came from: the file's name, its format, and the SHA-256 of its bytes.
  public struct Source: Hashable, Sendable, Codable {
    public var name: String
    public var format: Format
    public var sha256: String

    public init(name: String, format: Format, sha256: String) {
      self.name = name
      self.format = format
      self.sha256 = sha256
    }
  }

  public enum Format: String, Hashable, Sendable, Codable {
    case filingJSON = "filing-json"
    case edgarXML = "edgar-xml"
    case edgarSubmission = "edgar-submission"
    case secDataSet = "sec-data-set"
  }
}

/// Facts about a filing the user supplies on the command line (`--accession`, `--filed`, `--amends`).
public struct EnvelopeOverrides: Sendable, Equatable {
  public var accession: AccessionNumber?
  public var filedAt: LedgerDate?
  public var amends: AccessionNumber?
  /// Where the accession and filing date come from, for messages: `--accession`/`--filed`, the
  /// file's folder, a manifest.
  public var origin: String?

  public init(accession: AccessionNumber? = nil, filedAt: LedgerDate? = nil, amends: AccessionNumber? = nil, origin: String? = nil) {
    self.accession = accession
    self.filedAt = filedAt
    self.amends = amends
    self.origin = origin
  }

  public var isEmpty: Bool { accession == nil && filedAt == nil && amends == nil }

  /// Applies the overrides; a conflict with what the file itself says is an error.
  func apply(to doc: inout OwnershipDocument, file: String) throws(LedgerError) {
    if let accession {
      if let own = doc.accessionNumber, own != accession {
        throw .invalidField(file: file, path: "accessionNumber", message: "the file says \(own), \(origin ?? "--accession") says \(accession)")
      }
      doc.accessionNumber = accession
    }
    if let filedAt {
      if let own = doc.filedAt, own != filedAt {
        throw .invalidField(file: file, path: "filedAt", message: "the file says \(own), \(origin ?? "--filed") says \(filedAt)")
      }
      doc.filedAt = filedAt
    }
    if let amends {
      doc.amends = amends
    }
  }
}

enum Hashing {
  static func sha256Hex(_ data: some DataProtocol) -> String {
    SHA256.hash(data: data).hexString
  }
}

extension Digest {
  package var hexString: String {
    let digits: StaticString = "0123456789abcdef"
    return withUnsafeBytes { bytes in
      String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        for (i, b) in bytes.enumerated() {
          out[2 * i] = digits.utf8Start[Int(b >> 4)]
          out[2 * i + 1] = digits.utf8Start[Int(b & 0x0F)]
        }
        return bytes.count * 2
      }
    }
  }
}

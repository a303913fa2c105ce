import Foundation

/// An SEC Central Index Key, kept as its canonical ten-digit form (`0001494730`).
public struct CIK: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let rawValue: String

  /// Accepts 1 to 10 digits, with or without leading zeros.
  public init?(_ text: some StringProtocol) {
    let t = text.trimmed
    guard !t.isEmpty, t.utf8.count <= 10, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    rawValue = String(repeating: "0", count: 10 - t.utf8.count) + t
  }

  public var description: String { rawValue }
  public static func < (lhs: CIK, rhs: CIK) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension CIK: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text: String
    if let s = try? c.decode(String.self) {
      text = s
    } else if let n = try? c.decode(UInt64.self) {
      text = String(n)
    } else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a CIK (up to 10 digits)")
    }
    guard let cik = CIK(text) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is not a CIK (up to 10 digits)")
    }
    self = cik
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(rawValue)
  }
}

/// An EDGAR accession number, `NNNNNNNNNN-YY-NNNNNN` (filer id, year, sequence).
public struct AccessionNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let rawValue: String

  /// Accepts the dashed form or the 18 bare digits EDGAR uses in folder names.
  public init?(_ text: some StringProtocol) {
    // Fast path: exactly NNNNNNNNNN-YY-NNNNNN.
    let u = Array(text.utf8)
    if u.count == 20, u[10] == 0x2D, u[13] == 0x2D,
      u.enumerated().allSatisfy({ $0.offset == 10 || $0.offset == 13 || ($0.element >= 0x30 && $0.element <= 0x39) })
    {
      rawValue = String(decoding: u, as: UTF8.self)
      return
    }
    let t = text.trimmed
    let digits = t.filter { $0 != "-" }
    guard digits.utf8.count == 18, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    if t.contains("-") {
      let parts = t.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].count == 10, parts[1].count == 2, parts[2].count == 6 else { return nil }
    }
    let d = Array(digits)
    rawValue = String(d[0..<10]) + "-" + String(d[10..<12]) + "-" + String(d[12..<18])
  }

  public var description: String { rawValue }
  public static func < (lhs: AccessionNumber, rhs: AccessionNumber) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension AccessionNumber: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let a = AccessionNumber(text) else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "\(quoted(text)) is not an accession number (NNNNNNNNNN-YY-NNNNNN)")
    }
    self = a
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(rawValue)
  }
}

/// The identity of a filing in the ledger: its accession number, or, for a document that came
/// without one (a paper filing, a bare XML file), a stable identity derived from its content.
public struct FilingID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
  public let rawValue: String

  public init(accession: AccessionNumber) { rawValue = accession.rawValue }

  /// `content-` followed by the first 16 hex digits of the content key.
  public init(contentKey: String) { rawValue = "content-" + contentKey.prefix(16) }

  public init(rawValue: String) { self.rawValue = rawValue }

  public var isEstimated: Bool { rawValue.hasPrefix("content-") }
  public var accession: AccessionNumber? { isEstimated ? nil : AccessionNumber(rawValue) }
  public var description: String { rawValue }
  public static func < (lhs: FilingID, rhs: FilingID) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(rawValue)
  }
}

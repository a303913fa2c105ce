import Foundation

/// The form of a filing: 3, 4, 5 and their amendments.
public enum FormType: String, Codable, Sendable, CaseIterable, Comparable {
  case form3 = "3"
  case form3A = "3/A"
  case form4 = "4"
  case form4A = "4/A"
  case form5 = "5"
  case form5A = "5/A"

  public var isAmendment: Bool { rawValue.hasSuffix("/A") }

  /// 3, 4 or 5: amendments link only to originals of the same family.
  public var family: String { String(rawValue.prefix(1)) }

  public init?(lenient text: some StringProtocol) {
    let t = text.trimmed.uppercased()
    self.init(rawValue: t)
  }

  public static func < (lhs: FormType, rhs: FormType) -> Bool { lhs.rawValue < rhs.rawValue }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text: String
    if let s = try? c.decode(String.self) { text = s } else if let n = try? c.decode(Int.self) { text = String(n) } else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a form type (3, 4, 5, 3/A, 4/A, 5/A)")
    }
    guard let f = FormType(lenient: text) else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "\(quoted(text)) is not a form type (3, 4, 5, 3/A, 4/A, 5/A)")
    }
    self = f
  }
}

/// The Section 16 transaction codes (Form 4 General Instruction 8).
public enum TransactionCode: String, Codable, Sendable, CaseIterable {
  case P, S, V, A, D, F, I, M, C, E, H, O, X, G, L, W, Z, J, K, U

  public var meaning: String {
    switch self {
    case .P: "open market or private purchase"
    case .S: "open market or private sale"
    case .V: "transaction voluntarily reported earlier than required"
    case .A: "grant, award or other acquisition"
    case .D: "disposition to the issuer"
    case .F: "payment of exercise price or tax by delivering securities"
    case .I: "discretionary transaction"
    case .M: "exercise or conversion of derivative security exempted under Rule 16b-3"
    case .C: "conversion of derivative security"
    case .E: "expiration of short derivative position"
    case .H: "expiration (or cancellation) of long derivative position"
    case .O: "exercise of out-of-the-money derivative security"
    case .X: "exercise of in-the-money or at-the-money derivative security"
    case .G: "bona fide gift"
    case .L: "small acquisition under Rule 16a-6"
    case .W: "acquisition or disposition by will or the laws of descent"
    case .Z: "deposit into or withdrawal from voting trust"
    case .J: "other acquisition or disposition"
    case .K: "equity swap or similar instrument"
    case .U: "disposition pursuant to a tender of shares in a change of control"
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let code = TransactionCode(rawValue: text.trimmed.uppercased()) else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "\(quoted(text)) is not a transaction code (one of \(TransactionCode.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    self = code
  }
}

/// Whether a row acquired (A) or disposed of (D) securities. This, not the code, gives the sign.
public enum AcquiredDisposed: String, Codable, Sendable, CaseIterable {
  case acquired = "A"
  case disposed = "D"

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let v = AcquiredDisposed(rawValue: text.trimmed.uppercased()) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is not A or D")
    }
    self = v
  }
}

/// Direct (D) or indirect (I) ownership.
public enum DirectOrIndirect: String, Codable, Sendable, CaseIterable {
  case direct = "D"
  case indirect = "I"

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let v = DirectOrIndirect(rawValue: text.trimmed.uppercased()) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is not D or I")
    }
    self = v
  }
}

/// Whether a transaction was reported early (E) or late (L).
public enum Timeliness: String, Codable, Sendable, CaseIterable {
  case early = "E"
  case late = "L"

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let text = try c.decode(String.self)
    guard let v = Timeliness(rawValue: text.trimmed.uppercased()) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(quoted(text)) is not E or L")
    }
    self = v
  }
}

/// An EDGAR boolean: `0`, `1`, `true` or `false` (and JSON booleans).
public struct Flag: Hashable, Sendable, Codable {
  public var value: Bool
  public init(_ value: Bool) { self.value = value }

  public init?(text: some StringProtocol) {
    switch text.trimmed.lowercased() {
    case "1", "true": value = true
    case "0", "false": value = false
    default: return nil
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let b = try? c.decode(Bool.self) {
      value = b
    } else if let n = try? c.decode(Int.self), n == 0 || n == 1 {
      value = n == 1
    } else if let s = try? c.decode(String.self), let f = Flag(text: s) {
      value = f.value
    } else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a boolean (true, false, 1 or 0)")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(value)
  }
}

import Foundation

/// A value as a filing reports it: the value itself, footnote references, or both.
///
/// EDGAR lets almost every field be replaced by a footnote ("see F2"). Such a value is unknown,
/// never zero: `value == nil` with `footnoteIds` naming where the filer explains it.
public struct Reported<Value: Hashable & Sendable>: Hashable, Sendable {
  public var value: Value?
  public var footnoteIds: [String]

  public init(_ value: Value?, footnoteIds: [String] = []) {
    self.value = value
    self.footnoteIds = footnoteIds
  }

  /// True when neither a value nor a footnote was given.
  public var isEmpty: Bool { value == nil && footnoteIds.isEmpty }
}

extension Reported: Codable where Value: Codable {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case value, footnoteIds
  }

  /// Decodes either the bare value (`"3.99"`, `3.99`) or `{"value": ..., "footnoteIds": [...]}`.
  public init(from decoder: any Decoder) throws {
    if !decoder.isScalar() {
      let c = try decoder.strictContainer(CodingKeys.self)
      value = try c.decodeIfPresent(Value.self, forKey: .value)
      footnoteIds = try c.decodeIfPresent([String].self, forKey: .footnoteIds) ?? []
    } else {
      let c = try decoder.singleValueContainer()
      value = c.decodeNil() ? nil : try c.decode(Value.self)
      footnoteIds = []
    }
  }

  /// Encodes the bare value when there is no footnote, else the object form.
  public func encode(to encoder: any Encoder) throws {
    if footnoteIds.isEmpty, let value {
      var c = encoder.singleValueContainer()
      try c.encode(value)
    } else {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encodeIfPresent(value, forKey: .value)
      if !footnoteIds.isEmpty { try c.encode(footnoteIds, forKey: .footnoteIds) }
    }
  }
}

// MARK: - Strict decoding helpers

/// A coding key for any string, used to see every key an object carries.
struct AnyCodingKey: CodingKey, Hashable {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

extension Decoder {
  /// A keyed container that refuses keys outside `K`: a misspelt field is an error, not silence.
  func strictContainer<K: CodingKey & CaseIterable>(_: K.Type) throws -> KeyedDecodingContainer<K> {
    let any = try container(keyedBy: AnyCodingKey.self)
    let allowed = Set(K.allCases.map(\.stringValue))
    if let unknown = any.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
      .first(where: { !allowed.contains($0.stringValue) })
    {
      throw DecodingError.dataCorrupted(
        .init(codingPath: codingPath + [unknown], debugDescription: "is not a field of this object"))
    }
    return try container(keyedBy: K.self)
  }

  /// True when the current value is not a JSON object.
  func isScalar() -> Bool {
    (try? container(keyedBy: AnyCodingKey.self)) == nil
  }
}

/// The decoder's path rendered the way error messages show it: `derivativeTable.transactions[0].transactionDate`.
func renderPath(_ path: [any CodingKey]) -> String {
  var out = ""
  for key in path {
    if let i = key.intValue {
      out += "[\(i)]"
    } else {
      if !out.isEmpty { out += "." }
      out += key.stringValue
    }
  }
  return out
}

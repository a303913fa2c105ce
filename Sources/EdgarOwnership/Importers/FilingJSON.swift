import Foundation

/// Reads and writes the filing JSON format (`ledger schema` prints its JSON Schema).
public enum FilingJSON {
  /// Decodes a filing JSON document, reporting the first problem with its field path.
  public static func decode(_ data: Data, file: String) throws(LedgerError) -> OwnershipDocument {
    let doc: OwnershipDocument
    do {
      doc = try JSONDecoder().decode(OwnershipDocument.self, from: data)
    } catch let error as DecodingError {
      throw describe(error, file: file)
    } catch {
      throw .invalidFile(file: file, message: "is not valid JSON")
    }
    do {
      try FilingValidator.validate(doc)
    } catch {
      throw .invalidField(file: file, path: error.path, message: error.message)
    }
    return doc
  }

  /// Why a JSON document is not a filing at all (an object without documentType), or nil.
  static func notAFiling(_ data: Data) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: data) else { return nil }  // decode reports it
    guard let dict = object as? [String: Any], dict["documentType"] == nil else { return nil }
    return "JSON that is not a filing (no documentType)"
  }

  /// The filing as JSON with sorted keys, as `ledger convert` prints it.
  public static func encode(_ doc: OwnershipDocument, pretty: Bool = true) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    // Encoding a value type of strings, dates and decimal strings cannot fail.
    return try! encoder.encode(doc)
  }

  static func describe(_ error: DecodingError, file: String) -> LedgerError {
    switch error {
    case .dataCorrupted(let ctx):
      if ctx.codingPath.isEmpty {
        var detail = ""
        if let underlying = ctx.underlyingError as NSError?,
          let d = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
        {
          detail = ": " + d
        }
        return .invalidFile(file: file, message: "is not valid JSON\(detail.prefix(120))")
      }
      return .invalidField(file: file, path: renderPath(ctx.codingPath), message: ctx.debugDescription)
    case .keyNotFound(let key, let ctx):
      return .invalidField(file: file, path: renderPath(ctx.codingPath + [key]), message: "is required")
    case .typeMismatch(let type, let ctx):
      return .invalidField(file: file, path: renderPath(ctx.codingPath), message: "expected \(describe(type))")
    case .valueNotFound(let type, let ctx):
      return .invalidField(file: file, path: renderPath(ctx.codingPath), message: "is null; expected \(describe(type))")
    @unknown default:
      return .invalidFile(file: file, message: "is not a filing")
    }
  }

  static func describe(_ type: Any.Type) -> String {
    let name = String(describing: type)
    if name.hasPrefix("Array") { return "a list" }
    if name.hasPrefix("Dictionary") || name.contains("KeyedDecodingContainer") { return "an object" }
    switch name {
    case "String": return "a string"
    case "Int", "Decimal", "Double", "UInt64": return "a number"
    case "Bool": return "a boolean"
    default: return "a value"
    }
  }
}

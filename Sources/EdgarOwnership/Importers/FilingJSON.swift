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
    // JSONDecoder keeps one of two equal keys silently: the document would mean something else.
    if let (path, key) = DuplicateKeys.first(in: data) {
      throw .invalidField(file: file, path: path, message: "appears twice in its object (which \(quoted(key)) is meant cannot be told); refused")
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

/// Finds a key that appears twice in one object of a valid JSON document, in one pass over its
/// bytes, with the path of the object (`reportingOwners[0].reportingOwnerId`).
enum DuplicateKeys {
  private enum Frame {
    case object(keys: Set<String>, key: String?)
    case array(index: Int)
  }

  static func first(in data: Data) -> (path: String, key: String)? {
    data.withUnsafeBytes { raw -> (String, String)? in
      let b = raw.bindMemory(to: UInt8.self)
      var stack: [Frame] = []
      var i = 0
      func path() -> String {
        var p = ""
        for frame in stack.dropLast() {
          switch frame {
          case .object(_, let key?): p += (p.isEmpty ? "" : ".") + key
          case .array(let index): p += "[\(index)]"
          case .object(_, nil): break
          }
        }
        return p
      }
      while i < b.count {
        switch b[i] {
        case UInt8(ascii: "{"): stack.append(.object(keys: [], key: nil))
        case UInt8(ascii: "["): stack.append(.array(index: 0))
        case UInt8(ascii: "}"), UInt8(ascii: "]"): if !stack.isEmpty { stack.removeLast() }
        case UInt8(ascii: ","):
          if case .array(let n)? = stack.last { stack[stack.count - 1] = .array(index: n + 1) }
        case UInt8(ascii: "\""):
          let start = i + 1
          var escaped = false
          i += 1
          while i < b.count, b[i] != UInt8(ascii: "\"") {
            if b[i] == UInt8(ascii: "\\") {
              escaped = true
              i += 1
            }
            i += 1
          }
          var j = i + 1
          while j < b.count, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x09 { j += 1 }
          if j < b.count, b[j] == UInt8(ascii: ":"), case .object(var keys, _)? = stack.last {
            let token = UnsafeBufferPointer(rebasing: b[start..<min(i, b.count)])
            var key = String(decoding: token, as: UTF8.self)
            if escaped, let decoded = try? JSONSerialization.jsonObject(with: Data(("[\"" + key + "\"]").utf8)) as? [String], let k = decoded.first {
              key = k
            }
            guard keys.insert(key).inserted else {
              let within = path()
              return (within.isEmpty ? key : within + "." + key, key)
            }
            stack[stack.count - 1] = .object(keys: keys, key: key)
            i = j
          }
        default: break
        }
        i += 1
      }
      return nil
    }
  }
}

import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An XML element as read by Foundation's XMLParser: name, attributes, direct text, children.
/// The mapper marks what it reads, so that whatever it does not model is kept aside.
final class XMLElementNode {
  let name: String
  let attributes: [String: String]
  var text = ""
  var children: [XMLElementNode] = []
  var consumed = false

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// The trimmed direct text, or nil when empty.
  var trimmedText: String? { text.nonEmptyTrimmed }
}

/// Builds the tree with XMLParser. DTDs are refused before parsing (no entity is ever
/// declared, expanded or fetched), and depth and size are bounded.
enum XMLTree {
  static let maxDepth = 32
  static let maxElements = 500_000

  enum Failure: Error {
    case malformed(line: Int, message: String)
    case doctype
    case tooDeep
    case tooLarge
    case truncated(element: String)
  }

  static func parse(_ data: Data) -> Result<XMLElementNode, Failure> {
    if hasDoctype(data) { return .failure(.doctype) }
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    parser.shouldReportNamespacePrefixes = false
    parser.shouldResolveExternalEntities = false
    let builder = Builder()
    parser.delegate = builder
    let ok = parser.parse()
    if let failure = builder.failure { return .failure(failure) }
    // libxml2 through XMLParser accepts a document that simply stops: an element left open
    // means the file was cut short, and a partial filing must not pass for a whole one.
    if ok, let open = builder.stack.last { return .failure(.truncated(element: open.name)) }
    guard ok, let root = builder.root else {
      let message = parser.parserError.map(describe) ?? "not well-formed"
      return .failure(.malformed(line: parser.lineNumber, message: message))
    }
    return .success(root)
  }

  /// True when a `<!DOCTYPE` comes before the root element. Ownership documents never carry
  /// one, and refusing it shuts out entity expansion ("billion laughs") and external entities.
  static func hasDoctype(_ data: Data) -> Bool {
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
      let bytes = raw.bindMemory(to: UInt8.self)
      var i = 0
      let n = bytes.count
      while i < n {
        guard bytes[i] == UInt8(ascii: "<") else {
          i += 1
          continue
        }
        guard i + 1 < n else { return false }
        let next = bytes[i + 1]
        if next == UInt8(ascii: "?") {
          // Processing instruction: skip to "?>".
          i += 2
          while i + 1 < n, !(bytes[i] == UInt8(ascii: "?") && bytes[i + 1] == UInt8(ascii: ">")) { i += 1 }
          i += 2
        } else if next == UInt8(ascii: "!") {
          if i + 3 < n, bytes[i + 2] == UInt8(ascii: "-"), bytes[i + 3] == UInt8(ascii: "-") {
            i += 4
            while i + 2 < n,
              !(bytes[i] == UInt8(ascii: "-") && bytes[i + 1] == UInt8(ascii: "-") && bytes[i + 2] == UInt8(ascii: ">"))
            {
              i += 1
            }
            i += 3
          } else {
            return true  // <!DOCTYPE ...> or another declaration
          }
        } else {
          return false  // the root element starts
        }
      }
      return false
    }
  }

  static func describe(_ error: any Error) -> String {
    let ns = error as NSError
    if let d = ns.userInfo[NSLocalizedDescriptionKey] as? String, !d.isEmpty, !d.hasPrefix("The operation") {
      return d.trimmed
    }
    return "not well-formed XML (parser error \(ns.code))"
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var stack: [XMLElementNode] = []
    var root: XMLElementNode?
    var failure: Failure?
    var count = 0

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
      attributes attributeDict: [String: String] = [:]
    ) {
      count += 1
      if stack.count >= XMLTree.maxDepth {
        failure = .tooDeep
        parser.abortParsing()
        return
      }
      if count > XMLTree.maxElements {
        failure = .tooLarge
        parser.abortParsing()
        return
      }
      let node = XMLElementNode(name: elementName, attributes: attributeDict)
      if let parent = stack.last {
        parent.children.append(node)
      } else if root == nil {
        root = node
      }
      stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
      _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
      stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
      failure = .doctype
      parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
      failure = .doctype
      parser.abortParsing()
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
      nil
    }
  }
}

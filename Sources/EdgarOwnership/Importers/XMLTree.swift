import Foundation

/// An XML element: name (local part), attributes, direct text, children. The mapper marks what it
/// reads, so that whatever it does not model is kept aside.
///
/// A node is a position in its document, which holds every element in one array and every
/// element's direct text in one buffer: parsing allocates per document, not per element, and a
/// text becomes a `String` only when it is read (the whitespace between elements never is).
struct XMLElementNode {
  let document: XMLTree.Document
  let index: Int

  var name: String { document.elements[index].name }

  /// Whether the element is named `other`: lengths first, which tell most of the siblings a
  /// mapper looks past apart without comparing strings.
  func isNamed(_ other: String) -> Bool {
    document.elements.withUnsafeBufferPointer { e in
      let mine = e[index].name
      return mine.utf8.count == other.utf8.count && mine == other
    }
  }
  var attributes: [String: String] { document.elements[index].attributes }

  /// Whether the mapper has read this element.
  var consumed: Bool {
    get { document.consumed[index] }
    nonmutating set { document.consumed[index] = newValue }
  }

  /// Whether the mapper has read every element of this node's document (one pass over the
  /// document's marks, which are in document order).
  var documentFullyConsumed: Bool { !document.consumed.contains(false) }

  var children: Children { Children(document: document, first: document.elements[index].firstChild, count: document.elements[index].childCount) }

  /// The direct text, exactly as parsed (references resolved, line ends normalised).
  var text: String {
    let e = document.elements[index]
    return document.text.withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[e.textStart..<e.textEnd]), as: UTF8.self) }
  }

  /// The trimmed direct text, or nil when empty (trimmed in the document's buffer).
  var trimmedText: String? {
    let e = document.elements[index]
    let t = document.text.withBytes { Trimming.trimmed(UnsafeBufferPointer(rebasing: $0[e.textStart..<e.textEnd])) }
    return t.isEmpty ? nil : t
  }

  /// The child elements, in document order.
  struct Children: Sequence {
    fileprivate let document: XMLTree.Document
    fileprivate let first: Int
    let count: Int

    var isEmpty: Bool { count == 0 }

    func makeIterator() -> Iterator { Iterator(document: document, position: first) }

    struct Iterator: IteratorProtocol {
      fileprivate let document: XMLTree.Document
      fileprivate var position: Int

      mutating func next() -> XMLElementNode? {
        guard position >= 0 else { return nil }
        let node = XMLElementNode(document: document, index: position)
        position = document.elements[position].nextSibling
        return node
      }
    }
  }
}

/// A strict, non-validating XML 1.0 parser for ownership documents.
///
/// It checks well-formedness (matching tags, quoted attributes, known entity and character
/// references, one root, nothing after it), normalises line ends, reads CDATA, comments and
/// processing instructions, and decodes UTF-8 (validated), UTF-16 and the Latin encodings EDGAR
/// filers declare. A DOCTYPE is refused outright: no entity is ever declared, expanded or
/// fetched. Depth and element count are bounded. Written because Foundation's XMLParser on Linux
/// traps on some malformed input (a crash, not an error); its results on the real corpus are
/// compared with XMLParser's by a test.
enum XMLTree {
  static let maxDepth = 32
  static let maxElements = 100_000

  /// An element as parsed: links to its first child and next sibling (indices in the
  /// document's elements, -1 for none) and its direct text's range in the document's text.
  struct Element {
    var name: String
    var attributes: [String: String]
    var textStart = 0
    var textEnd = 0
    var firstChild = -1
    var nextSibling = -1
    var childCount = 0
  }

  /// One parsed document: its elements in document order (the root first), their direct texts
  /// one after the other, and which ones the mapper has read.
  final class Document {
    let elements: [Element]
    let text: ByteWriter
    let consumed: UnsafeMutableBufferPointer<Bool>

    init(elements: [Element], text: ByteWriter) {
      self.elements = elements
      self.text = text
      consumed = .allocate(capacity: elements.count)
      consumed.initialize(repeating: false)
    }

    deinit { consumed.deallocate() }
  }

  /// The element names of ownership documents, made once and shared by every node that has one
  /// (a node's name is otherwise a new string, allocated when longer than 15 bytes).
  enum Names {
    static let known: [String] = [
      "value", "footnoteId", "securityTitle", "ownershipNature", "directOrIndirectOwnership", "footnote",
      "postTransactionAmounts", "sharesOwnedFollowingTransaction", "valueOwnedFollowingTransaction", "transactionFormType",
      "transactionCoding", "transactionPricePerShare", "transactionDate", "transactionCode", "transactionAmounts",
      "transactionAcquiredDisposedCode", "equitySwapInvolved", "transactionShares", "transactionTotalValue",
      "nonDerivativeTransaction", "transactionTimeliness", "deemedExecutionDate", "natureOfOwnership", "underlyingSecurityTitle",
      "underlyingSecurity", "underlyingSecurityShares", "underlyingSecurityValue", "expirationDate", "exerciseDate",
      "conversionOrExercisePrice", "signatureName", "signatureDate", "ownerSignature", "rptOwnerCik", "rptOwnerCcc", "rptOwnerName",
      "reportingOwnerRelationship", "reportingOwnerId", "reportingOwner", "reportingOwnerAddress", "rptOwnerZipCode", "rptOwnerStreet1",
      "rptOwnerStreet2", "rptOwnerState", "rptOwnerCity", "rptOwnerStateDescription", "rptOwnerGoodAddress", "isDirector", "isOfficer",
      "isTenPercentOwner", "isOther", "officerTitle", "otherText", "nonDerivativeHolding", "nonDerivativeTable", "derivativeTransaction",
      "derivativeHolding", "derivativeTable", "periodOfReport", "ownershipDocument", "issuer", "issuerCik", "issuerName",
      "issuerTradingSymbol", "documentType", "footnotes", "schemaVersion", "notSubjectToSection16", "remarks", "aff10b5One",
      "noSecuritiesOwned", "dateOfOriginalSubmission", "form3HoldingsReported", "form4TransactionsReported",
    ]

    /// Open addressing over a hash of the name's bytes: a slot holds an index into `known`, plus
    /// one; `bytes` holds every known name, one after the other, from `offsets[k]`. Made once
    /// and never freed, in plain memory: a lookup copies three pointers, where arrays cost a
    /// retain and a release each.
    struct Table {
      let slots: UnsafeMutablePointer<Int>
      let offsets: UnsafeMutablePointer<Int>
      let bytes: UnsafeMutablePointer<UInt8>
    }

    nonisolated(unsafe) static let table: Table = {
      var slots = [Int](repeating: 0, count: 256)
      var offsets: [Int] = [0]
      var bytes: [UInt8] = []
      for (k, name) in known.enumerated() {
        var h = basis
        for c in name.utf8 { h = step(h, c) }
        var s = Int(h & 255)
        while slots[s] != 0 { s = (s + 1) & 255 }
        slots[s] = k + 1
        bytes.append(contentsOf: name.utf8)
        offsets.append(bytes.count)
      }
      func plain<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: a.count)
        p.initialize(from: a, count: a.count)
        return p
      }
      return Table(slots: plain(slots), offsets: plain(offsets), bytes: plain(bytes))
    }()

    static let basis: UInt32 = 2_166_136_261
    @inline(__always) static func step(_ h: UInt32, _ c: UInt8) -> UInt32 { (h ^ UInt32(c)) &* 16_777_619 }

    /// The shared string for these bytes, whose hash is `h`, or a new one when the name is not
    /// known.
    static func name(_ b: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> String {
      let t = table
      var s = Int(h & 255)
      while true {
        let k = t.slots[s]
        if k == 0 { return String(decoding: b, as: UTF8.self) }
        let start = t.offsets[k - 1]
        if t.offsets[k] - start == b.count, memcmp(t.bytes + start, b.baseAddress!, b.count) == 0 {
          return known[k - 1]
        }
        s = (s + 1) & 255
      }
    }
  }

  enum Failure: Error, Equatable {
    case malformed(line: Int, message: String)
    case doctype
    case tooDeep
    case tooLarge
    case truncated(element: String)
  }

  /// Parses a document from its bytes, read by their byte order mark or declared encoding.
  /// UTF-8, as nearly every filing is, is parsed where the bytes are, once validated; the
  /// others are transcoded to UTF-8 first.
  static func parse(_ data: Data) -> Result<XMLElementNode, Failure> {
    data.withUnsafeBytes { raw in
      var b = raw.bindMemory(to: UInt8.self)
      func transcoded(_ s: String) -> Result<XMLElementNode, Failure> { Array(s.utf8).withUnsafeBufferPointer(parse(bytes:)) }
      if b.starts(with: [0xFE, 0xFF]) || b.starts(with: [0xFF, 0xFE]) {
        guard let s = String(data: data, encoding: .utf16) else { return .failure(.malformed(line: 1, message: "the UTF-16 text is not valid")) }
        return transcoded(s)
      }
      if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = UnsafeBufferPointer(rebasing: b[3...]) }
      let encoding = declaredEncoding(b)?.lowercased() ?? "utf-8"
      switch encoding {
      case "utf-8", "utf8", "us-ascii", "ascii":
        guard isValidUTF8(b) else { return .failure(.malformed(line: lineOfInvalidUTF8(b), message: "the text is not valid UTF-8")) }
        return parse(bytes: b)
      case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "iso_8859-1":
        var s = String.UnicodeScalarView()
        for c in b { s.append(Unicode.Scalar(c)) }
        return transcoded(String(s))
      case "windows-1252", "cp1252":
        guard let s = String(bytes: b, encoding: .windowsCP1252) else {
          return .failure(.malformed(line: 1, message: "the text is not valid windows-1252"))
        }
        return transcoded(s)
      default:
        return .failure(.malformed(line: 1, message: "encoding \(quoted(encoding)) is not supported"))
      }
    }
  }

  static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<XMLElementNode, Failure> {
    if let line = lineOfNonCharacter(bytes) { return .failure(.malformed(line: line, message: "U+FFFE and U+FFFF are not allowed in XML")) }
    var parser = Parser(bytes: bytes)
    do throws(Failure) {
      return .success(try parser.document())
    } catch {
      return .failure(error)
    }
  }

  /// Whether the bytes are valid UTF-8: eight at a time while they are ASCII, and through the
  /// standard library's validation (which builds a string) only when one is not.
  static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return true }
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= b.count {
      if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
      i += 8
    }
    while i < b.count, b[i] < 0x80 { i += 1 }
    return i == b.count || String(validating: b, as: UTF8.self) != nil
  }

  /// The line of the first U+FFFE or U+FFFF (EF BF BE, EF BF BF) in valid UTF-8, if any; the
  /// bytes are searched for EF with memchr.
  static func lineOfNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var at = 0
    while at + 2 < bytes.count, let hit = memchr(base + at, 0xEF, bytes.count - at - 2) {
      let i = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
      if bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF) {
        return 1 + bytes[..<i].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      }
      at = i + 1
    }
    return nil
  }

  static func lineOfInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var line = 1
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
      if length == 0 || i + length > bytes.count || String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) == nil {
        return line
      }
      if b == 0x0A { line += 1 }
      i += length
    }
    return line
  }

  /// The `encoding="..."` of the XML declaration, if any.
  /// Searched in the declaration's bytes (no string is made of it).
  static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard bytes.starts(with: "<?xml".utf8) else { return nil }
    let end = bytes.firstIndex(of: UInt8(ascii: ">")) ?? min(bytes.count, 200)
    let name = "encoding".utf8
    guard end >= name.count, let at = (0...(end - name.count)).first(where: { bytes[$0..<($0 + name.count)].elementsEqual(name) }) else {
      return nil
    }
    var i = at + name.count
    while i < end, bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "=") || bytes[i] == 0x09 { i += 1 }
    guard i < end, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { return nil }
    let quote = bytes[i]
    let start = i + 1
    var stop = start
    while stop < end, bytes[stop] != quote { stop += 1 }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
  }
}

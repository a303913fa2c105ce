import Foundation

/// An XML element: name (local part), attributes, direct text, children. The mapper marks what it
/// reads, so that whatever it does not model is kept aside.
///
/// A node is a position in its document, which holds every element in one array and every
/// element's direct text in one buffer: parsing allocates per document, not per element, and a
/// text becomes a `String` only when it is read (the whitespace between elements never is).
struct XMLElementNode {
  fileprivate let document: XMLTree.Document
  fileprivate let index: Int

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

  /// The parser proper, over UTF-8 bytes.
  struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var line = 1
    var count = 0
    /// The text of the document's nodes, each closed node's after the last.
    var texts = ByteWriter(capacity: 4096)
    /// The text of the open elements so far, outermost first: an element's starts where it was
    /// when the element opened, and moves to `texts` when it closes.
    var pending = ByteWriter(capacity: 1024)
    /// The elements so far, in the order they open.
    var elements: [Element] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ message: String) -> Failure { .malformed(line: line, message: message) }

    var atEnd: Bool { i >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8 { i + offset < bytes.count ? bytes[i + offset] : 0 }

    func starts(with s: StaticString) -> Bool {
      let n = s.utf8CodeUnitCount
      guard i + n <= bytes.count else { return false }
      let p = s.utf8Start
      for k in 0..<n where bytes[i + k] != p[k] { return false }
      return true
    }

    mutating func advance(_ n: Int = 1) {
      for _ in 0..<n where i < bytes.count {
        if bytes[i] == 0x0A { line += 1 }
        i += 1
      }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    mutating func skipSpace() { while !atEnd, Parser.isSpace(peek()) { advance() } }

    static func isNameByte(_ b: UInt8) -> Bool {
      (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
        || b == 0x3A || b >= 0x80
    }

    static func isNameStart(_ b: UInt8) -> Bool {
      (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
    }

    /// Skips a name, returning where its bytes are.
    mutating func nameRange() throws(Failure) -> Range<Int> {
      guard Parser.isNameStart(peek()) else {
        throw fail(atEnd ? "the document ends inside a tag" : "a name was expected")
      }
      let start = i
      while i < bytes.count, Parser.isNameByte(bytes[i]) { i += 1 }
      return start..<i
    }

    func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

    func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
      a.count == b.count && memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, a.count) == 0
    }

    /// A name (as written, with any prefix).
    mutating func name() throws(Failure) -> String { string(try nameRange()) }

    /// An element's name: its local part (after the last colon), shared when it is a known one.
    mutating func localName() throws(Failure) -> String {
      guard Parser.isNameStart(peek()) else {
        throw fail(atEnd ? "the document ends inside a tag" : "a name was expected")
      }
      var start = i
      var h = Names.basis
      while i < bytes.count {
        let c = bytes[i]
        guard Parser.isNameByte(c) else { break }
        if c == 0x3A {
          start = i + 1
          h = Names.basis
        } else {
          h = Names.step(h, c)
        }
        i += 1
      }
      return Names.name(UnsafeBufferPointer(rebasing: bytes[start..<i]), hash: h)
    }

    /// Skips comments, processing instructions and whitespace; refuses a DOCTYPE.
    mutating func misc() throws(Failure) {
      while true {
        skipSpace()
        if starts(with: "<!--") {
          try comment()
        } else if starts(with: "<?") {
          try processingInstruction()
        } else if starts(with: "<!") {
          throw .doctype
        } else {
          return
        }
      }
    }

    /// A comment; `--` may appear in it only as part of its end, `-->` (XML 1.0, 2.5).
    mutating func comment() throws(Failure) {
      advance(4)
      while !starts(with: "--") {
        guard !atEnd else { throw fail("a comment is not closed") }
        advance()
      }
      guard starts(with: "-->") else { throw fail("'--' is not allowed inside a comment") }
      advance(3)
    }

    /// A processing instruction. Its target may not be `xml` in any case: the XML declaration
    /// is allowed only as the document's very first bytes, where `document()` reads it.
    mutating func processingInstruction() throws(Failure) {
      advance(2)
      let target = try nameRange()
      if target.count == 3, string(target).lowercased() == "xml" {
        throw fail("the XML declaration <?xml ...?> must be at the very start of the document")
      }
      while !starts(with: "?>") {
        guard !atEnd else { throw fail("a processing instruction is not closed") }
        advance()
      }
      advance(2)
    }

    mutating func document() throws(Failure) -> XMLElementNode {
      elements.reserveCapacity(bytes.count / 48)
      // The XML declaration, if any, is the first thing in the document.
      if starts(with: "<?xml"), Parser.isSpace(peek(5)) || peek(5) == UInt8(ascii: "?") {
        advance(5)
        while !starts(with: "?>") {
          guard !atEnd else { throw fail("the XML declaration is not closed") }
          advance()
        }
        advance(2)
      }
      try misc()
      guard !atEnd else { throw fail("there is no root element") }
      guard peek() == UInt8(ascii: "<") else { throw fail("text before the root element") }
      let root = try element(depth: 0)
      try misc()
      guard atEnd else { throw fail("content after the root element") }
      return XMLElementNode(document: Document(elements: elements, text: texts), index: root)
    }

    /// Local part of a qualified name (`x:ownershipDocument` -> `ownershipDocument`).
    static func local(_ name: String) -> String {
      guard let colon = name.lastIndex(of: ":") else { return name }
      return String(name[name.index(after: colon)...])
    }

    /// Parses an element and what it holds; returns its index in `elements`.
    mutating func element(depth: Int) throws(Failure) -> Int {
      guard depth < XMLTree.maxDepth else { throw .tooDeep }
      count += 1
      guard count <= XMLTree.maxElements else { throw .tooLarge }
      advance()  // <
      let nameStart = i
      let local = try localName()
      let nameEnd = i
      var attributes: [String: String] = [:]
      while true {
        let hadSpace = Parser.isSpace(peek())
        skipSpace()
        guard !atEnd else { throw .truncated(element: local) }
        if peek() == UInt8(ascii: "/") {
          guard peek(1) == UInt8(ascii: ">") else { throw fail("'/' must end a tag with '>' in <\(string(nameStart..<nameEnd))>") }
          advance(2)
          elements.append(Element(name: local, attributes: attributes))
          return elements.count - 1
        }
        if peek() == UInt8(ascii: ">") {
          advance()
          break
        }
        guard hadSpace else { throw fail("attributes of <\(string(nameStart..<nameEnd))> must be separated by spaces") }
        let attribute = try name()
        skipSpace()
        guard peek() == UInt8(ascii: "=") else { throw fail("attribute \(attribute) of <\(string(nameStart..<nameEnd))> has no value") }
        advance()
        skipSpace()
        let value = try attributeValue()
        guard attributes[attribute] == nil else { throw fail("attribute \(attribute) appears twice in <\(string(nameStart..<nameEnd))>") }
        if !attribute.hasPrefix("xmlns") { attributes[Parser.local(attribute)] = value }
      }
      let index = elements.count
      elements.append(Element(name: local, attributes: attributes))
      let textStart = pending.count
      var lastChild = -1
      while true {
        guard !atEnd else { throw .truncated(element: local) }
        let b = peek()
        if b == UInt8(ascii: "<") {
          if peek(1) == UInt8(ascii: "/") {
            advance(2)
            // The end tag's name is compared as bytes (no string made for it): the start tag's
            // name, then no more name (scanned as a name only when it is not the same).
            let n = nameEnd - nameStart
            let closing: Range<Int>
            if i + n < bytes.count, memcmp(bytes.baseAddress! + i, bytes.baseAddress! + nameStart, n) == 0, !Parser.isNameByte(bytes[i + n]) {
              closing = i..<(i + n)
              i += n
            } else {
              closing = try nameRange()
            }
            skipSpace()
            guard peek() == UInt8(ascii: ">") else {
              throw atEnd ? .truncated(element: local) : fail("the end tag </\(string(closing))> is not closed with '>'")
            }
            advance()
            guard sameBytes(closing, nameStart..<nameEnd) else { throw fail("<\(string(nameStart..<nameEnd))> is closed by </\(string(closing))>") }
            elements[index].textStart = texts.count
            pending.withBytes { texts.append(UnsafeBufferPointer(rebasing: $0[textStart...])) }
            elements[index].textEnd = texts.count
            pending.truncate(to: textStart)
            return index
          } else if starts(with: "<!--") {
            try comment()
          } else if starts(with: "<![CDATA[") {
            advance(9)
            while !starts(with: "]]>") {
              guard !atEnd else { throw .truncated(element: local) }
              let b = try textByte()
              pending.append(b)
            }
            advance(3)
          } else if starts(with: "<?") {
            try processingInstruction()
          } else if starts(with: "<!") {
            throw fail("a declaration inside an element")
          } else {
            let child = try element(depth: depth + 1)
            if lastChild < 0 { elements[index].firstChild = child } else { elements[lastChild].nextSibling = child }
            elements[index].childCount += 1
            lastChild = child
          }
        } else if b == UInt8(ascii: "&") {
          let s = try reference()
          Parser.append(s, to: &pending)
        } else if b >= 0x20 || b == 0x0A || b == 0x09 {
          // `]]>` may only end a CDATA section (XML 1.0, 2.4).
          if b == UInt8(ascii: "]"), starts(with: "]]>") { throw fail("']]>' is not allowed in text outside a CDATA section") }
          // A run of plain text (line feeds and tabs included) at once; a CR, a control
          // character, '<', '&' or a ']' that may begin `]]>` ends it.
          let start = i
          i += 1
          if b == 0x0A { line += 1 }
          while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A {
              line += 1
            } else if c < 0x20 ? c != 0x09 : (c == UInt8(ascii: "<") || c == UInt8(ascii: "&") || c == UInt8(ascii: "]")) {
              break
            }
            i += 1
          }
          pending.append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        } else {
          let b = try textByte()
          pending.append(b)
        }
      }
    }

    /// One byte of text, with CR LF and CR read as LF; refuses control characters.
    mutating func textByte() throws(Failure) -> UInt8 {
      let b = peek()
      if b == 0x0D {
        advance()
        if peek() == 0x0A { advance() }
        return 0x0A
      }
      if b < 0x20 && b != 0x09 && b != 0x0A { throw fail("a control character (\(b)) is not allowed in XML") }
      advance()
      return b
    }

    static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
      if scalar.isASCII {
        out.append(UInt8(scalar.value))
      } else {
        out.append(contentsOf: String(scalar).utf8)
      }
    }

    static func append(_ scalar: Unicode.Scalar, to out: inout ByteWriter) {
      UTF8.encode(scalar) { out.append($0) }
    }

    mutating func attributeValue() throws(Failure) -> String {
      let quote = peek()
      guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw fail("an attribute value must be quoted") }
      advance()
      var value: [UInt8] = []
      while peek() != quote {
        guard !atEnd else { throw fail("an attribute value is not closed") }
        let b = peek()
        if b == UInt8(ascii: "<") { throw fail("'<' is not allowed in an attribute value") }
        if b == UInt8(ascii: "&") {
          Parser.append(try reference(), to: &value)
        } else if Parser.isSpace(b) {
          // Line ends are normalised first (CR LF is one), then each white space becomes a space.
          value.append(0x20)
          advance()
          if b == 0x0D && peek() == 0x0A { advance() }
        } else if b < 0x20 {
          throw fail("a control character (\(b)) is not allowed in XML")
        } else {
          value.append(b)
          advance()
        }
      }
      advance()
      return String(decoding: value, as: UTF8.self)
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NN;`, `&#xHH;`. Any other entity is an error:
    /// there is no DTD to declare one.
    mutating func reference() throws(Failure) -> Unicode.Scalar {
      advance()  // &
      var body: [UInt8] = []
      while peek() != UInt8(ascii: ";") {
        guard !atEnd, body.count < 12, !Parser.isSpace(peek()), peek() != UInt8(ascii: "<") else {
          throw fail("'&' must start a reference such as &amp;")
        }
        body.append(peek())
        advance()
      }
      advance()
      let text = String(decoding: body, as: UTF8.self)
      switch text {
      case "amp": return "&"
      case "lt": return "<"
      case "gt": return ">"
      case "quot": return "\""
      case "apos": return "'"
      default:
        var scalar: Unicode.Scalar?
        if text.hasPrefix("#x") || text.hasPrefix("#X") {
          scalar = UInt32(text.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if text.hasPrefix("#") {
          scalar = UInt32(text.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        } else {
          throw fail("the entity &\(text); is not defined (only &amp; &lt; &gt; &quot; &apos; exist without a DTD)")
        }
        // XML's Char production: tab, line feed, carriage return, and U+0020 and above except
        // U+FFFE and U+FFFF (surrogates are not scalars).
        guard let scalar, scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r", scalar.value != 0xFFFE, scalar.value != 0xFFFF
        else {
          throw fail("&\(text); is not a valid character reference")
        }
        return scalar
      }
    }
  }
}

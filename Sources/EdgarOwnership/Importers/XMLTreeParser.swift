import Foundation

// The parser proper: well-formedness, line ends, references, CDATA, comments and processing
// instructions, over UTF-8 bytes, building the document `XMLTree.parse` returns.
extension XMLTree {
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

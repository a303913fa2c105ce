import Testing

@testable import EdgarOwnership
@testable import LedgerCore

/// Names are matched by their words: the fast ASCII reading gives what the general one gives.
@Suite struct NameKeyTests {
  @Test func oneNameWrittenThreeWaysIsOneKey() {
    #expect(NameKey.person("NOTINI ALBERT A") == "A ALBERT NOTINI")
    #expect(NameKey.person("Albert A. Notini") == "A ALBERT NOTINI")
    #expect(NameKey.person("Notini, Albert A") == "A ALBERT NOTINI")
    #expect(NameKey.person("O'Brien  Mary-Kate") == "KATE MARY OBRIEN")
    #expect(NameKey.issuer("Sonus Networks, Inc.") == "SONUS NETWORKS INC")
    #expect(NameKey.person("Ærø, José") == "JOSÉ ÆRØ")
  }

  @Test func theASCIIReadingAgreesWithTheGeneralOneForEveryCharacter() {
    for byte in UInt8(0)..<0x80 {
      let c = String(decoding: [byte], as: UTF8.self)
      for name in ["ab\(c)cd", "\(c)x y\(c)", "\(c)", "Jr.\(c)9 z"] {
        #expect(NameKey.asciiWords(name) == NameKey.unicodeWords(name), "\(byte)")
      }
    }
    #expect(NameKey.asciiWords("José") == nil)
  }

  /// Trimming reads ASCII white space as bytes and Unicode white space as scalars: the result
  /// is what trimming every white-space scalar gives.
  @Test func trimmingAgreesWithTrimmingEveryWhiteSpaceScalar() {
    func reference(_ s: String) -> String {
      let scalars = Array(s.unicodeScalars)
      guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
      var out = String.UnicodeScalarView()
      out.append(contentsOf: scalars[first...last])
      return String(out)
    }
    let edges = ["", " ", "\t\t", "\r\n", "\n \u{B}\u{C}", "\u{A0}", " \u{2003}\t", "\u{85}", "\u{301}", "é", "x"]
    for left in edges {
      for right in edges {
        for middle in ["", "0001999999-04-001918", "a b", "\u{A0}", "Ærø\r\nJosé"] {
          let s = left + middle + right
          #expect(s.trimmed == reference(s), "\(Array(s.unicodeScalars))")
          #expect(s.trimmed.unicodeScalars.elementsEqual(reference(s).unicodeScalars), "\(Array(s.unicodeScalars))")
        }
      }
    }
    #expect("\t\t0001999999-04-001918\r".trimmed == "0001999999-04-001918")
    #expect(" \u{A0}Notini\u{2003}".trimmed == "Notini")
  }

  @Test func titlesCompareIgnoringCaseAndSpacing() {
    #expect(NameKey.title("  Common\t Stock ") == "common stock")
    #expect(NameKey.title("Ação  Ordinária") == "ação ordinária")
    for byte in UInt8(0)..<0x80 {
      let c = String(decoding: [byte], as: UTF8.self)
      let text = "A\(c)b \(c)"
      var fast: [UInt8] = []
      #expect(NameKey.appendTitle(text, to: &fast))
      #expect(String(decoding: fast, as: UTF8.self) == text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(byte)")
    }
  }

  /// A row's place in its filing is written with seven digits, so that title ranks (stored in
  /// every ledger) compare as text in row order.
  @Test func aRowsPlaceIsZeroPaddedToSevenDigits() {
    for n in [0, 7, 42, 999, 1_000_000, 9_999_999, 10_000_000, 123_456_789] {
      let s = String(n)
      #expect(Projector.padded(n) == (s.count >= 7 ? s : String(repeating: "0", count: 7 - s.count) + s), "\(n)")
    }
    #expect(Projector.padded(9) < Projector.padded(10))
  }

  /// A line's key, stored in every ledger: its parts in a fixed order, each after a 0x1F.
  @Test func aLineKeyIsItsPartsInOrder() {
    let row = Filings.trade("2024-01-02", shares: "5", after: "5", security: "Common  STOCK", ownership: .indirect, nature: "By Fund IV, L.P.")
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03", table1: [row])
    let facts = LineFacts(row: doc.rows[0])
    #expect(facts.keySuffix == "\u{1F}1\u{1F}shares\u{1F}I\u{1F}by fund iv l p\u{1F}common stock\u{1F}\u{1F}")
    #expect(facts.key(issuerID: 7, ownerGroup: "3,4") == "7\u{1F}3,4" + facts.keySuffix)
  }
}

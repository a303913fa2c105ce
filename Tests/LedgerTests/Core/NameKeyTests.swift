import Testing

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
}

import Foundation
import LedgerCore
import Testing

/// The CSV and JSON contracts at the byte level: quoting and escaping of filer text.
@Suite struct RenderingTests {
  @Test func csvQuotesFieldsWithCommasQuotesLineBreaksAndEdgeSpaces() {
    let table = CSVTable(
      header: ["a", "b"],
      rows: [
        ["plain", "Société Générale"],
        ["1,000", #"the "Trust""#],
        ["line\r\nbreak", "lone\nfeed"],
        [" leading", "trailing "],
        ["", "in side"],
      ])
    #expect(
      table.rendered()
        == "a,b\r\nplain,Société Générale\r\n\"1,000\",\"the \"\"Trust\"\"\"\r\n\"line\r\nbreak\",\"lone\nfeed\"\r\n\" leading\",\"trailing \"\r\n,in side\r\n")
  }

  @Test func jsonEscapesQuotesBackslashesControlsAndLineSeparators() throws {
    let text = "a \"quoted\" \\ path\ttab\u{1}\u{7F} \u{2028}\u{2029} — €1,000 日本"
    let rendered = JSONValue.string(text).rendered()
    #expect(rendered == #""a \"quoted\" \\ path\ttab\u0001\u007f \u2028\u2029 — €1,000 日本""# + "\n")
    let decoded = try JSONSerialization.jsonObject(with: Data(rendered.utf8), options: .fragmentsAllowed) as? String
    #expect(decoded == text)
  }
}

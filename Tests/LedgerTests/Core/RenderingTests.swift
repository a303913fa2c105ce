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

  /// Output written a piece at a time (history, amendments, transactions) is byte for byte
  /// what rendering the whole value gives, with fields before and after the array or not.
  @Test func arraysWrittenAPieceAtATimeEqualTheWholeObject() {
    let items: [JSONValue] = [.object(["a": .string("x\"y"), "b": .number("1.5")]), .array([]), .null]
    let leading: [String: JSONValue] = ["alpha": .string("first"), "beta": .array([.bool(true)])]
    let trailing: [String: JSONValue] = ["zeta": .null, "omega": .number("2")]
    for (lead, trail, elements) in [(leading, trailing, items), ([:], trailing, items), (leading, [:], []), ([:], [:], []), (leading, [:], items)] {
      var out = ""
      var writer = JSONArrayWriter(key: "middle", leading: lead, write: { out += $0 })
      for e in elements { writer.append(e) }
      writer.finish(with: trail)
      var whole = lead.merging(trail) { a, _ in a }
      whole["middle"] = .array(elements)
      #expect(out == JSONValue.object(whole).rendered(), "\(lead.keys.sorted()) \(trail.keys.sorted()) \(elements.count)")
    }
  }

  /// CSV written as its records come, in pieces of about 64 KiB, is the rendered table.
  @Test func csvWrittenInPiecesIsTheRenderedTable() {
    let rows = (0..<3_000).map { i in ["row \(i)", "a, \"quoted\" field", String(repeating: "x", count: i % 40)] }
    var pieces: [String] = []
    CSVTable.write(header: ["n", "text", "pad"], rows: rows) { pieces.append($0) }
    #expect(pieces.count > 1)
    #expect(pieces.joined() == CSVTable(header: ["n", "text", "pad"], rows: rows).rendered())
    #expect(pieces.joined().hasPrefix("n,text,pad\r\nrow 0,\"a, \"\"quoted\"\" field\",\r\n"))
  }
}

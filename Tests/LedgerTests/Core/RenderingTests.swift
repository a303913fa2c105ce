import Foundation
@testable import LedgerCore
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

  /// An object given with its keys in byte order renders, and compares, as the object of the
  /// same fields does.
  @Test func sortedObjectsRenderAsObjects() {
    let nested: JSONValue = .sortedObject(["a": .null, "b": .array([.sortedObject([:]), .number("2")])])
    let sorted: JSONValue = .sortedObject(["Z": .bool(true), "id": .string("F1"), "idx": nested, "text": .string("a \"b\"")])
    let object: JSONValue = .object([
      "text": .string("a \"b\""), "idx": .object(["b": .array([.object([:]), .number("2")]), "a": .null]), "Z": .bool(true), "id": .string("F1"),
    ])
    #expect(sorted.rendered() == object.rendered())
    #expect(sorted.rendered(indent: 2) == object.rendered(indent: 2))
    #expect(sorted == object && object == sorted)
    #expect(sorted != .sortedObject(["Z": .bool(false), "id": .string("F1"), "idx": nested, "text": .string("a \"b\"")]))
    #expect(JSONValue.sortedObject([:]).rendered() == "{}\n")
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

/// Text tables: columns aligned by characters, filer text made safe for a terminal.
@Suite struct TextTableTests {
  @Test func columnsAlignByCharactersAndControlsAreReplaced() {
    let table = TextTable(
      columns: [.init("NAME"), .init("SHARES", right: true), .init("EMPTY")],
      rows: [["Société Générale", "1,000", ""], ["A\tB\u{1B}[31m\u{85}", "5", ""], ["Ørsted", "12", ""]])
    // The all-empty column is dropped; "é" and "Ø" count one character each; a tab becomes a
    // space, ESC and the C1 control U+0085 the replacement character.
    let pad = { (n: Int) in String(repeating: " ", count: n) }
    #expect(
      table.rendered()
        == "NAME" + pad(12) + "  SHARES\n" + "Société Générale" + "   1,000\n" + "A B\u{FFFD}[31m\u{FFFD}" + pad(7) + "       5\n"
        + "Ørsted" + pad(10) + "      12\n")
    #expect(Terminal.printable("plain text, 1,000 (AFRM)") == "plain text, 1,000 (AFRM)")
    #expect(Terminal.printable("é©") == "é©")
  }

  /// Rows sorted by a key keep their order where keys are equal, whatever cycles the
  /// rearrangement takes.
  @Test func sortingByKeyIsStableAndMovesEveryElement() {
    var generator = SplitMix64(seed: 7)
    for n in [0, 1, 2, 3, 10, 257] {
      let items = (0..<n).map { i in (key: ["k\(Int.random(in: 0..<max(1, n / 3), using: &generator))"], tag: "item \(i)") }
      var sorted = items
      sorted.sort(byKey: { $0.key })
      let expected = items.enumerated().sorted { a, b in
        a.element.key.lexicographicallyPrecedes(b.element.key) || (a.element.key == b.element.key && a.offset < b.offset)
      }.map(\.element.tag)
      #expect(sorted.map(\.tag) == expected, "\(n)")
    }
  }
}

/// HTML and SVG text: what the audit report and the charts print.
@Suite struct HTMLRenderingTests {
  @Test func markupAndControlsAreEscapedAndOtherTextKept() {
    #expect(HTML.escape(#"<a href="x">O'Brien & Sons</a>"#) == "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; Sons&lt;/a&gt;")
    #expect(HTML.escape("bell\u{7}, next line\u{85}, del\u{7F}") == "bell\\u{7}, next line\\u{85}, del\\u{7F}")
    // Tab, newline, accents, the copyright sign (whose first byte is a C1 control's) and
    // right-to-left text are kept as they are.
    for kept in ["Common Stock", "a\tb\nc", "Société Générale ©", "\u{202E}evil\u{202C}", ""] {
      #expect(HTML.escape(kept) == kept)
    }
  }

  @Test func chartCoordinatesPrintAsPercentPointOneF() {
    var values: [Double] = [0, -0.0, -0.04, 0.04, 0.05, 0.15, 0.25, 0.35, 2.45, -2.45, 99.95, 1234.5678, -17.25, 1e9, 1e12, 123456789.05]
    var generator = SplitMix64(seed: 25)
    for _ in 0..<20_000 {
      let magnitude = [1.0, 10, 1_000, 100_000][Int.random(in: 0..<4, using: &generator)]
      values.append(Double.random(in: -magnitude...magnitude, using: &generator))
      // Exact tenths and hundredths, where ties lie.
      values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 100)
    }
    for v in values {
      #expect(SVGChart.fmt(v) == String(format: "%.1f", v), "\(v)")
    }
  }
}

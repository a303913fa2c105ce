import Foundation
@testable import LedgerCore
import Testing

/// The payload writer produces exactly what JSONEncoder (sorted keys, unescaped slashes) would.
@Suite struct CanonicalJSONTests {
  static func reference<T: Encodable>(_ value: T) -> Data {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try! e.encode(value)
  }

  @Test(.needsCorpus) func everyCorpusPayloadIsByteIdenticalToJSONEncoder() throws {
    var compared = 0
    for e in Corpus.index {
      let imported = try Corpus.imported(e)
      let prepared = PreparedFiling(imported)
      let (recorded, rows, _) = PreparedFiling.decoded(imported)
      #expect(prepared.recordedPayload == Self.reference(recorded), "\(e.file)")
      #expect(CanonicalJSON.encode(imported.document) == Self.reference(imported.document), "\(e.file)")
      #expect(prepared.rowPayloads.count == rows.count, "\(e.file)")
      for (row, payload) in zip(rows, prepared.rowPayloads) {
        #expect(payload == Self.reference(row), "\(e.file) \(row.tableRow.path)")
        compared += 1
      }
    }
    #expect(compared > 2000)
  }

  @Test func oddTextIsEscapedTheSameWay() throws {
    var doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03", table1: [Filings.trade("2024-01-02", shares: "1", after: "1")])
    doc.remarks = "quote \" backslash \\ slash / tab \t nl \n cr \r bell \u{7} del \u{7F} nul \u{0} é 😀 \u{2028} \u{202E}"
    doc.otherElements = [OtherElement(path: "a/b[1]", text: nil, attributes: ["z": "1", "B": "2", "a": "\u{1}"])]
    #expect(CanonicalJSON.encode(doc) == Self.reference(doc))
  }

  @Test func theByteWriterKeepsEveryByteAcrossGrowthAndTruncation() {
    let w = ByteWriter(capacity: 1)
    var expected: [UInt8] = []
    for n in 0..<300 {
      let run = (0..<(n % 37)).map { UInt8(truncatingIfNeeded: n &* 31 &+ $0) }
      run.withUnsafeBufferPointer { w.append($0) }
      w.append(UInt8(truncatingIfNeeded: n))
      expected += run + [UInt8(truncatingIfNeeded: n)]
      if n % 50 == 49 {
        w.truncate(to: expected.count / 2)
        expected.removeLast(expected.count - expected.count / 2)
      }
    }
    #expect(w.count == expected.count)
    #expect(w.data == Data(expected))
    #expect(w.last == expected.last)
  }
}

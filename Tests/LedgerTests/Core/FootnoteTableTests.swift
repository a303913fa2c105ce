import Foundation
import GRDB
@testable import LedgerCore
import Testing

/// Reports read footnotes from derived tables that keep each text once.
@Suite struct FootnoteTableTests {
  static let boilerplate = "The reporting person disclaims beneficial ownership except to the extent of his pecuniary interest."

  /// Jane's indirect holding `i`, its balance given by footnote `F1` with `text`.
  static func append(_ i: Int, text: String, to store: LedgerStore) throws {
    var row = Filings.holding(String(100 + i), ownership: .indirect, nature: "By Trust \(i)")
    row.postTransactionAmounts?.sharesOwnedFollowingTransaction?.footnoteIds = ["F1"]
    let doc = Filings.document(
      period: "2024-01-02", accession: String(format: "0000000001-24-%06d", i + 1), filed: "2024-01-03", holdings1: [row],
      footnotes: [Footnote(id: "F1", text: text), Footnote(id: "F2", text: "A footnote no row refers to.")])
    try store.append(Filings.imported(doc))
  }

  /// Each line's balance footnote, by nature.
  static func notes(_ store: LedgerStore) throws -> [String: [String?]] {
    let report = try store.holdings(HoldingsRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2024-06-01")!))
    return Dictionary(uniqueKeysWithValues: report.positions.map { ($0.nature, $0.balanceFootnotes.map(\.text)) })
  }

  @Test func aTextRepeatedAcrossFilingsIsStoredOnceAndShownForEach() throws {
    let store = try LedgerStore()
    try Self.append(0, text: Self.boilerplate, to: store)
    try Self.append(1, text: Self.boilerplate, to: store)
    try Self.append(2, text: "Held by a family trust.", to: store)
    let (rows, texts) = try store.read { db in
      (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM footnote")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM footnote_text")!)
    }
    #expect(rows == 6)
    #expect(texts == 3)
    #expect(try Self.notes(store) == ["By Trust 0": [Self.boilerplate], "By Trust 1": [Self.boilerplate], "By Trust 2": ["Held by a family trust."]])
  }

  /// Another text already under a text's hash: the text takes the next free id, and each
  /// filing still shows its own.
  @Test func aHashCollisionGivesTheTextTheNextFreeId() throws {
    let store = try LedgerStore()
    let id = Projector.footnoteHash(Self.boilerplate)
    try store.write { db in try db.execute(sql: "INSERT INTO footnote_text (id, text) VALUES (?, 'another text')", arguments: [id]) }
    try Self.append(0, text: Self.boilerplate, to: store)
    try Self.append(1, text: Self.boilerplate, to: store)
    let ids = try store.read { db in try Int64.fetchAll(db, sql: "SELECT text_id FROM footnote WHERE note = 'F1' ORDER BY filing_id") }
    #expect(ids == [id + 1, id + 1])
    #expect(try Self.notes(store) == ["By Trust 0": [Self.boilerplate], "By Trust 1": [Self.boilerplate]])
  }
}

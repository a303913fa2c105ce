import EdgarOwnership
import Foundation
import GRDB

extension Projector {
  /// Records a filing's footnotes: the first of each id, its text stored once in
  /// `footnote_text` however many filings carry it.
  mutating func recordFootnotes(_ notes: [Footnote], filing: Int64, _ db: Database) throws {
    for note in notes {
      let text = try footnoteText(note.text, db)
      try sql.run(db, "INSERT OR IGNORE INTO footnote (filing_id, note, text_id) VALUES (?, ?, ?)", filing, note.id, text)
    }
  }

  /// The id of a text in `footnote_text`, inserted when new: the text's hash, or on a
  /// collision the next id that is free or holds this text.
  private mutating func footnoteText(_ text: String, _ db: Database) throws -> Int64 {
    var id = Self.footnoteHash(text)
    while true {
      if let known = footnoteTexts[id] {
        if known == text { return id }
      } else {
        try sql.run(db, "INSERT OR IGNORE INTO footnote_text (id, text) VALUES (?, ?)", id, text)
        let stored = db.changesCount == 1 ? text : try sql.strings(db, "SELECT text FROM footnote_text WHERE id = ?", id).first
        if footnoteTexts.count >= 4096 { footnoteTexts.removeAll(keepingCapacity: true) }
        footnoteTexts[id] = stored
        if stored == text { return id }
      }
      id = (id &+ 1) & Int64.max
    }
  }

  /// FNV-1a over the text's UTF-8 bytes, in 63 bits: the same id in every replay.
  static func footnoteHash(_ text: String) -> Int64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return Int64(bitPattern: h & UInt64(Int64.max))
  }
}

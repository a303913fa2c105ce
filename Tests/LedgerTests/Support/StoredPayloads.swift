import Foundation
import GRDB
@testable import LedgerCore

/// Event payloads as the hash chain sees them (their canonical text), however they are stored.
enum StoredPayloads {
  /// The canonical payloads the query's first column selects.
  static func texts(_ db: Database, _ sql: String) throws -> [String] {
    try Row.fetchAll(db, sql: sql).map { row in String(decoding: try PayloadCodec.shared.canonical(row[0], db), as: UTF8.self) }
  }

  static func canonical(_ value: DatabaseValue, _ db: Database) throws -> Data { try PayloadCodec.shared.canonical(value, db) }

  /// The zstd dictionary ID a stored frame names (0 for none).
  static func dictionaryID(_ frame: Data) -> UInt32 { PayloadCodec.dictionaryID(of: frame) }

  /// A configuration that stores payloads as text, for tests that edit one behind the ledger's back.
  static var textConfiguration: LedgerConfiguration {
    var c = LedgerConfiguration()
    c.compressPayloads = false
    return c
  }
}

import EdgarOwnership
import Foundation
import GRDB

/// Stages a data set whose tables are not sorted by accession in a temporary SQLite file and
/// reads it back by accession, so that memory stays flat whatever the data set's size.
struct SQLiteStaging: DataSetStaging {
  func stage(folder: URL, name: String) throws -> any RowSource { try StagedSource(folder: folder, name: name) }
}

/// The slow path for unsorted tables: staged in a temporary SQLite file, read back by accession.
final class StagedSource: RowSource {
  let queue: DatabaseQueue
  let path: URL
  let columns: [DataSetTable: ColumnPositions]
  var accessions: [String] = []
  var index = 0

  init(folder: URL, name: String) throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-staging-\(UUID().uuidString).sqlite")
    queue = try DatabaseQueue(path: path.path)
    var columns: [DataSetTable: ColumnPositions] = [:]
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE staged (tbl TEXT NOT NULL, accession TEXT NOT NULL, sk INTEGER NOT NULL, line INTEGER NOT NULL, raw TEXT NOT NULL)")
      for table in DataSetTable.allCases {
        guard let file = try TSVFile(folder: folder, table: table, name: name) else { continue }
        columns[table] = file.columns
        let insert = try db.makeStatement(sql: "INSERT INTO staged VALUES (?, ?, ?, ?, ?)")
        while let row = try file.take() {
          try insert.execute(arguments: [table.rawValue, row.accession, row.sortKey, row.line, row.raw])
        }
      }
      try db.execute(sql: "CREATE INDEX staged_by_accession ON staged(accession, tbl, sk, line)")
    }
    self.columns = columns
    accessions = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT accession FROM staged WHERE tbl = 'SUBMISSION' ORDER BY line")
    }
  }

  deinit { try? FileManager.default.removeItem(at: path) }

  func next() throws -> FilingRows? {
    guard index < accessions.count else { return nil }
    let accession = accessions[index]
    index += 1
    var group = FilingRows(accession: accession)
    try queue.read { db in
      for row in try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM staged WHERE accession = ? ORDER BY tbl, sk, line"), arguments: [accession]) {
        let table = DataSetTable(rawValue: row["tbl"])!
        let raw: String = row["raw"]
        group.tables[table.ordinal].append(
          TSVRow(table: table, line: row["line"], columns: columns[table] ?? ColumnPositions(header: [:]), raw: raw))
        group.lines.append(raw)
      }
    }
    return group
  }
}

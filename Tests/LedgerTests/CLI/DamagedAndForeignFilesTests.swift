import Foundation
import LedgerCore
import Testing

/// Files that are damaged, stripped of their guards, or not ledgers at all.
@Suite struct DamagedAndForeignFilesTests {
  func sqlite(_ db: URL, _ sql: String) -> CLI.Result { CLI.execute("/usr/bin/sqlite3", [db.path, sql]) }

  func seeded() -> CLI {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    #expect(cli.run(["append", Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json").path]).status == 0)
    return cli
  }

  /// A byte zeroed in a leaf page of `entry_by_line`: SQLite still opens the file, and without
  /// its integrity check the index silently answers wrongly.
  @Test func verifyRunsSQLitesIntegrityCheckAndRebuildRepairsAnIndex() throws {
    let cli = seeded()
    let pageSize = Int(sqlite(cli.db, "PRAGMA page_size").stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
    let page = Int(sqlite(cli.db, "SELECT pageno FROM dbstat WHERE name = 'entry_by_line' LIMIT 1").stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
    let handle = try FileHandle(forUpdating: cli.db)
    // The last cell of the page's content area: an index key.
    try handle.seek(toOffset: UInt64(page * pageSize - 8))
    try handle.write(contentsOf: Data([0]))
    try handle.close()
    let verify = cli.run(["verify"])
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("the file is damaged (SQLite's integrity check: "), "\(verify.stderr)")
    #expect(verify.stderr.contains("entry_by_line"), "\(verify.stderr)")
    #expect(cli.run(["rebuild"]).status == 0)
    let again = cli.run(["verify"])
    #expect(again.status == 0, "\(again.stderr)")
  }

  @Test func aDroppedTriggerIsReportedAndTheNextWriterPutsItBack() throws {
    let cli = seeded()
    #expect(sqlite(cli.db, "DROP TRIGGER event_no_delete; DROP TRIGGER payload_dictionary_no_update").status == 0)
    let verify = cli.run(["verify"])
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("schema: trigger event_no_delete is missing: the log's append-only guard is off"))
    #expect(verify.stderr.contains("schema: trigger payload_dictionary_no_update is missing"))
    #expect(cli.run(["append", Paths.examples.appendingPathComponent("acme-2024-03-20.form4A.json").path]).status == 0)
    #expect(cli.run(["verify"]).status == 0)
    let delete = sqlite(cli.db, "DELETE FROM event WHERE seq = 1")
    #expect(delete.status != 0 && delete.stderr.contains("the event log is append-only: DELETE is refused"))
  }

  @Test func anAlteredTriggerIsReportedAndRestored() throws {
    let cli = seeded()
    #expect(sqlite(cli.db, "DROP TRIGGER event_no_update; CREATE TRIGGER event_no_update BEFORE UPDATE ON event WHEN 0 BEGIN SELECT 1; END").status == 0)
    #expect(cli.run(["verify"]).stderr.contains("schema: trigger event_no_update was altered"))
    #expect(cli.run(["append", Paths.examples.appendingPathComponent("acme-2024-03-20.form4A.json").path]).status == 0)
    #expect(sqlite(cli.db, "UPDATE event SET filing = 'x' WHERE seq = 1").stderr.contains("UPDATE is refused"))
  }

  @Test func anAlteredEventTableIsReportedAndRefusesEveryWrite() throws {
    let cli = seeded()
    let before = try cli.eventCount()
    let edit = sqlite(
      cli.db, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'CHECK (length(hash) = 32)', '') WHERE name = 'event';")
    #expect(edit.status == 0, "\(edit.stderr)")
    let verify = cli.run(["verify"])
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("schema: the event table's definition is not one any version of ledger created: it was altered"), "\(verify.stderr)")
    let append = cli.run(["append", Paths.examples.appendingPathComponent("acme-2024-03-20.form4A.json").path])
    #expect(append.status == 74)
    #expect(append.stderr.contains("its event table was altered; refused to write (see 'ledger verify')"), "\(append.stderr)")
    #expect(try cli.eventCount() == before)
  }

  /// A rebuild that meets a payload it cannot read stops with one line naming the damage, and
  /// the derived tables stay as they were.
  @Test func aRebuildOverADamagedPayloadSaysSoAndChangesNothing() throws {
    let restore = "CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE is refused'); END;"
    for (payload, says) in [
      ("x'00112233'", "a stored payload cannot be read (a compressed payload is not a zstd frame with its size): the log is damaged"),
      ("'{\"x\":1}'", "event 2 (RowReported) cannot be decoded: the log is damaged"),
    ] {
      let cli = CLI()
      #expect(cli.run(["append", Paths.seed.path]).status == 0)
      let derived = "SELECT * FROM entry ORDER BY id; SELECT * FROM line ORDER BY id; SELECT * FROM filing ORDER BY id;"
      let before = sqlite(cli.db, derived).stdout
      #expect(sqlite(cli.db, "DROP TRIGGER event_no_update; UPDATE event SET payload = \(payload) WHERE seq = 2; " + restore).status == 0)
      let r = cli.run(["rebuild"])
      #expect(r.status == 74)
      #expect(r.stderr == "\(cli.db.path): \(says) (see 'ledger verify')\n", "\(r.stderr)")
      #expect(sqlite(cli.db, derived).stdout == before && !before.isEmpty)
    }
  }

  /// Another application's database, an `event` table of another shape, another application
  /// id: every command refuses with exit 74 and the file keeps every byte (no table added, no
  /// WAL, journal mode unchanged).
  @Test func aDatabaseThatIsNotALedgerIsRefusedAndLeftByteForByte() throws {
    let cases = [
      ("CREATE TABLE notes(x); INSERT INTO notes VALUES (1);", "is a SQLite database of another application (tables: notes); refused and left as it is"),
      ("CREATE TABLE event(seq, what); CREATE TABLE grdb_migrations(identifier);", "has an event table of another shape: not a ledger"),
      ("PRAGMA application_id = 42; CREATE TABLE t(x);", "is another application's SQLite database (application_id 0x0000002A)"),
    ]
    for (sql, says) in cases {
      let cli = CLI()
      #expect(sqlite(cli.db, sql).status == 0)
      let bytes = try Data(contentsOf: cli.db)
      for command in [["append", Paths.seed.path], ["holdings", "--person", "Notini"], ["verify"], ["rebuild"]] {
        let r = cli.run(command)
        #expect(r.status == 74, "\(command): \(r.stderr)")
        #expect(r.stderr.hasPrefix("\(cli.db.path): ") && r.stderr.contains(says) && r.stderr.hasSuffix("refused and left as it is\n"), "\(r.stderr)")
      }
      #expect(try Data(contentsOf: cli.db) == bytes)
      #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory.path) == ["ledger.sqlite"])
      #expect(sqlite(cli.db, "PRAGMA journal_mode").stdout == "delete\n")
    }
  }

  @Test func anEmptyFileOrDatabaseBecomesALedgerMarkedAsOne() throws {
    for sql in [nil, "PRAGMA user_version = 0;"] {
      let cli = CLI()
      if let sql { #expect(sqlite(cli.db, sql + " CREATE TABLE t(x); DROP TABLE t;").status == 0) } else {
        #expect(FileManager.default.createFile(atPath: cli.db.path, contents: nil))
      }
      #expect(cli.run(["append", Paths.seed.path]).status == 0)
      #expect(sqlite(cli.db, "PRAGMA application_id").stdout == "\(0x4C45_4447)\n")
      #expect(cli.run(["verify"]).status == 0)
    }
  }

  /// A ledger an older version wrote (no application id) is a ledger; the next writer marks it.
  @Test func aLedgerWithoutTheMarkIsStillALedger() throws {
    let cli = seeded()
    #expect(sqlite(cli.db, "PRAGMA application_id = 0").status == 0)
    #expect(cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01"]).status == 0)
    #expect(cli.run(["verify"]).status == 0)
    #expect(cli.run(["append", Paths.examples.appendingPathComponent("acme-2024-03-20.form4A.json").path]).status == 0)
    #expect(sqlite(cli.db, "PRAGMA application_id").stdout == "\(0x4C45_4447)\n")
  }
}

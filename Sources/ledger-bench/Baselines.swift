import ArgumentParser
import Foundation
import GRDB
import GRDBSQLite
import LedgerCore
import LedgerGenerator
#if canImport(Glibc)
  import Glibc
#endif

/// The baselines each figure is measured against, in the same run: plain SQLite inserting the
/// ledger's rows, a plain scan of the log, holdings latency, ElementTree, and child processes.
extension Run {
  /// The rows the ledger stored, inserted again by plain SQLite: the same tables and indexes
  /// (created from the ledger's own schema, without its triggers), kept up as rows arrive, one
  /// prepared statement per table, 1,000 rows per transaction, values bound through SQLite's C
  /// API with no ledger logic and no GRDB in between, on a connection configured as the
  /// ledger's writer is (the ledger's page size, WAL, `synchronous` NORMAL, 64 MiB page cache, a
  /// checkpoint every 10,000 pages), table after table, the event table first. Returns the
  /// seconds spent inserting, in all and per table: each batch of rows is read from the ledger
  /// (and copied) first, untimed. The file is deleted afterwards (it only served the timing;
  /// kept, it would crowd the ledgers out of the OS cache).
  func plainInserts(from source: URL, into target: URL) throws -> (Double, [String: Double]) {
    Run.remove(target)
    log("baseline: plain inserts of \(source.lastPathComponent)'s rows")
    defer { Run.remove(target) }
    let schema = try DatabaseQueue(path: source.path).read { db in
      try GRDB.Row.fetchAll(
        db,
        sql: """
          SELECT type, name, tbl_name, sql FROM sqlite_master
          WHERE sql IS NOT NULL AND type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
          ORDER BY type DESC, rowid
          """)
    }
    let tables = schema.filter { ($0["type"] as String) == "table" }.map { $0["name"] as String }
    let src = try SQLiteConnection(path: source.path, readOnly: true)
    let dst = try SQLiteConnection(path: target.path, readOnly: false)
    // The ledger's page size (fixed before the WAL is set up), as for every other setting.
    let pageSize = try DatabaseQueue(path: source.path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") ?? 4096 }
    for pragma in ["page_size = \(pageSize)", "journal_mode = WAL", "synchronous = NORMAL", "cache_size = -65536", "wal_autocheckpoint = 10000", "foreign_keys = OFF"] {
      try dst.execute("PRAGMA \(pragma)")
    }
    for item in schema where tables.contains(item["tbl_name"]) { try dst.execute(item["sql"]) }
    var seconds: [String: Double] = [:]
    for table in tables {
      let read = try src.prepare("SELECT * FROM \(table)")
      defer { sqlite3_finalize(read) }
      let width = sqlite3_column_count(read)
      let columns = (0..<width).map { "\"\(String(cString: sqlite3_column_name(read, $0)))\"" }
      let insert = try dst.prepare("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
      defer { sqlite3_finalize(insert) }
      var batch: [OpaquePointer?] = []
      var more = true
      while more {
        // Untimed: the next 1,000 rows, copied out of the ledger.
        batch.removeAll(keepingCapacity: true)
        while batch.count < 1000 * Int(width) {
          let code = sqlite3_step(read)
          guard code == SQLITE_ROW else {
            guard code == SQLITE_DONE else { throw ValidationError("baseline: cannot read \(table): \(src.message)") }
            more = false
            break
          }
          for c in 0..<width { batch.append(sqlite3_value_dup(sqlite3_column_value(read, c))) }
        }
        if batch.isEmpty { break }
        seconds[table, default: 0] += try time {
          try dst.execute("BEGIN")
          var k = 0
          while k < batch.count {
            for c in 0..<width { sqlite3_bind_value(insert, c + 1, batch[k + Int(c)]) }
            guard sqlite3_step(insert) == SQLITE_DONE else { throw ValidationError("baseline: cannot insert into \(table): \(dst.message)") }
            sqlite3_reset(insert)
            k += Int(width)
          }
          try dst.execute("COMMIT")
        }.seconds
        for v in batch { sqlite3_value_free(v) }
      }
    }
    return (seconds.values.reduce(0, +), seconds)
  }

  /// Reads every column of every event, as a rebuild must.
  func plainScan(_ db: URL) throws -> Double {
    let queue = try DatabaseQueue(path: db.path)
    return try time {
      try queue.read { db in
        var bytes = 0
        let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT seq, type, filing, payload, hash FROM event")
        while let row = try cursor.next() {
          // Text or a compressed frame: the bytes as stored.
          let payload: DatabaseValue = row["payload"]
          switch payload.storage {
          case .string(let s): bytes &+= s.utf8.count
          case .blob(let b): bytes &+= b.count
          default: break
          }
        }
        return bytes
      }
    }.seconds
  }

  /// Median seconds of `holdings` for random people (by CIK) and dates, in this process.
  func holdingsLatency(_ db: URL) throws -> (Double, [String]) {
    let store = try LedgerStore(path: db.path, mode: .readOnly)
    let ciks = try DatabaseQueue(path: db.path).read { try String.fetchAll($0, sql: "SELECT cik FROM person WHERE cik IS NOT NULL ORDER BY id") }
    var rng = SplitMix(seed: seed)
    var picks: [(String, LedgerDate)] = []
    for _ in 0..<queries {
      picks.append(
        (
          ciks[Int.random(in: 0..<ciks.count, using: &rng)],
          LedgerDate(year: Int.random(in: 2004...2024, using: &rng), month: Int.random(in: 1...12, using: &rng), day: 15)!
        ))
    }
    // Warm-up, untimed: other people and dates, so that the file's upper index levels are in
    // memory as in a ledger in use (the runs before this one evict them from the OS cache).
    var warm = SplitMix(seed: seed &+ 99)
    for _ in 0..<max(queries / 10, 1) {
      let cik = ciks[Int.random(in: 0..<ciks.count, using: &warm)]
      _ = try store.holdings(HoldingsRequest(person: .cik(CIK(cik)!), asOf: LedgerDate(year: 2015, month: 6, day: 30)!))
    }
    var times: [Double] = []
    for (cik, date) in picks {
      let t = try time { try store.holdings(HoldingsRequest(person: .cik(CIK(cik)!), asOf: date)) }
      times.append(t.seconds)
    }
    return (median(times), picks.map(\.0))
  }

  /// Python's ElementTree parsing each submission's XML and extracting the row fields.
  func elementTree(_ folder: URL) throws -> (files: Int, seconds: Double)? {
    let script = """
      import os, sys, time, xml.etree.ElementTree as ET
      root = sys.argv[1]
      paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith('.txt'))
      start = time.perf_counter()
      rows = 0
      for p in paths:
          data = open(p, 'rb').read()
          a = data.index(b'<XML>') + 5
          b = data.index(b'</XML>')
          doc = ET.fromstring(data[a:b].strip())
          issuer = doc.findtext('issuer/issuerCik'); period = doc.findtext('periodOfReport')
          owners = [o.findtext('reportingOwnerId/rptOwnerCik') for o in doc.findall('reportingOwner')]
          for t in ('nonDerivativeTable', 'derivativeTable'):
              for row in doc.findall(t + '/*'):
                  rows += 1
                  fields = (row.findtext('securityTitle/value'), row.findtext('transactionDate/value'),
                            row.findtext('transactionCoding/transactionCode'), row.findtext('transactionAmounts/transactionShares/value'),
                            row.findtext('transactionAmounts/transactionPricePerShare/value'),
                            row.findtext('transactionAmounts/transactionAcquiredDisposedCode/value'),
                            row.findtext('postTransactionAmounts/sharesOwnedFollowingTransaction/value'),
                            row.findtext('ownershipNature/directOrIndirectOwnership/value'))
      print(len(paths), time.perf_counter() - start)
      """
    let python =
      ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
      ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }.first {
        FileManager.default.isExecutableFile(atPath: $0)
      }
    guard let python else { return nil }
    log("baseline: ElementTree over \(folder.lastPathComponent)")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = ["-c", script, folder.path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let parts = text.split(separator: " ")
    guard parts.count == 2, let n = Int(parts[0]), let s = Double(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
    return (n, s)
  }

  /// Runs the program to its end, through `ledger-bench measure` (see there why); returns
  /// seconds and peak resident memory.
  func spawn(_ executable: String, _ args: [String]) throws -> (seconds: Double, peakKiB: Int) {
    log("\(URL(fileURLWithPath: executable).lastPathComponent) \(args.joined(separator: " "))")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    p.arguments = ["measure", executable] + args
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard parts.count == 3, let status = Int(parts[0]), let seconds = Double(parts[1]), let peak = Int(parts[2]) else {
      throw ValidationError("cannot measure \(executable): \(text)")
    }
    guard status == 0 else { throw ValidationError("\(executable) \(args.first ?? "") failed (status \(status))") }
    return (seconds, peak)
  }
}

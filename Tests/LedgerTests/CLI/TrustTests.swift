import Foundation
import GRDB
import LedgerCore
import LedgerGenerator
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Crash safety and concurrent use, with the real binary.
@Suite(.serialized) struct TrustTests {
  /// Starts `ledger ARGS` in the background.
  static func start(_ args: [String], environment: [String: String] = [:]) -> Process {
    let p = Process()
    p.executableURL = Paths.ledger
    p.arguments = args
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    p.standardOutput = FileHandle.nullDevice
    let err = Pipe()
    p.standardError = err
    try! p.run()
    return p
  }

  /// How many times each filing was recorded, by identity.
  static func recordings(_ db: URL) throws -> [String: Int] {
    let queue = try DatabaseQueue(path: db.path, configuration: { var c = Configuration(); c.readonly = true; return c }())
    return try queue.read { db in
      var out: [String: Int] = [:]
      for f in try String.fetchAll(db, sql: "SELECT filing FROM event WHERE type = 'FilingRecorded'") { out[f, default: 0] += 1 }
      return out
    }
  }

  @Test(.timeLimit(.minutes(10)), .needsCorpus)
  func killedAppendsLeaveWholeFilingsAndResume() throws {
    let work = Paths.temporaryDirectory()
    let folder = work.appendingPathComponent("copies")
    try FolderAppendTests.writeCopies(600, into: folder)
    // A clean run, for the event count.
    let clean = CLI()
    #expect(clean.run(["append", folder.path]).status == 0)
    let expected = try clean.eventCount()

    let cli = CLI()
    var generator = SplitMix64(seed: 5)
    var kills = 0
    var attempts = 0
    while kills < 24 && attempts < 60 {
      attempts += 1
      // Every other run drops the query indexes first, as a large append does: a kill may
      // leave them missing.
      let p = Self.start(["append", folder.path, "--db", cli.db.path], environment: ["LEDGER_DEFER_INDEXES": attempts % 2 == 0 ? "always" : "never"])
      usleep(UInt32.random(in: 30_000...900_000, using: &generator))
      if p.isRunning {
        kill(p.processIdentifier, SIGKILL)
        kills += 1
      }
      p.waitUntilExit()
      // The database opens, the chain verifies, and every filing is whole.
      let verify = cli.run(["verify"])
      #expect(verify.status == 0, "after kill \(kills): \(verify.stderr)")
    }
    #expect(kills >= 20)
    let finish = cli.run(["append", folder.path])
    #expect(finish.status == 0)
    #expect(try cli.eventCount() == expected)
    #expect(try Self.recordings(cli.db).values.allSatisfy { $0 == 1 })
    #expect(cli.run(["verify"]).status == 0)
    #expect(try BulkIndexTests.queryIndexes(cli.db) == BulkIndexTests.all)
    for args in [["history", "--cik", "0001494730", "--format", "json"], ["amendments", "--format", "json"]] {
      #expect(cli.run(args).stdout == clean.run(args).stdout, "\(args)")
    }
    print("killed ledger append \(kills) times; \(expected) events after resuming")
  }

  @Test(.timeLimit(.minutes(10)), .needsCorpus)
  func fourWritersAndReadersShareOneLedger() throws {
    let work = Paths.temporaryDirectory()
    let copies = work.appendingPathComponent("copies")
    try FolderAppendTests.writeCopies(300, into: copies)
    let folders = [
      copies.path, Paths.edgar.path, Paths.edgar.appendingPathComponent("john-friedman").path,
      copies.appendingPathComponent("001").path, copies.path,
    ]
    let cli = CLI()
    let writers = folders.map { folder -> (Process, Pipe) in
      let p = Process()
      p.executableURL = Paths.ledger
      p.arguments = ["append", folder, "--db", cli.db.path]
      p.standardOutput = FileHandle.nullDevice
      let err = Pipe()
      p.standardError = err
      try! p.run()
      return (p, err)
    }
    // Readers while the writers run: each sees a consistent state.
    var readerRuns = 0
    var readerFailures: [String] = []
    while writers.contains(where: { $0.0.isRunning }) {
      guard FileManager.default.fileExists(atPath: cli.db.path) else {
        usleep(20_000)
        continue
      }
      for args in [["verify"], ["history", "--cik", "0001494730", "--format", "json"], ["holdings", "--issuer", "TSLA", "--asof", "2021-11-10"]] {
        let r = cli.run(args)
        readerRuns += 1
        // A person not yet recorded is a clean "no match" (3); anything else must succeed.
        if r.status != 0 && !(r.status == 3 && args[0] != "verify") { readerFailures.append("\(args[0]): \(r.status) \(r.stderr)") }
      }
    }
    for (p, err) in writers {
      p.waitUntilExit()
      let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      #expect(p.terminationStatus == 0, "\(message)")
      #expect(!message.contains("locked") && !message.contains("busy"))
    }
    #expect(readerFailures.isEmpty, "\(readerFailures.prefix(3))")
    #expect(readerRuns > 0)
    #expect(cli.run(["verify"]).status == 0)
    // Each filing once (by accession), and the same answers as one writer appending in turn.
    #expect(try Self.recordings(cli.db).filter { !$0.key.hasPrefix("content-") }.values.allSatisfy { $0 == 1 })
    let sequential = CLI()
    for folder in folders { #expect(sequential.run(["append", folder]).status == 0) }
    for args in [["holdings", "--cik", "0001494730", "--asof", "2021-11-10"], ["history", "--issuer", "0001318605", "--format", "json"], ["amendments"]] {
      #expect(cli.run(args).stdout == sequential.run(args).stdout, "\(args)")
    }
    print("\(readerRuns) reader runs during 5 concurrent appends")
  }

  @Test func queriesOpenTheFileReadOnlyAndNeverChangeIt() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    // Fold the WAL into the file so that its bytes are final.
    let queue = try DatabaseQueue(path: cli.db.path)
    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    try queue.close()
    let before = try Data(contentsOf: cli.db)
    for args in [["holdings", "--person", "Notini"], ["history", "--person", "Notini"], ["reconcile", "--person", "Notini"], ["amendments"], ["verify"], ["verify", "--digest"]] {
      #expect(cli.run(args).status == 0, "\(args)")
    }
    #expect(try Data(contentsOf: cli.db) == before)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: cli.db.path)
    #expect(cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01"]).stdout.contains("2,450,000"))
  }
}

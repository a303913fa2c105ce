import Foundation
import Testing

/// Bad filing JSON: one line naming the file and field, exit 65, and nothing recorded.
@Suite struct BadInputTests {
  /// The seed as a mutable JSON object.
  static func seed() -> [String: Any] {
    try! JSONSerialization.jsonObject(with: Data(contentsOf: Paths.seed)) as! [String: Any]
  }

  static func mutatingRow(_ change: (inout [String: Any]) -> Void) -> String {
    var doc = seed()
    var table = doc["derivativeTable"] as! [String: Any]
    var rows = table["transactions"] as! [[String: Any]]
    change(&rows[0])
    table["transactions"] = rows
    doc["derivativeTable"] = table
    return String(decoding: try! JSONSerialization.data(withJSONObject: doc), as: UTF8.self)
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var error: String
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "malformed JSON", text: #"{"documentType": "4", "#, error: "bad.json: is not valid JSON"),
    Case(
      name: "missing required field",
      text: {
        var d = seed()
        d.removeValue(forKey: "periodOfReport")
        return String(decoding: try! JSONSerialization.data(withJSONObject: d), as: UTF8.self)
      }(),
      error: "bad.json: periodOfReport: is required"),
    Case(
      name: "impossible date", text: mutatingRow { $0["transactionDate"] = "2004-02-30" },
      error: #"bad.json: derivativeTable.transactions[0].transactionDate: "2004-02-30" is not a date (YYYY-MM-DD)"#),
    Case(
      name: "negative amount",
      text: mutatingRow {
        var a = $0["transactionAmounts"] as! [String: Any]
        a["transactionShares"] = -2_450_000
        $0["transactionAmounts"] = a
      },
      error: #"bad.json: derivativeTable.transactions[0].transactionAmounts.transactionShares: "-2450000" is negative"#),
    Case(
      name: "unknown transaction code",
      text: mutatingRow {
        var c = $0["transactionCoding"] as! [String: Any]
        c["transactionCode"] = "Q"
        $0["transactionCoding"] = c
      },
      error:
        #"bad.json: derivativeTable.transactions[0].transactionCoding.transactionCode: "Q" is not a transaction code (one of P, S, V, A, D, F, I, M, C, E, H, O, X, G, L, W, Z, J, K, U)"#
    ),
    Case(
      name: "unknown acquired/disposed flag",
      text: mutatingRow {
        var a = $0["transactionAmounts"] as! [String: Any]
        a["transactionAcquiredDisposedCode"] = "B"
        $0["transactionAmounts"] = a
      },
      error: #"bad.json: derivativeTable.transactions[0].transactionAmounts.transactionAcquiredDisposedCode: "B" is not A or D"#),
    Case(
      name: "misspelt field",
      text: mutatingRow { $0["transactionShare"] = 5 },
      error: "bad.json: derivativeTable.transactions[0].transactionShare: is not a field of this object"),
    Case(
      name: "number where text belongs",
      text: {
        var d = seed()
        d["remarks"] = 12
        return String(decoding: try! JSONSerialization.data(withJSONObject: d), as: UTF8.self)
      }(),
      error: "bad.json: remarks: expected a string"),
    Case(
      name: "missing transaction code",
      text: mutatingRow { $0["transactionCoding"] = ["transactionFormType": "4"] },
      error: "bad.json: derivativeTable.transactions[0].transactionCoding.transactionCode: is required"),
  ]

  @Test(arguments: cases)
  func isRefusedWithOneLineAndNothingRecorded(_ c: Case) throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    let before = try cli.eventCount()
    let path = cli.write(c.text, to: "bad.json")
    let r = cli.run(["append", path], cwd: cli.directory)
    #expect(r.status == 65)
    let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
    #expect(lines.count == 1, "\(r.stderr)")
    let line = lines.first.map(String.init) ?? ""
    let shown = line.replacingOccurrences(of: path, with: "bad.json")
    if c.name == "malformed JSON" {
      #expect(shown.hasPrefix(c.error), "\(shown)")
    } else {
      #expect(shown == c.error)
    }
    #expect(!r.stderr.contains("SQLite") && !r.stderr.contains("Fatal"))
    #expect(try cli.eventCount() == before)
  }

  @Test func oneBadFileAmongGoodOnesRefusesOnlyItself() throws {
    let cli = CLI()
    let bad = cli.write("{", to: "bad.json")
    let r = cli.run(["append", bad, Paths.seed.path])
    #expect(r.status == 65)
    #expect(r.stdout.contains("recorded"))
    #expect(try cli.eventCount() == 2)
  }

  /// Exit 66, as for a missing database, and nothing is created.
  @Test func aMissingFileIsNamed() throws {
    let cli = CLI()
    let r = cli.run(["append", "/nonexistent/filing.json"])
    #expect(r.status == 66)
    #expect(r.stderr == "/nonexistent/filing.json: no such file\n")
    #expect(!FileManager.default.fileExists(atPath: cli.db.path))
  }

  @Test func queriesNeverCreateADatabase() throws {
    let cli = CLI()
    let r = cli.run(["holdings", "--person", "Notini"])
    #expect(r.status == 66)
    #expect(r.stderr.contains("no ledger database here"))
    #expect(!FileManager.default.fileExists(atPath: cli.db.path))
  }

  /// A misspelt option or command is named with the one meant, whatever else is given.
  @Test func aMisspeltOptionOrCommandSuggestsTheRightOne() {
    let cli = CLI()
    let option = cli.run(["holdings", "--persn", "Notini"])
    #expect(option.status == 64)
    #expect(option.stderr.hasPrefix("Error: Unknown option '--persn'. Did you mean '--person'?"))
    let command = cli.run(["holdngs", "--person", "Notini"])
    #expect(command.status == 64)
    #expect(command.stderr.hasPrefix("Error: Unknown command 'holdngs'. Did you mean 'holdings'?"))
    let none = cli.run(["holdings", "--asof", "2005-06-01"])
    #expect(none.status == 64)
    #expect(none.stderr.hasPrefix("Error: Say whose positions: --person NAME, --cik CIK or --issuer CIK|TICKER."))
  }

  @Test func badDatesInOptionsAreUsageErrors() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    let r = cli.run(["holdings", "--person", "Notini", "--asof", "2005-02-30"])
    #expect(r.status == 64)
    #expect(r.stderr.contains(#""2005-02-30" is an impossible date: February 2005 has 28 days"#))
    let us = cli.run(["history", "--person", "Notini", "--known-at", "06/01/2005"])
    #expect(us.status == 64)
    #expect(us.stderr.contains(#""06/01/2005" is not a date: use YYYY-MM-DD (for example 2005-06-01)"#))
    #expect(cli.run(["holdings", "--person", "Notini", "--asof", "2024-02-29"]).status == 0)
  }
}

/// A folder that cannot be read is a refusal that names it, never a silent skip.
@Suite struct UnreadableInputTests {
  @Test func anUnreadableSubfolderIsRefusedByNameWithExit65() throws {
    let cli = CLI()
    let folder = cli.directory.appendingPathComponent("filings")
    let locked = folder.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Paths.seed, to: folder.appendingPathComponent("seed.json"))
    try FileManager.default.copyItem(at: Paths.seed, to: locked.appendingPathComponent("hidden.json"))
    chmod(locked.path, 0)
    defer { chmod(locked.path, 0o755) }
    // Permissions bind everyone but root: run as nobody when the tests run as root.
    chmod(cli.directory.path, 0o777)
    chmod(folder.path, 0o755)
    let args = ["append", folder.path, "--db", cli.db.path]
    let r =
      getuid() == 0
      ? CLI.execute("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Paths.ledger.path] + args, cwd: cli.directory)
      : CLI.execute(Paths.ledger.path, args, cwd: cli.directory)
    #expect(r.status == 65)
    #expect(r.stderr.contains("refused \(locked.path): is a folder that cannot be read (Permission denied)"), "\(r.stderr)")
    #expect(r.stdout.contains("Appended 1 filing"))
  }
}

/// An auditor's copy: a ledger in a folder, or a file, its reader may not write.
@Suite struct ReadOnlyLedgerTests {
  /// Runs `ledger ARGS` as a user other than the file's owner (nobody, when the tests run as root).
  func runAsOther(_ args: [String], in dir: URL) -> CLI.Result {
    getuid() == 0
      ? CLI.execute("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Paths.ledger.path] + args, cwd: dir)
      : CLI.execute(Paths.ledger.path, args, cwd: dir)
  }

  /// Gives the ledger's folder and file these permission bits (its parent anyone may enter).
  func setModes(folder dir: URL, _ folderMode: mode_t, file db: URL, _ fileMode: mode_t) {
    chmod(dir.deletingLastPathComponent().path, 0o755)
    chmod(dir.path, folderMode)
    chmod(db.path, fileMode)
  }

  func copyOfTheSeedLedger() throws -> (dir: URL, db: URL, expected: String) {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    // The appending process folded its WAL back into the file when it closed.
    #expect(!FileManager.default.fileExists(atPath: cli.db.path + "-wal"), "the ledger was left with a WAL")
    let dir = Paths.temporaryDirectory().appendingPathComponent("copy")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let db = dir.appendingPathComponent("ledger.sqlite")
    try FileManager.default.copyItem(at: cli.db, to: db)
    let expected = cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01"]).stdout
    return (dir, db, expected)
  }

  @Test func aLedgerInAReadOnlyFolderAnswersAndLeavesNoFiles() throws {
    let (dir, db, expected) = try copyOfTheSeedLedger()
    setModes(folder: dir, 0o555, file: db, 0o444)
    defer { chmod(dir.path, 0o755) }
    let holdings = runAsOther(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--db", db.path], in: dir)
    #expect(holdings.status == 0, "\(holdings.stderr)")
    #expect(holdings.stdout == expected)
    let verify = runAsOther(["verify", "--db", db.path], in: dir)
    #expect(verify.status == 0, "\(verify.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ledger.sqlite"])
  }

  /// A ledger another user may write, in a folder anyone may write: a query by someone other
  /// than its owner creates no `-wal`/`-shm` (they would be the querier's, and lock the owner
  /// out), and the owner appends afterwards.
  @Test(.enabled(if: getuid() == 0, "runs a query as another user (nobody), which needs root"))
  func anotherUsersQueryLeavesNoFilesBehind() throws {
    let (dir, db, expected) = try copyOfTheSeedLedger()
    setModes(folder: dir, 0o777, file: db, 0o666)
    let holdings = runAsOther(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--db", db.path], in: dir)
    #expect(holdings.status == 0, "\(holdings.stderr)")
    #expect(holdings.stdout == expected)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ledger.sqlite"])
    let owner = CLI.execute(Paths.ledger.path, ["append", Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json").path, "--db", db.path])
    #expect(owner.status == 0, "\(owner.stderr)")
  }

  /// An older ledger whose derived tables its owner's first query would replay: a reader who
  /// may not write it is told to rebuild, and the file is left as it was.
  @Test func anAuditorsCopyOfAnOlderLedgerIsRefusedAndLeftAsItWas() throws {
    let dir = Paths.temporaryDirectory().appendingPathComponent("copy")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let db = dir.appendingPathComponent("ledger.sqlite")
    let restored = CLI.execute("/usr/bin/env", ["sqlite3", db.path], stdin: try Data(contentsOf: Paths.v7LedgerDump))
    #expect(restored.status == 0, "\(restored.stderr)")
    let bytes = try Data(contentsOf: db)
    setModes(folder: dir, 0o555, file: db, 0o444)
    defer { chmod(dir.path, 0o755) }
    let holdings = runAsOther(["holdings", "--person", "Notini", "--db", db.path], in: dir)
    #expect(holdings.status == 74)
    #expect(holdings.stderr == "\(db.path): was written by an older version of ledger; run 'ledger rebuild'\n")
    #expect(try Data(contentsOf: db) == bytes)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ledger.sqlite"])
  }

  @Test func aReadOnlyLedgerFileInAWritableFolderGetsNoWALFiles() throws {
    let (dir, db, expected) = try copyOfTheSeedLedger()
    setModes(folder: dir, 0o777, file: db, 0o444)
    let holdings = runAsOther(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--db", db.path], in: dir)
    #expect(holdings.status == 0, "\(holdings.stderr)")
    #expect(holdings.stdout == expected)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ledger.sqlite"])
  }
}

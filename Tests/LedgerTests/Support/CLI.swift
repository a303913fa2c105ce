import Foundation
import LedgerCore

/// Runs the real `ledger` binary, as a user would.
struct CLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The database every command of this CLI uses.
  let db: URL
  let directory: URL

  init() {
    directory = Paths.temporaryDirectory()
    db = directory.appendingPathComponent("ledger.sqlite")
  }

  /// Runs `ledger ARGS --db DB` (the database option is added unless `withDatabase` is false).
  @discardableResult
  func run(_ args: [String], stdin: Data? = nil, withDatabase: Bool = true, environment: [String: String] = [:], cwd: URL? = nil) -> Result {
    CLI.execute(Paths.ledger.path, args + (withDatabase ? ["--db", db.path] : []), stdin: stdin, environment: environment, cwd: cwd ?? directory)
  }

  /// Runs `ledger ARGS --db DB` with a terminal for its output (a pseudo-terminal that
  /// util-linux's `script` opens), and returns what the terminal showed, both streams together.
  func runOnTerminal(_ args: [String]) -> Result {
    let quoted = ([Paths.ledger.path] + args + ["--db", db.path]).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    return CLI.execute("/usr/bin/script", ["-qec", quoted.joined(separator: " "), "/dev/null"], cwd: directory)
  }

  static func execute(_ executable: String, _ args: [String], stdin: Data? = nil, environment: [String: String] = [:], cwd: URL? = nil) -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "LEDGER_DB")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let cwd { process.currentDirectoryURL = cwd }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try! process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try? input.fileHandleForWriting.close()
    // Read both pipes concurrently so that a large output cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The number of events in the log, read through the library.
  func eventCount() throws -> Int {
    try LedgerStore(path: db.path, mode: .readOnly).eventCount()
  }

  /// Writes `text` to a file in the CLI's folder and returns its path.
  func write(_ text: String, to name: String) -> String {
    let url = directory.appendingPathComponent(name)
    try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: url)
    return url.path
  }

  func json(_ args: [String]) throws -> [String: Any] {
    let r = run(args + ["--format", "json"])
    guard r.status == 0 else { throw CLIError.failed(r.status, r.stderr) }
    return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
  }

  enum CLIError: Error { case failed(Int32, String) }
}

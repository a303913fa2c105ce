import Foundation
import LedgerCore
import Testing

/// Inputs that would exhaust memory or block, and names and texts that would take over a
/// terminal: each is refused (or shown) on one safe line, and the ledger stays as it was.
@Suite struct HostileFilesTests {
  static let form5 = "john-friedman/000089924323004992/doc5.xml"

  func seeded() -> CLI {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    return cli
  }

  @Test func aFileLargerThanTheBoundIsRefusedUnread() throws {
    let cli = seeded()
    let big = cli.directory.appendingPathComponent("big.xml")
    // 200 MB of nothing (a sparse file): refused by its size, before a byte is read.
    #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
    let handle = try FileHandle(forWritingTo: big)
    try handle.truncate(atOffset: 200 << 20)
    try handle.close()
    let r = cli.run(["append", big.path])
    #expect(r.status == 65)
    #expect(r.stderr == "\(big.path): is 200 MiB, more than the 32 MiB a filing may be; refused unread\n")
    #expect(try cli.eventCount() == 2)
  }

  @Test func endlessStandardInputIsRefusedAtTheBound() throws {
    let cli = seeded()
    let process = Process()
    process.executableURL = Paths.ledger
    process.arguments = ["append", "-", "--db", cli.db.path]
    process.standardInput = FileHandle(forReadingAtPath: "/dev/zero")
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 65)
    #expect(message == "-: is more than the 32 MiB a filing may be; refused unread\n")
    #expect(try cli.eventCount() == 2)
  }

  // A time limit stops a hang (tests run in parallel on few threads: it is generous).
  @Test(.timeLimit(.minutes(10))) func aFIFOIsRefusedNotWaitedFor() throws {
    let cli = seeded()
    let folder = cli.directory.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let fifo = folder.appendingPathComponent("pipe.xml").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let direct = cli.run(["append", fifo])
    #expect(direct.status == 65)
    #expect(direct.stderr == "\(fifo): is a FIFO (named pipe), not a regular file\n")
    // In a folder: the FIFO is refused, the filing beside it recorded.
    try FileManager.default.copyItem(at: Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json"), to: folder.appendingPathComponent("acme.json"))
    let walked = cli.run(["append", folder.path])
    #expect(walked.status == 65)
    #expect(walked.stdout.hasPrefix("Appended 1 filing"))
    #expect(walked.stderr == "refused \(fifo): is a FIFO (named pipe), not a regular file\n")
  }

  @Test(.needsCorpus, .timeLimit(.minutes(10))) func manyUnknownSiblingsAreReadInLinearTimeAndBounded() throws {
    let cli = seeded()
    let text = try String(contentsOf: Paths.edgar.appendingPathComponent(Self.form5), encoding: .utf8)
    func with(_ n: Int) -> String {
      cli.write(text.replacingOccurrences(of: "</ownershipDocument>", with: String(repeating: "<q/>", count: n) + "</ownershipDocument>"), to: "q\(n).xml")
    }
    // Below the bound, kept (each in otherElements); above it, refused; past the element
    // bound, refused by the parser.
    let kept = cli.run(["append", with(9_000), "--accession", "0000899243-23-004992", "--filed", "2023-02-14"])
    #expect(kept.status == 0, "\(kept.stderr)")
    let many = cli.run(["append", with(60_000)])
    #expect(many.status == 65)
    #expect(many.stderr.contains("ownershipDocument: more than 10000 elements the ownership schemas do not define; refused"))
    let more = cli.run(["append", with(150_000)])
    #expect(more.status == 65)
    #expect(more.stderr.contains("XML has more than 100000 elements; refused"))
  }

  @Test func fileNamesAndFilerTextNeverReachTheTerminalRaw() throws {
    let cli = seeded()
    // A file whose name would colour the terminal and forge a second "refused" line.
    let name = "evil\u{1B}[31m\nrefused other.json: fine\u{9B}2J.json"
    let path = cli.write(#"{"documentType": "4\#u{1B}]0;pwned\#u{7}"}"#, to: name)
    let r = cli.run(["append", path])
    #expect(r.status == 65)
    #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{9B}") && !r.stderr.contains("\u{7}"))
    #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    #expect(r.stderr.contains(#"evil\u{1B}[31m\u{A}refused other.json: fine\u{9B}2J.json"#))
    // The same in a folder append's summary.
    let folder = cli.directory
    let walked = cli.run(["append", folder.path])
    #expect(!walked.stderr.contains("\u{1B}") && !walked.stderr.contains("\u{9B}"))
    #expect(walked.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("refused ") }, "\(walked.stderr)")
    // A source name stored in the ledger, printed later in a refusal.
    let seedCopy = cli.write(try String(contentsOf: Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json"), encoding: .utf8), to: "acme\u{1B}[2J.json")
    #expect(cli.run(["append", seedCopy]).status == 0)
    var changed = try String(contentsOf: Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json"), encoding: .utf8)
    changed = changed.replacingOccurrences(of: "\"transactionShares\": 1000,", with: "\"transactionShares\": 1001,")
    let conflicting = cli.write(changed, to: "other.json")
    let conflict = cli.run(["append", conflicting])
    #expect(conflict.status == 65)
    #expect(conflict.stderr.contains(#"already recorded from "#) && conflict.stderr.contains(#"acme\u{1B}[2J.json"#), "\(conflict.stderr)")
    #expect(!conflict.stderr.contains("\u{1B}"))
  }

  @Test func aFilingJSONWithADuplicateKeyIsRefused() throws {
    let cli = seeded()
    let json = try String(contentsOf: Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json"), encoding: .utf8)
    let doubled = json.replacingOccurrences(of: #""issuerCik":"#, with: #""issuerCik": "0000000099", "issuerCik":"#)
    #expect(doubled != json)
    let r = cli.run(["append", cli.write(doubled, to: "doubled.json")])
    #expect(r.status == 65)
    #expect(r.stderr.contains(": issuer.issuerCik: appears twice in its object"), "\(r.stderr)")
    #expect(try cli.eventCount() == 2)
  }

  @Test func aMissingInputExits66AndCreatesNoDatabase() throws {
    let cli = CLI()
    let missing = cli.run(["append", cli.directory.appendingPathComponent("nope.json").path])
    #expect(missing.status == 66)
    let manifest = cli.run(["append", Paths.seed.path, "--manifest", cli.directory.appendingPathComponent("nope.tsv").path])
    #expect(manifest.status == 66, "\(manifest.stderr)")
    #expect(!FileManager.default.fileExists(atPath: cli.db.path))
  }
}

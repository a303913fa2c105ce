import Foundation
@testable import EdgarOwnership
import LedgerCore
import Testing

/// `ledger append FOLDER` on the real corpus, through the binary.
@Suite struct FolderAppendTests {
  static let corpusSummary =
    "Appended 0 filings (0 events); already recorded 201; skipped 1 (not filings); refused 0; 202 files.\n"

  /// A ledger built through the binary from every indexed document, with its INDEX accession
  /// and filing date, then every envelope.
  static let indexed: (cli: CLI, failures: [String]) = {
    let cli = CLI()
    var failures: [String] = []
    for e in Corpus.index {
      var args = ["append", Corpus.url(e).path]
      if !e.accession.isEmpty { args += ["--accession", e.accession] }
      if !e.filingDate.isEmpty { args += ["--filed", e.filingDate] }
      let r = cli.run(args)
      if r.status != 0 { failures.append("\(e.file): \(r.stderr)") }
    }
    for url in Corpus.envelopes where cli.run(["append", url.path]).status != 0 { failures.append(url.path) }
    return (cli, failures)
  }()

  @Test(.needsCorpus) func theFolderAfterItsFilesOneByOneRecordsNothingNew() throws {
    let (cli, failures) = Self.indexed
    #expect(failures.isEmpty)
    let before = try cli.eventCount()
    let r = cli.run(["append", Paths.edgar.path])
    #expect(r.status == 0)
    #expect(r.stdout == Self.corpusSummary)
    #expect(r.stderr.isEmpty)
    #expect(try cli.eventCount() == before)
  }

  @Test(.needsCorpus) func muskReconciliationAtTesla() throws {
    let cli = Self.indexed.cli
    let table = cli.run(["reconcile", "--cik", "0001494730", "--issuer", "TSLA"])
    #expect(table.status == 0)
    expectSnapshot(table.stdout, named: "musk-tesla-reconcile-table")
    let json = try cli.json(["reconcile", "--cik", "0001494730", "--issuer", "TSLA"])
    let lines = try #require(json["lines"] as? [[String: Any]])
    let trust = try #require(lines.first { $0["security"] as? String == "Common Stock" && $0["ownership"] as? String == "I" })
    let breaks = try #require(trust["breaks"] as? [[String: Any]])
    // The 5:1 split first shows in the holding of 2021-11-08.
    let split = try #require(breaks.first { $0["accession"] as? String == "0000899243-21-044077" })
    #expect(split["kind"] as? String == "holding")
    #expect(split["previous"] as? Int == 34_098_597)
    #expect(split["previousDate"] as? String == "2020-02-14")
    #expect((split["cause"] as? [String: Any])?["ratio"] as? Int == 5)
    #expect((split["cause"] as? [String: Any])?["kind"] as? String == "split")
  }

  @Test(.needsCorpus) func theCorpusAmendmentsAsJSON() throws {
    let cli = Self.indexed.cli
    let r = cli.run(["amendments", "--format", "json"])
    #expect(r.status == 0)
    let amendments = try #require(try cli.json(["amendments", "--format", "json"])["amendments"] as? [[String: Any]])
    #expect(amendments.count >= 5)
    // The bytes of a listing of several amendments (written one at a time, see AmendmentList).
    expectSnapshot(r.stdout, named: "corpus-amendments-json")
  }

  @Test(.needsCorpus) func theFolderTwiceRecordsNothingTheSecondTime() throws {
    let cli = CLI()
    let first = cli.run(["append", Paths.edgar.path])
    #expect(first.status == 0)
    #expect(first.stdout.hasSuffix("skipped 1 (not filings); refused 0; 202 files.\n"))
    let count = try cli.eventCount()
    let second = cli.run(["append", Paths.edgar.path])
    #expect(second.stdout == Self.corpusSummary)
    #expect(try cli.eventCount() == count)
  }

  @Test(.needsCorpus) func aTerminalSeesProgressAndAPipeSeesOnlyTheSummary() throws {
    let cli = CLI()
    let folder = Paths.edgar.appendingPathComponent("john-friedman").path
    let tty = CLI.execute("/usr/bin/script", ["-qec", "\(Paths.ledger.path) append \(folder) --db \(cli.db.path)", "/dev/null"])
    #expect(tty.status == 0)
    #expect(tty.stdout.contains("files"))
    #expect(tty.stdout.contains("filings/s"))
    #expect(tty.stdout.contains("left"))
    #expect(tty.stdout.contains("Appended "))
    let piped = CLI().run(["append", folder])
    #expect(piped.status == 0)
    #expect(piped.stderr.isEmpty)
    #expect(piped.stdout.split(separator: "\n").count == 1)
  }

  @Test(.needsCorpus) func theSummaryCountsSkipsAndNamesEachRefusal() throws {
    let cli = CLI()
    let dir = cli.directory.appendingPathComponent("inbox")
    let good = try Data(contentsOf: Corpus.envelopes[0])
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try good.write(to: dir.appendingPathComponent("sub/a.txt"))
    try Data("<ownershipDocument><documentType>4</documentType>".utf8).write(to: dir.appendingPathComponent("b.xml"))
    try Data("# notes".utf8).write(to: dir.appendingPathComponent("README.md"))
    try Data("file\taccession\n".utf8).write(to: dir.appendingPathComponent("INDEX.tsv"))
    try Data("<html><body/></html>".utf8).write(to: dir.appendingPathComponent("page.xml"))
    let r = cli.run(["append", dir.path])
    #expect(r.status == 65)
    #expect(r.stdout == "Appended 1 filing (10 events); already recorded 0; skipped 3 (not filings); refused 1; 5 files.\n")
    #expect(r.stderr == "refused \(dir.path)/b.xml: XML ends before <ownershipDocument> is closed (the file is cut short); refused\n")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test(.needsCorpus) func aBareXMLWithoutAccessionIsShownAsEstimated() throws {
    let cli = CLI()
    let file = Paths.edgar.appendingPathComponent("dgunning/data/form4.snow.xml").path
    let r = cli.run(["append", file])
    #expect(r.status == 0)
    #expect(r.stdout.contains("content-"))
    #expect(r.stdout.contains("estimated"))
    let table = cli.run(["history", "--person", "Scarpelli"])
    #expect(table.stdout.contains("(est.)"))
    let json = try cli.json(["history", "--person", "Scarpelli"])
    let entries = try #require(json["entries"] as? [[String: Any]])
    #expect(!entries.isEmpty)
    #expect(entries.allSatisfy { $0["accessionEstimated"] as? Bool == true && $0["filedAtEstimated"] as? Bool == true })
    // Its latest signature date stands in for the filing date.
    #expect(Set(entries.compactMap { $0["filedAt"] as? String }).count == 1)
  }

  @Test(.needsCorpus) func accessionAndFilingDateCanBeGivenForABareXML() throws {
    let cli = CLI()
    let file = Paths.edgar.appendingPathComponent("dgunning/data/form4.snow.xml").path
    let r = cli.run(["append", file, "--accession", "0001234567-22-000001", "--filed", "2022-12-15"])
    #expect(r.stdout == "\(file): recorded 0001234567-22-000001 (16 events)\n")
    let json = try cli.json(["history", "--person", "Scarpelli"])
    let entries = try #require(json["entries"] as? [[String: Any]])
    #expect(entries.allSatisfy { $0["accession"] as? String == "0001234567-22-000001" && $0["filedAt"] as? String == "2022-12-15" })
    #expect(cli.run(["append", file, "--accession", "12-34"]).status == 64)
  }

  /// Copies of the corpus wrapped as EDGAR submissions with new accession numbers.
  static func writeCopies(_ count: Int, into dir: URL) throws {
    let sources = try Corpus.index.map { try Data(contentsOf: Corpus.url($0)) }.map { data -> Data in
      EdgarSubmissionTestData.ownershipXML(data)
    }
    for i in 0..<count {
      let folder = dir.appendingPathComponent(String(format: "%03d", i / 100))
      if i % 100 == 0 { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
      let accession = String(format: "9000000000-26-%06d", i)
      var text = "<SEC-DOCUMENT>\(accession).txt : 20260101\n<SEC-HEADER>\(accession).hdr.sgml : 20260101\n"
      text += "ACCESSION NUMBER:\t\t\(accession)\nCONFORMED SUBMISSION TYPE:\t4\nFILED AS OF DATE:\t\t20260101\n</SEC-HEADER>\n"
      text += "<DOCUMENT>\n<TYPE>4\n<SEQUENCE>1\n<TEXT>\n<XML>\n"
      var data = Data(text.utf8)
      data.append(sources[i % sources.count])
      data.append(Data("\n</XML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n".utf8))
      try data.write(to: folder.appendingPathComponent("\(accession).txt"))
    }
  }

  @Test(.timeLimit(.minutes(10)), .needsCorpus)
  func peakMemoryDoesNotGrowWithTheNumberOfFiles() throws {
    // Each way of appending on its own (the default picks one by size: 2,000 files would be
    // appended directly, 10,000 with the query indexes built at the end). 2,000 files fill
    // some 20 batches of the 1 MiB lead set below, and as much again prepared ahead of the
    // writer: every bound the append keeps is reached at both sizes.
    var rebuildPeaks: [Int: Int] = [:]
    for deferIndexes in ["never", "always"] {
      var peaks: [Int: Int] = [:]
      for count in [2_000, 10_000] {
        let cli = CLI()
        let dir = cli.directory.appendingPathComponent("copies")
        try Self.writeCopies(count, into: dir)
        // The lower of two appends into fresh ledgers: the peak of one run varies by a few
        // percent with how the allocator's per-thread arenas happen to fill.
        for run in 0..<2 {
          let db = cli.directory.appendingPathComponent("run\(run).sqlite")
          // A 4 MiB page cache, full at both sizes: what remains is what the append itself
          // holds. A 1 MiB lead: how much of it is in use depends on whether the writer or the
          // workers are faster, and the writer slows as the ledger grows; with 8 MiB, that alone
          // made the small run's peak 2 to 5% lower. Transactions of 500 filings: a transaction
          // keeps the latest name and title of what it touched until it ends, so that both
          // sizes commit several (with the default 10,000, both are one transaction, which
          // holds five times as much at 10,000 files).
          let (status, peak) = try runMeasuringPeakMemory(
            Paths.ledger.path, ["append", dir.path, "--db", db.path],
            environment: ["LEDGER_CACHE_MIB": "4", "LEDGER_LEAD_KIB": "1024", "LEDGER_TXN_FILINGS": "500", "LEDGER_DEFER_INDEXES": deferIndexes])
          #expect(status == 0)
          peaks[count] = min(peaks[count] ?? .max, peak)
          print("peak memory appending \(count) files (deferred indexes: \(deferIndexes)): \(peak) KiB")
          #expect(try LedgerStore(path: db.path, mode: .readOnly).eventCount() > count)
          // A rebuild of the first ledger of each way (the lower of the two at each size).
          guard run == 0 else { continue }
          let rebuild = try runMeasuringPeakMemory(Paths.ledger.path, ["rebuild", "--db", db.path], environment: ["LEDGER_CACHE_MIB": "4"])
          #expect(rebuild.status == 0)
          rebuildPeaks[count] = min(rebuildPeaks[count] ?? .max, rebuild.peakKiB)
          print("peak memory rebuilding \(count) files: \(rebuild.peakKiB) KiB")
        }
        try? FileManager.default.removeItem(at: cli.directory)
      }
      let small = try #require(peaks[2_000])
      let large = try #require(peaks[10_000])
      // Five times the files, the same memory (a few percent of allocator noise allowed).
      #expect(Double(large) <= Double(small) * 1.05, "peak \(large) KiB for 10,000 files vs \(small) KiB for 2,000 (\(deferIndexes))")
    }
    // The rebuild too: its statement journal once held a copy of every page the index builds
    // reused (48 MB at 10,000 files against 43 MB at 2,000 before it went to a file).
    let small = try #require(rebuildPeaks[2_000])
    let large = try #require(rebuildPeaks[10_000])
    #expect(Double(large) <= Double(small) * 1.05, "rebuild peak \(large) KiB for 10,000 files vs \(small) KiB for 2,000")
  }
}

enum EdgarSubmissionTestData {
  /// The ownership XML of a corpus file (itself, or the XML inside a submission).
  static func ownershipXML(_ data: Data) -> Data {
    if let r = data.range(of: Data("<XML>".utf8)), let e = data.range(of: Data("</XML>".utf8)) {
      return data[r.upperBound..<e.lowerBound]
    }
    return data
  }
}

/// Envelope facts from EDGAR's folder layout and from a manifest, for bare XML files.
@Suite(.needsCorpus) struct EdgarLayoutTests {
  @Test func anEDGARFolderGivesItsFilingsTheirRealAccession() throws {
    let cli = CLI()
    let r = cli.run(["append", Paths.edgar.appendingPathComponent("john-friedman").path, "--accession-from-path"])
    #expect(r.status == 0, "\(r.stderr)")
    let filings = try #require(try cli.json(["filings", "--issuer", "TSLA"])["filings"] as? [[String: Any]])
    let split = try #require(filings.first { $0["accession"] as? String == "0000899243-21-044225" })
    #expect(split["accessionEstimated"] as? Bool == false)
    #expect(split["source"] as? String == "doc4.xml")
    // Without the flag the same file has a content identity.
    let plain = CLI()
    #expect(plain.run(["append", Paths.edgar.appendingPathComponent("john-friedman/000089924321044225/doc4.xml").path]).status == 0)
    #expect((try plain.json(["filings"])["filings"] as? [[String: Any]])?.first?["accessionEstimated"] as? Bool == true)
    // Appended again, --verbose names the file and the filing it matched.
    let again = cli.run(["append", Paths.edgar.appendingPathComponent("john-friedman/000089924321044225").path, "--accession-from-path", "--verbose"])
    #expect(again.stdout.contains("already recorded \(Paths.edgar.path)/john-friedman/000089924321044225/doc4.xml: 0000899243-21-044225\n"))
  }

  /// INDEX.tsv names each corpus file's accession and filing date: a manifest.
  @Test func aManifestGivesTheSameLedgerAsNamingEachFilesEnvelope() throws {
    let cli = CLI()
    let r = cli.run(["append", Paths.edgar.path, "--manifest", Paths.edgar.appendingPathComponent("INDEX.tsv").path])
    #expect(r.status == 0, "\(r.stderr)")
    // The same filings with the same identities, appended in another order: the same answers,
    // but for the file a filing met twice (an envelope and its XML) was first recorded from.
    let indexed = FolderAppendTests.indexed.cli
    #expect(try cli.eventCount() == indexed.eventCount())
    func withoutSources(_ text: String) -> String { text.split(separator: "\n").filter { !$0.contains(#""source": "#) }.joined(separator: "\n") }
    for args in BulkIndexTests.queries + [["filings", "--format", "json"]] {
      #expect(withoutSources(cli.run(args).stdout) == withoutSources(indexed.run(args).stdout), "\(args)")
    }
  }
}

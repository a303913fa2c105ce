import Foundation
import Testing

/// Amendments and known-time through the binary.
@Suite struct AmendmentCLITests {
  static let original = Paths.examples.appendingPathComponent("acme-2024-03-05.form4.json").path
  static let amendment = Paths.examples.appendingPathComponent("acme-2024-03-20.form4A.json").path

  @Test(.needsCorpus) func theRealLamResearch4AIsPendingAndItsRowsCount() throws {
    let cli = CLI()
    let r = cli.run(["append", Paths.edgar.appendingPathComponent("envelopes/form4A.txt").path])
    #expect(r.stdout.hasSuffix("recorded 0000707549-25-000004 (4 events)\n"))
    let listing = cli.run(["amendments"])
    #expect(listing.status == 0)
    #expect(listing.stdout.contains("0000707549-25-000004  4/A   2025-01-21  LAM RESEARCH CORP  Ahmed Sohail U  2024-11-04     pending"))
    let json = try cli.json(["amendments", "--status", "pending"])
    let amendments = try #require(json["amendments"] as? [[String: Any]])
    #expect(amendments.count == 1)
    #expect(amendments.first?["dateOfOriginalSubmission"] as? String == "2024-11-04")
    #expect((try cli.json(["amendments", "--status", "linked"])["amendments"] as? [Any])?.isEmpty == true)
    let holdings = try cli.json(["holdings", "--cik", "1779037", "--asof", "2025-01-01"])
    let positions = try #require(holdings["positions"] as? [[String: Any]])
    #expect(positions.map { $0["shares"] as? Int } == [30_630])
    let history = try cli.json(["history", "--cik", "1779037"])
    let entries = try #require(history["entries"] as? [[String: Any]])
    #expect(entries.count == 2)
    #expect(entries.allSatisfy { $0["status"] as? String == "pending" })
  }

  func outputs(_ cli: CLI) -> [String] {
    var out: [String] = []
    for k in [nil, "2024-03-05", "2024-03-19", "2024-03-20"] {
      let known = k.map { ["--known-at", $0] } ?? []
      for format in ["table", "json"] {
        out.append(cli.run(["holdings", "--person", "doe", "--asof", "2024-12-31", "--format", format] + known).stdout)
        out.append(cli.run(["history", "--person", "doe", "--format", format] + known).stdout)
        out.append(cli.run(["amendments", "--format", format] + known).stdout)
      }
    }
    return out
  }

  @Test func theExamplesInEitherOrderGiveByteIdenticalOutputs() throws {
    let forward = CLI()
    #expect(forward.run(["append", Self.original, Self.amendment]).status == 0)
    let backward = CLI()
    #expect(backward.run(["append", Self.amendment]).status == 0)
    #expect(backward.run(["append", Self.original]).status == 0)
    let a = outputs(forward)
    #expect(a == outputs(backward))
    let holdings = try forward.json(["holdings", "--person", "doe", "--asof", "2024-12-31"])
    let options = (holdings["positions"] as? [[String: Any]])?.first { $0["derivative"] as? Bool == true }
    #expect(options?["shares"] as? Int == 12_000)
    let before = try forward.json(["holdings", "--person", "doe", "--asof", "2024-12-31", "--known-at", "2024-03-19"])
    #expect(before["knownAt"] as? String == "2024-03-19")
    let optionsBefore = (before["positions"] as? [[String: Any]])?.first { $0["derivative"] as? Bool == true }
    #expect(optionsBefore?["shares"] as? Int == 10_000)
    expectSnapshot(forward.run(["history", "--person", "doe"]).stdout, named: "acme-history-table")
    expectSnapshot(forward.run(["amendments"]).stdout, named: "acme-amendments-table")
    // The JSON is written one amendment at a time: these pin its bytes, with and without
    // amendments and with the person's header.
    expectSnapshot(forward.run(["amendments", "--format", "json"]).stdout, named: "acme-amendments-json")
    expectSnapshot(forward.run(["amendments", "--person", "doe", "--format", "json"]).stdout, named: "acme-amendments-doe-json")
    expectSnapshot(forward.run(["amendments", "--person", "doe", "--status", "ambiguous", "--format", "json"]).stdout, named: "acme-amendments-none-json")
  }

  /// `--help` lists csv among the formats, and amendments come as CSV too.
  @Test func amendmentsComeAsCSV() {
    let cli = CLI()
    #expect(cli.run(["append", Self.original, Self.amendment]).status == 0)
    let r = cli.run(["amendments", "--format", "csv"])
    #expect(r.status == 0)
    let lines = r.stdout.split(whereSeparator: \.isNewline)
    #expect(lines.first?.hasPrefix("accession,accession_estimated,form,filed_at,") == true)
    #expect(lines.count == 2, "\(r.stdout) \(r.stderr)")
    #expect(lines.last?.hasPrefix("0000000001-24-000200,false,4/A,2024-03-20,false,") == true)
    #expect(lines.last?.contains(",linked,exact-date,0000000001-24-000100,2024-03-05,") == true)
  }

  @Test func knownAtTakesADate() {
    let cli = CLI()
    #expect(cli.run(["append", Self.original]).status == 0)
    #expect(cli.run(["holdings", "--person", "doe", "--known-at", "tomorrow"]).status == 64)
    #expect(cli.run(["amendments", "--status", "maybe"]).status == 64)
  }
}

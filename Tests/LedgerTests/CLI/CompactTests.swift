import Foundation
import GRDB
import LedgerCore
import Testing

/// Compressed payloads: old ledgers keep working, `ledger compact` converts one without changing
/// its chain or any answer, and a damaged compressed payload is caught.
@Suite struct CompactTests {
  static let examples = ["000_3e622c2d1d9abf8c.json", "acme-2024-03-05.form4.json", "acme-2024-03-20.form4A.json"]

  /// The answers a user reads, as JSON and tables.
  static let queries: [[String]] = [
    ["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "json"],
    ["history", "--person", "Notini", "--format", "json"],
    ["holdings", "--person", "doe", "--asof", "2024-12-31"],
    ["holdings", "--person", "doe", "--asof", "2024-12-31", "--known-at", "2024-03-19", "--format", "json"],
    ["history", "--issuer", "ACME", "--format", "json"],
    ["amendments", "--format", "json"],
    ["reconcile", "--person", "doe", "--format", "json"],
    ["late", "--format", "json"],
  ]

  func answers(_ cli: CLI, _ queries: [[String]] = CompactTests.queries) -> [String] {
    queries.map { q in
      let r = cli.run(q)
      return "\(r.status) \(r.stdout)\(r.stderr)"
    }
  }

  func sqlite(_ cli: CLI, _ sql: String) -> String {
    CLI.execute("/usr/bin/env", ["sqlite3", cli.db.path, sql]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A copy of the v7 fixture, and a ledger the current code appends the same files to.
  func oldAndNew() throws -> (old: CLI, new: CLI) {
    let old = CLI()
    let restored = CLI.execute("/usr/bin/env", ["sqlite3", old.db.path], stdin: try Data(contentsOf: Paths.v7LedgerDump))
    #expect(restored.status == 0, "\(restored.stderr)")
    let new = CLI()
    #expect(new.run(["append"] + Self.examples, cwd: Paths.examples).status == 0)
    return (old, new)
  }

  @Test func aLedgerWrittenBeforeCompressionOpensVerifiesAndAnswersTheSame() throws {
    let (old, new) = try oldAndNew()
    #expect(sqlite(old, "SELECT DISTINCT typeof(payload) FROM event") == "text")
    #expect(sqlite(new, "SELECT DISTINCT typeof(payload) FROM event") == "blob")
    let digest = old.run(["verify", "--digest"])
    #expect(digest.status == 0)
    #expect(digest.stdout == new.run(["verify", "--digest"]).stdout)
    #expect(old.run(["verify"]).status == 0)
    #expect(answers(old) == answers(new))
    // Its owner's first query replayed its derived tables into the current shapes.
    #expect(sqlite(old, "SELECT name FROM pragma_table_info('entry') WHERE name LIKE '%_day'") == "valid_day\nfiled_day")
    // The first writer upgrades it; what it appends is compressed, what was there stays text,
    // and the digest taken before still verifies.
    var sale = Filings.trade("2024-06-03", code: .S, .disposed, shares: "500", after: "11500")
    sale.transactionAmounts?.transactionPricePerShare = Reported(Amount("14")!)
    let more = Filings.json(Filings.document(period: "2024-06-03", accession: "0000000001-24-000300", filed: "2024-06-04", table1: [sale]))
    #expect(old.run(["append", old.write(more, to: "more.json")]).status == 0)
    #expect(sqlite(old, "SELECT typeof(payload), count(*) FROM event GROUP BY 1 ORDER BY 1") == "blob|2\ntext|9")
    #expect(old.run(["verify", "--since-digest", digest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)]).status == 0)
  }

  /// The first command to open an older ledger replays its log, which takes about a minute at
  /// a million filings: on a terminal it says so as it goes; piped, it adds nothing.
  @Test func anUpgradeShowsItsProgressOnATerminalAndNothingWhenPiped() throws {
    let (old, new) = try oldAndNew()
    let query = ["holdings", "--person", "Notini", "--asof", "2005-06-01"]
    let expected = new.run(query)
    let shown = old.runOnTerminal(query)
    #expect(shown.status == 0)
    #expect(shown.stdout.contains("\rReplaying the log into the derived tables: 9 of 9 events (100%)"))
    #expect(shown.stdout.contains("\rBuilding the query indexes"))
    #expect(shown.stdout.hasSuffix(expected.stdout.replacingOccurrences(of: "\n", with: "\r\n")))
    #expect(shown.stdout.contains("2,450,000"))
    // Upgraded now: the next command has nothing to replay.
    #expect(old.runOnTerminal(query).stdout == expected.stdout.replacingOccurrences(of: "\n", with: "\r\n"))
    // `ledger rebuild` shows the same; piped, neither says anything but its answer.
    let rebuilt = old.runOnTerminal(["rebuild"])
    #expect(rebuilt.stdout.contains("\rReplaying the log into the derived tables: 9 of 9 events (100%)"))
    #expect(rebuilt.stdout.hasSuffix("Rebuilt the projections from 9 events.\r\n"))
    let piped = old.run(["rebuild"])
    #expect(piped.stdout == "Rebuilt the projections from 9 events.\n")
    #expect(piped.stderr.isEmpty)
    let (older, _) = try oldAndNew()
    let first = older.run(query)
    #expect(first.stderr.isEmpty)
    #expect(first.stdout == expected.stdout)
  }

  @Test func compactKeepsTheChainHeadTheDigestAndEveryAnswer() throws {
    let (old, _) = try oldAndNew()
    let digest = old.run(["verify", "--digest"]).stdout
    let before = answers(old)
    let r = old.run(["compact"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("Compacted 9 events: "))
    #expect(r.stdout.contains("Digest \(digest.trimmingCharacters(in: .whitespacesAndNewlines))."))
    #expect(old.run(["verify", "--digest"]).stdout == digest)
    #expect(old.run(["verify"]).status == 0)
    #expect(answers(old) == before)
    #expect(sqlite(old, "SELECT DISTINCT typeof(payload) FROM event") == "blob")
    // Nothing is left beside it.
    let left = try FileManager.default.contentsOfDirectory(atPath: old.directory.path).filter { $0.contains("compacting") }
    #expect(left.isEmpty)
  }

  @Test(.needsCorpus) func aRealLedgerTrainsItsDictionaryAndCompactsToTheSameAnswers() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.edgar.path]).status == 0)
    // A dictionary was trained from the first 2,000 events' payloads, at the filing that came
    // next, and the events from there use it.
    #expect(sqlite(cli, "SELECT version, first_seq > 2000 AND first_seq < 2100, length(bytes) > 1000 FROM payload_dictionary") == "1|1|1")
    let musk = [
      ["holdings", "--cik", "0001494730", "--format", "json"], ["history", "--cik", "0001494730", "--format", "json"],
      ["reconcile", "--cik", "0001494730", "--issuer", "TSLA", "--format", "json"], ["transactions", "--issuer", "TSLA", "--format", "csv"],
      ["late", "--all", "--format", "json"], ["filings", "--format", "json"],
    ]
    let before = answers(cli, musk)
    let digest = cli.run(["verify", "--digest"]).stdout
    let size = { (try? FileManager.default.attributesOfItem(atPath: cli.db.path)[.size] as? NSNumber)?.intValue ?? 0 }
    #expect(cli.run(["compact"]).status == 0)
    #expect(cli.run(["verify", "--digest"]).stdout == digest)
    #expect(answers(cli, musk) == before)
    // One dictionary, trained on the whole log, used by every event.
    #expect(sqlite(cli, "SELECT version, first_seq FROM payload_dictionary") == "1|1")
    #expect(size() > 0)
  }

  /// A later append compresses with the ledger's dictionary from its first filing on (the
  /// threads preparing filings do it, with the dictionary read from the log).
  @Test(.needsCorpus) func laterAppendsUseTheDictionary() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.edgar.path]).status == 0)
    let before = try cli.eventCount()
    #expect(cli.run(["append"] + Self.examples, cwd: Paths.examples).status == 0)
    let (dictionary, frames) = try DatabaseQueue(path: cli.db.path).read { db in
      (
        try Int64.fetchOne(db, sql: "SELECT dict_id FROM payload_dictionary")!,
        try Data.fetchAll(db, sql: "SELECT payload FROM event WHERE seq > ?", arguments: [before])
      )
    }
    #expect(frames.count == 9)
    #expect(frames.allSatisfy { Int64(StoredPayloads.dictionaryID($0)) == dictionary })
    #expect(cli.run(["verify"]).status == 0)
  }

  /// A changed byte in a compressed payload, or its dictionary gone, fails `verify`.
  @Test(.needsCorpus) func damagedCompressedPayloadsAreCaught() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.edgar.path]).status == 0)
    #expect(cli.run(["verify"]).status == 0)
    // The forger drops the triggers for the edit and puts them back.
    let drop = "DROP TRIGGER event_no_update; DROP TRIGGER payload_dictionary_no_delete;"
    let restore = """
      CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE is refused'); END;
      CREATE TRIGGER payload_dictionary_no_delete BEFORE DELETE ON payload_dictionary BEGIN SELECT RAISE(ABORT, 'payload dictionaries are immutable: DELETE is refused'); END;
      """
    // A byte in the middle of event 2,100's frame.
    _ = sqlite(cli, drop + "UPDATE event SET payload = substr(payload, 1, 20) || x'00' || substr(payload, 22) WHERE seq = 2100;" + restore)
    var r = cli.run(["verify"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("event 2100"))
    // Its dictionary removed: every event that names it fails.
    let other = CLI()
    #expect(other.run(["append", Paths.edgar.path]).status == 0)
    let first = sqlite(other, "SELECT first_seq FROM payload_dictionary")
    _ = sqlite(other, drop + "DELETE FROM payload_dictionary;" + restore)
    r = other.run(["verify"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("event \(first) "))
  }
}

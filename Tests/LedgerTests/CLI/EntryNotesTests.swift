import Foundation
import GRDB
import LedgerCore
import Testing

/// Holdings, history and late answer from the derived tables: what they read of a row beyond
/// its figures (footnote ids, the date exercisable, amounts reported in the other unit, the
/// deemed execution date, timeliness and form type) is kept with the entry, so no row's event
/// is decoded to answer them.
@Suite struct EntryNotesTests {
  /// Thiel (a total value without shares, derivative holdings with only an underlying amount,
  /// vesting footnotes), Musk, an owner whose options vest on their dates exercisable, Levinson,
  /// and Tesla's owners.
  static let queries: [[String]] = [
    ["holdings", "--cik", "0001211060", "--asof", "2026-01-01", "--all", "--format", "json"],
    ["history", "--cik", "0001211060", "--format", "json"],
    ["holdings", "--cik", "0001494730", "--asof", "2026-01-01", "--format", "json"],
    ["history", "--cik", "0001494730", "--vesting", "--format", "csv"],
    ["holdings", "--cik", "0000343434", "--asof", "2026-01-01", "--all", "--format", "json"],
    ["holdings", "--cik", "0001214128", "--asof", "2019-12-31", "--format", "json"],
    ["history", "--cik", "0001214128", "--vesting", "--format", "json"],
    ["holdings", "--issuer", "0001318605", "--asof", "2026-01-01", "--format", "json"],
    ["late", "--all", "--format", "json"],
  ]

  /// Every row's event made unreadable (the forger drops the append-only trigger for it):
  /// `verify` fails, and holdings, history and late answer exactly as before.
  @Test(.needsCorpus) func reportsNeverReadARowsEvent() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.edgar.path]).status == 0)
    let before = Self.queries.map { cli.run($0) }
    for r in before { #expect(r.status == 0 && r.stdout.count > 1_000, "\(r.stderr)") }
    #expect(before[1].stdout.contains("\"value\": 30430000"))
    #expect(before[0].stdout.contains("\"basis\": \"footnote\""))
    #expect(before[4].stdout.contains("\"basis\": \"exerciseDate\""))
    let forged = CLI.execute(
      "/usr/bin/env",
      [
        "sqlite3", cli.db.path,
        """
        DROP TRIGGER event_no_update;
        UPDATE event SET payload = 'not a row' WHERE type = 'RowReported';
        CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE is refused'); END;
        """,
      ])
    #expect(forged.status == 0, "\(forged.stderr)")
    #expect(cli.run(["verify"]).status == 1)
    let after = Self.queries.map { cli.run($0) }
    for (q, (b, a)) in zip(Self.queries, zip(before, after)) {
      #expect(a.status == 0, "\(q): \(a.stderr)")
      #expect(a.stdout == b.stdout, "\(q)")
    }
  }

  /// A transaction reporting a total value and no shares on a line of shares, and footnote ids
  /// holding the characters the notes are written with: history shows the value as a value,
  /// holdings each footnote with its text.
  @Test func aValueWithoutSharesAndAnyFootnoteIdSurvive() throws {
    let store = try LedgerStore()
    var trade = Filings.trade("2024-03-01", shares: "100", after: "1100")
    trade.transactionAmounts?.transactionShares = nil
    trade.transactionAmounts?.transactionTotalValue = Reported(Amount("2500")!)
    trade.postTransactionAmounts?.sharesOwnedFollowingTransaction?.footnoteIds = ["a;b", "c,d:e%f"]
    let doc = Filings.document(
      period: "2024-03-01", accession: "0000000001-24-000001", filed: "2024-03-02", table1: [trade],
      footnotes: [Footnote(id: "a;b", text: "First note."), Footnote(id: "c,d:e%f", text: "Second note.")])
    try store.append(Filings.imported(doc))
    let history = try store.history(HistoryRequest(person: .cik(CIK("777")!)))
    #expect(history.entries.count == 1)
    #expect(history.entries.first?.unit == .shares)
    #expect(history.entries.first?.shares == nil)
    #expect(history.entries.first?.value == Amount("2500"))
    #expect(history.entries.first?.sharesAfter == Amount("1100"))
    #expect(history.entries.first?.footnotes.map(\.text) == ["First note.", "Second note."])
    let holdings = try store.holdings(HoldingsRequest(person: .cik(CIK("777")!), asOf: LedgerDate("2024-06-01")!))
    #expect(holdings.positions.first?.balance == Amount("1100"))
    #expect(holdings.positions.first?.balanceFootnotes == [FootnoteRef(id: "a;b", text: "First note."), FootnoteRef(id: "c,d:e%f", text: "Second note.")])
  }
}

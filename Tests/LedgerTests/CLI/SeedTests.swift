import Foundation
import LedgerCore
import Testing

/// The paper Form 4 the project started from, end to end through the real binary.
@Suite struct SeedTests {
  let cli = CLI()

  init() {
    let r = cli.run(["append", Paths.seed.path])
    precondition(r.status == 0, r.stderr)
  }

  @Test func notiniHoldsTheOptionGrantOnceItIsDated() throws {
    let report = try cli.json(["holdings", "--person", "Notini", "--asof", "2005-06-01"])
    let positions = try #require(report["positions"] as? [[String: Any]])
    try #require(positions.count == 1)
    let p = positions[0]
    #expect(p["shares"] as? Int == 2_450_000)
    #expect(p["security"] as? String == "Employee Stock Option (right to buy)")
    #expect(p["expirationDate"] as? String == "2014-04-06")
    #expect(p["underlying"] as? String == "Common Stock")
    #expect(p["ownership"] as? String == "D")
    #expect(p["derivative"] as? Bool == true)
    #expect((p["issuer"] as? [String: Any])?["name"] as? String == "SONUS NETWORKS INC")
    #expect((p["issuer"] as? [String: Any])?["ticker"] as? String == "SONSE")
    #expect((p["owner"] as? [String: Any])?["name"] as? String == "NOTINI ALBERT A")
    #expect(p["since"] as? String == "2004-04-06")
    #expect(p["accessionEstimated"] as? Bool == true)
    #expect(p["filedAt"] as? String == "2004-04-29")
  }

  /// Footnote F1: 25% on 2005-04-06, then the rest in 36 monthly installments.
  @Test func theOptionsExercisableOnJune1st2005AreTheCliffAndOneInstallment() throws {
    let report = try cli.json(["holdings", "--person", "Notini", "--asof", "2005-06-01"])
    let p = try #require((report["positions"] as? [[String: Any]])?.first)
    // 612,500 on 2005-04-06, plus floor(1,837,500 × 1/36) on 2005-05-06.
    #expect(p["exercisable"] as? Int == 663_541)
    #expect(p["status"] as? String == "open")
    #expect(p["sharesFrom"] as? String == "reported")
    let vesting = try #require(p["vesting"] as? [String: Any])
    #expect(vesting["basis"] as? String == "footnote")
    #expect(vesting["footnote"] as? String == "F1")
    #expect(vesting["rule"] as? String == "cliff+installments")
    let schedule = try #require(vesting["schedule"] as? [[String: Any]])
    #expect(schedule.count == 37)
    #expect(schedule.compactMap { $0["shares"] as? Int }.reduce(0, +) == 2_450_000)
    #expect(schedule.first?["date"] as? String == "2005-04-06")
    #expect(schedule.last?["date"] as? String == "2008-04-06")
    // Rule 13d-3: three monthly installments fall by 2005-07-31, 60 days on.
    let owned = try #require((report["beneficialOwnership"] as? [[String: Any]])?.first)
    #expect(owned["security"] as? String == "Common Stock")
    #expect(owned["shares"] as? Int == 0)
    #expect(owned["rightToAcquire"] as? Int == 765_625)
    #expect(owned["total"] as? Int == 765_625)
    #expect(owned["lines"] as? Int == 1)
  }

  @Test func beforeTheCliffNothingIsExercisable() throws {
    let report = try cli.json(["holdings", "--person", "Notini", "--asof", "2004-06-01"])
    let p = try #require((report["positions"] as? [[String: Any]])?.first)
    #expect(p["exercisable"] as? Int == 0)
    #expect(p["shares"] as? Int == 2_450_000)
  }

  @Test func afterItsExpirationTheOptionIsListedOnlyWithAll() throws {
    let hidden = try cli.json(["holdings", "--person", "Notini", "--asof", "2015-01-01"])
    #expect((hidden["positions"] as? [Any])?.isEmpty == true)
    #expect((hidden["beneficialOwnership"] as? [Any])?.isEmpty == true)
    let all = try cli.json(["holdings", "--person", "Notini", "--asof", "2015-01-01", "--all"])
    let p = try #require((all["positions"] as? [[String: Any]])?.first)
    #expect(p["status"] as? String == "expired")
    #expect(p["exercisable"] as? Int == 0)
    // The day of expiration it is still open.
    let last = try cli.json(["holdings", "--person", "Notini", "--asof", "2014-04-06"])
    #expect((last["positions"] as? [[String: Any]])?.first?["status"] as? String == "open")
    let table = cli.run(["holdings", "--person", "Notini", "--asof", "2015-01-01", "--all"]).stdout
    #expect(table.contains("2014-04-06 (expired)"))
    #expect(cli.run(["holdings", "--person", "Notini", "--asof", "2015-01-01"]).stdout.contains("No positions."))
  }

  @Test func theTableShowsTheSameNumbers() {
    let table = cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01"]).stdout
    #expect(table.contains("EXERCISABLE"))
    #expect(table.contains("663,541"))
    #expect(table.contains("RIGHT TO ACQUIRE"))
    #expect(table.contains("765,625"))
    let csv = cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "csv"]).stdout
    #expect(csv.contains(",663541,footnote,cliff+installments,"))
    let history = cli.run(["history", "--person", "Notini", "--vesting"]).stdout
    #expect(history.contains("Vesting of Employee Stock Option (right to buy) (@3.99, exp 2014-04-06), D: footnote F1, cliff+installments"))
    #expect(history.contains("2005-05-06   51,041     663,541"))
    #expect(history.contains("2008-04-06   51,042   2,450,000"))
  }

  @Test func numbersAreWrittenExactly() {
    let text = cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "json"]).stdout
    #expect(text.contains(#""exercisePrice": 3.99,"#))
    #expect(text.contains(#""shares": 2450000,"#))
  }

  @Test func nothingIsHeldTheDayBeforeTheGrant() throws {
    let report = try cli.json(["holdings", "--person", "Notini", "--asof", "2004-04-05"])
    #expect((report["positions"] as? [Any])?.isEmpty == true)
    let table = cli.run(["holdings", "--person", "Notini", "--asof", "2004-04-05"])
    #expect(table.status == 0)
    #expect(table.stdout.contains("No positions."))
  }

  @Test func appendingTheSeedAgainRecordsNothing() throws {
    let before = try cli.eventCount()
    #expect(before == 2)
    let r = cli.run(["append", Paths.seed.path])
    #expect(r.status == 0)
    #expect(r.stdout.contains("already recorded"))
    #expect(try cli.eventCount() == before)
  }

  @Test func theSQLiteShellCannotUpdateOrDeleteEvents() throws {
    let before = try cli.eventCount()
    for sql in ["UPDATE event SET type = 'RowReported' WHERE seq = 1;", "DELETE FROM event WHERE seq = 2;", "DELETE FROM event;"] {
      let r = CLI.execute("/usr/bin/sqlite3", [cli.db.path, sql])
      #expect(r.status != 0, "sqlite3 accepted: \(sql)")
      #expect(r.stderr.contains("append-only"), "\(r.stderr)")
    }
    #expect(try cli.eventCount() == before)
  }

  @Test func rebuildLeavesEveryOutputIdentical() throws {
    let commands: [[String]] = [
      ["holdings", "--person", "Notini", "--asof", "2005-06-01"],
      ["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "json"],
      ["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "csv"],
      ["history", "--person", "Notini"],
      ["history", "--person", "Notini", "--format", "json"],
    ]
    let before = commands.map { cli.run($0).stdout }
    let rebuild = cli.run(["rebuild"])
    #expect(rebuild.status == 0)
    #expect(rebuild.stdout == "Rebuilt the projections from 2 events.\n")
    let after = commands.map { cli.run($0).stdout }
    #expect(before == after)
    #expect(!before[0].isEmpty)
  }

  @Test func goldenOutputs() {
    expectSnapshot(cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01"]).stdout, named: "seed-holdings-table")
    expectSnapshot(
      cli.run(["holdings", "--person", "Notini", "--asof", "2005-06-01", "--format", "json"]).stdout, named: "seed-holdings-json")
    expectSnapshot(cli.run(["history", "--person", "Notini"]).stdout, named: "seed-history-table")
    expectSnapshot(cli.run(["history", "--person", "Notini", "--format", "json"]).stdout, named: "seed-history-json")
  }
}

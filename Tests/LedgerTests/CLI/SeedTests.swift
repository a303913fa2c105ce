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

import LedgerCore
import Testing

@Suite struct LedgerDateTests {
  @Test func parsesRealDatesOnly() {
    #expect(LedgerDate("2004-04-06")?.description == "2004-04-06")
    #expect(LedgerDate(" 2021-11-09\n")?.description == "2021-11-09")
    #expect(LedgerDate("2004-02-29") != nil)
    #expect(LedgerDate("2004-02-30") == nil)
    #expect(LedgerDate("2003-02-29") == nil)
    #expect(LedgerDate("2000-02-29") != nil)
    #expect(LedgerDate("1900-02-29") == nil)
    #expect(LedgerDate("2004-13-01") == nil)
    #expect(LedgerDate("2004-4-6") == nil)
    #expect(LedgerDate("04/06/2004") == nil)
    #expect(LedgerDate("") == nil)
    #expect(LedgerDate(compact: "20250121")?.description == "2025-01-21")
  }

  @Test func ordersAndCountsDays() {
    let d = LedgerDate("2021-11-09")!
    #expect(d < LedgerDate("2021-11-10")!)
    #expect(d.adding(days: 30).description == "2021-12-09")
    #expect(LedgerDate("2004-02-28")!.adding(days: 1).description == "2004-02-29")
    #expect(LedgerDate("1969-12-31")!.dayNumber == -1)
    #expect(LedgerDate(dayNumber: 0).description == "1970-01-01")
    // 2025-01-17 is a Friday; the next business day is Monday 2025-01-20.
    #expect(LedgerDate("2025-01-17")!.weekday == 4)
    #expect(LedgerDate("2025-01-17")!.businessDays(until: LedgerDate("2025-01-20")!) == 1)
  }
}

/// The SEC's business days: the days EDGAR accepts filings and Section 16 deadlines count.
///
/// Exchange Act Rule 0-3 and Regulation S-T Rule 13 make a filing due on a Saturday, Sunday,
/// federal holiday or day the Commission is closed timely on the next business day. Federal
/// holidays (5 U.S.C. 6103) are computed by rule, each with its observed day: one falling on a
/// Saturday is observed the Friday before (New Year's Day on the December 31 before), one on a
/// Sunday the Monday after. Inauguration Day is a holiday only for federal employees around
/// Washington, and EDGAR stays open, so it is not one here. Days the government or the
/// Commission was closed by executive order or emergency are listed in `closures`.
public enum SECCalendar {
  /// Days the SEC was closed by order, with the reason, from executive orders and the SEC's
  /// EDGAR announcements.
  public static let closures: [LedgerDate: String] = {
    let list: [(String, String)] = [
      ("2001-12-24", "closed by executive order (Christmas Eve)"),
      ("2003-12-26", "closed by executive order (day after Christmas)"),
      ("2004-06-11", "national day of mourning for President Reagan"),
      ("2007-01-02", "national day of mourning for President Ford"),
      ("2007-12-24", "closed by executive order (Christmas Eve)"),
      ("2008-12-26", "closed by executive order (day after Christmas)"),
      ("2009-12-24", "closed by executive order (Christmas Eve)"),
      ("2012-10-29", "closed for Hurricane Sandy"),
      ("2012-10-30", "closed for Hurricane Sandy"),
      ("2012-12-24", "closed by executive order 13633 (Christmas Eve)"),
      ("2014-12-26", "closed by executive order (day after Christmas)"),
      ("2015-12-24", "closed by executive order (Christmas Eve)"),
      ("2018-12-05", "national day of mourning for President George H. W. Bush"),
      ("2018-12-24", "closed by executive order (Christmas Eve)"),
      ("2019-12-24", "closed by executive order (Christmas Eve)"),
      ("2020-12-24", "closed by executive order (Christmas Eve)"),
      ("2024-12-24", "closed by executive order (Christmas Eve)"),
      ("2025-01-09", "national day of mourning for President Carter"),
      ("2025-12-24", "closed by executive order (Christmas Eve)"),
      ("2025-12-26", "closed by executive order (day after Christmas)"),
    ]
    return Dictionary(uniqueKeysWithValues: list.map { (LedgerDate($0.0)!, $0.1) })
  }()

  /// Why `date` is not a business day: a weekend, a federal holiday (as observed), or a
  /// closure; nil on a business day.
  public static func closedReason(_ date: LedgerDate) -> String? {
    if date.weekday == 5 { return "Saturday" }
    if date.weekday == 6 { return "Sunday" }
    if let name = holiday(date) { return name }
    return closures[date]
  }

  public static func isBusinessDay(_ date: LedgerDate) -> Bool { closedReason(date) == nil }

  /// `date` itself when a business day, else the next one.
  public static func onOrAfter(_ date: LedgerDate) -> LedgerDate {
    var d = date
    while !isBusinessDay(d) { d = d.adding(days: 1) }
    return d
  }

  /// The `n`th business day after `date` (not counting `date` itself).
  public static func businessDays(_ n: Int, after date: LedgerDate) -> LedgerDate {
    var d = date
    var left = n
    while left > 0 {
      d = d.adding(days: 1)
      if isBusinessDay(d) { left -= 1 }
    }
    return d
  }

  /// The federal holiday observed on `date`, by name, or nil. Years 1950 to 2149 are looked up
  /// in a table made once: `ledger late` asks for every day its deadlines count over.
  public static func holiday(_ date: LedgerDate) -> String? {
    if (tableYears.lowerBound + 1...tableYears.upperBound - 1).contains(date.year) { return observedHolidays[date] }
    return computedHoliday(date)
  }

  private static let tableYears = 1949...2150

  /// Each day in `tableYears` a holiday is observed on, with its name as `holiday` gives it.
  private static let observedHolidays: [LedgerDate: String] = {
    var table: [LedgerDate: String] = [:]
    for year in tableYears {
      for (name, actual) in holidays(in: year) {
        let day = observed(actual)
        if table[day] == nil { table[day] = actual == day ? name : "\(name) (observed)" }
      }
    }
    return table
  }()

  static func computedHoliday(_ date: LedgerDate) -> String? {
    for year in [date.year, date.year + 1] {
      for (name, actual) in holidays(in: year) where observed(actual) == date {
        return actual == date ? name : "\(name) (observed)"
      }
    }
    return nil
  }

  /// The federal holidays of a year on their legal dates, under the statute as amended (the
  /// Monday holidays from 1971, Martin Luther King Jr. Day from 1986, Juneteenth from 2021).
  public static func holidays(in year: Int) -> [(String, LedgerDate)] {
    func fixed(_ month: Int, _ day: Int) -> LedgerDate { LedgerDate(year: year, month: month, day: day)! }
    /// The `n`th `weekday` (0 = Monday) of a month; n = -1 for the last.
    func nth(_ n: Int, _ weekday: Int, of month: Int) -> LedgerDate {
      if n < 0 {
        var d = LedgerDate(year: year, month: month, day: 1)!.adding(months: 0, endOfMonth: true)
        while d.weekday != weekday { d = d.adding(days: -1) }
        return d
      }
      var d = LedgerDate(year: year, month: month, day: 1)!
      while d.weekday != weekday { d = d.adding(days: 1) }
      return d.adding(days: 7 * (n - 1))
    }
    var list: [(String, LedgerDate)] = [("New Year's Day", fixed(1, 1))]
    if year >= 1986 { list.append(("Birthday of Martin Luther King, Jr.", nth(3, 0, of: 1))) }
    list.append(("Washington's Birthday", year >= 1971 ? nth(3, 0, of: 2) : fixed(2, 22)))
    list.append(("Memorial Day", year >= 1971 ? nth(-1, 0, of: 5) : fixed(5, 30)))
    if year >= 2021 { list.append(("Juneteenth National Independence Day", fixed(6, 19))) }
    list.append(("Independence Day", fixed(7, 4)))
    list.append(("Labor Day", nth(1, 0, of: 9)))
    list.append(("Columbus Day", year >= 1971 ? nth(2, 0, of: 10) : fixed(10, 12)))
    list.append(("Veterans Day", (1971...1977).contains(year) ? nth(4, 0, of: 10) : fixed(11, 11)))
    list.append(("Thanksgiving Day", nth(4, 3, of: 11)))
    list.append(("Christmas Day", fixed(12, 25)))
    return list
  }

  /// The day a holiday is observed: Saturday's on the Friday before, Sunday's on the Monday after.
  static func observed(_ date: LedgerDate) -> LedgerDate {
    switch date.weekday {
    case 5: date.adding(days: -1)
    case 6: date.adding(days: 1)
    default: date
    }
  }
}

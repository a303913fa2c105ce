import Foundation
@testable import EdgarOwnership
import LedgerCore
import Testing

/// The SEC's business days: federal holidays by rule with their observed days, and closures.
@Suite struct SECCalendarTests {
  func d(_ s: String) -> LedgerDate { LedgerDate(s)! }
  func closed(_ s: String) -> Bool { !SECCalendar.isBusinessDay(d(s)) }

  /// The table of observed holidays says what the rules say, on every day it covers and past it.
  @Test func theHolidayTableAgreesWithTheRules() {
    var day = d("1949-01-01")
    var mismatches: [String] = []
    var holidays = 0
    while day <= d("2151-12-31") {
      let name = SECCalendar.holiday(day)
      if name != nil { holidays += 1 }
      if name != SECCalendar.computedHoliday(day) { mismatches.append(day.description) }
      day = day.adding(days: 1)
    }
    #expect(mismatches.isEmpty)
    // Eleven a year today, fewer before 1986 and 2021.
    #expect(holidays > 2_000)
    #expect(SECCalendar.holiday(d("1950-01-02")) == "New Year's Day (observed)")
    #expect(SECCalendar.holiday(d("2149-12-25")) == "Christmas Day")
  }

  /// Each holiday rule, in a year where it falls on a weekday (dates from OPM's tables).
  @Test func everyHolidayRule() {
    let year2024 = [
      "2024-01-01": "New Year's Day", "2024-01-15": "Birthday of Martin Luther King, Jr.", "2024-02-19": "Washington's Birthday",
      "2024-05-27": "Memorial Day", "2024-06-19": "Juneteenth National Independence Day", "2024-07-04": "Independence Day",
      "2024-09-02": "Labor Day", "2024-10-14": "Columbus Day", "2024-11-11": "Veterans Day", "2024-11-28": "Thanksgiving Day",
      "2024-12-25": "Christmas Day",
    ]
    for (date, name) in year2024 { #expect(SECCalendar.holiday(d(date)) == name, "\(date)") }
    // The days around them are business days.
    for date in ["2024-01-16", "2024-02-20", "2024-05-28", "2024-06-18", "2024-06-20", "2024-07-03", "2024-07-05", "2024-11-29"] {
      #expect(SECCalendar.isBusinessDay(d(date)), "\(date)")
    }
    // Nothing else in 2024 besides weekends and the closure on December 24.
    var closedDays = 0
    var day = d("2024-01-01")
    while day.year == 2024 {
      if !SECCalendar.isBusinessDay(day) && !day.isWeekend { closedDays += 1 }
      day = day.adding(days: 1)
    }
    #expect(closedDays == 12)
  }

  @Test func aSaturdayHolidayIsObservedOnFridayAndASundayOneOnMonday() {
    // July 4, 2020 was a Saturday: Friday July 3 was the holiday.
    #expect(SECCalendar.holiday(d("2020-07-03")) == "Independence Day (observed)")
    // July 4, 2021 was a Sunday: Monday July 5.
    #expect(SECCalendar.holiday(d("2021-07-05")) == "Independence Day (observed)")
    // January 1, 2022 was a Saturday: observed on Friday, December 31, 2021.
    #expect(SECCalendar.holiday(d("2021-12-31")) == "New Year's Day (observed)")
    // Christmas 2022 was a Sunday: Monday, December 26.
    #expect(closed("2022-12-26"))
    // Veterans Day 2023 was a Saturday: Friday, November 10.
    #expect(closed("2023-11-10"))
  }

  @Test func juneteenthFrom2021() {
    #expect(SECCalendar.isBusinessDay(d("2020-06-19")))  // a Friday, before the law
    #expect(SECCalendar.holiday(d("2021-06-18")) == "Juneteenth National Independence Day (observed)")  // June 19, 2021 a Saturday
    #expect(SECCalendar.holiday(d("2022-06-20")) == "Juneteenth National Independence Day (observed)")  // a Sunday
    #expect(closed("2023-06-19"))
  }

  @Test func inaugurationDayIsNotOne() {
    #expect(SECCalendar.isBusinessDay(d("2021-01-20")))  // a Wednesday
    #expect(SECCalendar.isBusinessDay(d("2017-01-20")))  // a Friday
    #expect(SECCalendar.isBusinessDay(d("2009-01-20")))  // a Tuesday
  }

  @Test func holidaysFollowTheStatuteOfTheirYear() {
    // Martin Luther King Jr. Day from 1986.
    #expect(SECCalendar.isBusinessDay(d("1985-01-21")))
    #expect(closed("1986-01-20"))
    // Veterans Day on the fourth Monday of October from 1971 to 1977.
    #expect(closed("1975-10-27"))
    #expect(SECCalendar.isBusinessDay(d("1975-11-11")))
    // Columbus Day on the second Monday of October.
    #expect(closed("2012-10-08"))
    // Thanksgiving: the fourth Thursday, never the fifth.
    #expect(closed("2018-11-22"))
    #expect(SECCalendar.isBusinessDay(d("2018-11-29")))
  }

  @Test func eachClosureByOrder() {
    for date in ["2004-06-11", "2007-01-02", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09"] {
      #expect(closed(date), "\(date)")
      #expect(SECCalendar.closedReason(d(date)) != nil)
    }
    #expect(SECCalendar.closedReason(d("2004-06-11")) == "national day of mourning for President Reagan")
    #expect(closed("2019-12-24"))
    #expect(closed("2020-12-24"))
    // Hurricane Sandy: a trade on Friday, October 26, 2012 was due on Thursday, November 1.
    #expect(SECCalendar.businessDays(2, after: d("2012-10-26")) == d("2012-11-01"))
  }

  @Test func businessDaysSkipWeekendsAndHolidays() {
    // Friday before Presidents' Day 2020: Tuesday (1), Wednesday (2).
    #expect(SECCalendar.businessDays(2, after: d("2020-02-14")) == d("2020-02-19"))
    // New Year's Eve 2012 (a Monday): January 2 and 3.
    #expect(SECCalendar.businessDays(2, after: d("2012-12-31")) == d("2013-01-03"))
    // A Saturday counts from the Monday after.
    #expect(SECCalendar.businessDays(2, after: d("2021-05-15")) == d("2021-05-18"))
    #expect(SECCalendar.onOrAfter(d("2021-09-19")) == d("2021-09-20"))
    #expect(SECCalendar.onOrAfter(d("2021-09-20")) == d("2021-09-20"))
  }
}

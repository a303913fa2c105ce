/// When each Section 16(a) report, and each row of one, was due (Exchange Act Section 16(a)(2),
/// Rule 16a-3), on the SEC's business days (`SECCalendar`).
public enum FilingDeadlines {
  /// The Sarbanes-Oxley Act's two-business-day Form 4 deadline applies to transactions on or
  /// after this date (Release 34-46421); before it a Form 4 was due by the 10th day of the
  /// month after the transaction.
  public static let twoDayRuleStart = LedgerDate(year: 2002, month: 8, day: 29)!
  /// Gifts are reported on Form 4 within two business days from this date (Release 33-11138);
  /// before it they could wait for the Form 5.
  public static let giftsOnForm4From = LedgerDate(year: 2023, month: 2, day: 27)!

  public struct Due: Sendable, Equatable {
    /// The last day the report was timely.
    public var date: LedgerDate
    /// The rule, in words.
    public var rule: String
    /// A row a Form 5 carries that a Form 4 was due for: a failure to file the Form 4.
    public var missingForm4: Bool

    public init(date: LedgerDate, rule: String, missingForm4: Bool = false) {
      self.date = date
      self.rule = rule
      self.missingForm4 = missingForm4
    }
  }

  /// A fiscal year's last day, as a month and day (December 31 when nothing says otherwise).
  public struct FiscalYearEnd: Sendable, Equatable {
    public var month: Int
    public var day: Int
    public var assumed: Bool

    public init(month: Int, day: Int, assumed: Bool) {
      self.month = month
      self.day = day
      self.assumed = assumed
    }

    public static let calendarYear = FiscalYearEnd(month: 12, day: 31, assumed: true)

    /// The end of the fiscal year that contains `date`.
    public func end(containing date: LedgerDate) -> LedgerDate {
      func end(_ year: Int) -> LedgerDate {
        LedgerDate(year: year, month: month, day: min(day, LedgerDate(year: year, month: month, day: 1)!.adding(months: 0, endOfMonth: true).day))!
      }
      let this = end(date.year)
      return this >= date ? this : end(date.year + 1)
    }
  }

  /// Form 3: within 10 days after the event that made the person an insider (the period of
  /// report).
  public static func form3(event: LedgerDate) -> Due {
    Due(date: SECCalendar.onOrAfter(event.adding(days: 10)), rule: "Form 3: 10 days after the event (period of report)")
  }

  /// Form 5: within 45 days after the issuer's fiscal year ends (the period of report).
  public static func form5(fiscalYearEnd: LedgerDate) -> Due {
    Due(date: SECCalendar.onOrAfter(fiscalYearEnd.adding(days: 45)), rule: "Form 5: 45 days after the fiscal year's end")
  }

  /// Form 4: before the end of the second business day after the transaction (or its deemed
  /// execution date); before 2002-08-29, by the 10th day of the following month.
  public static func form4(transaction: LedgerDate, deemed: LedgerDate?) -> Due {
    let from = deemed ?? transaction
    if transaction >= twoDayRuleStart {
      let basis = deemed == nil ? "the transaction" : "the deemed execution date"
      return Due(date: SECCalendar.businessDays(2, after: from), rule: "Form 4: 2 business days after \(basis)")
    }
    let tenth = LedgerDate(year: from.year, month: from.month, day: 1)!.adding(months: 1, day: 10)
    return Due(date: SECCalendar.onOrAfter(tenth), rule: "Form 4 before 2002-08-29: 10th day of the following month")
  }

  /// A transaction the insider may report on the Form 5 instead: a gift before 2023-02-27, a
  /// small acquisition (L), one by will or the laws of descent (W), or one reported early
  /// voluntarily (V).
  public static func deferrable(code: TransactionCode?, date: LedgerDate) -> Bool {
    switch code {
    case .G: date < giftsOnForm4From
    case .L, .W, .V: true
    default: false
    }
  }

  /// When a row was due, or nil for a row with no deadline of its own (a Form 4's holdings) or
  /// no transaction date.
  public static func due(
    form: FormType, period: LedgerDate, row: TableRow, fiscalYear: FiscalYearEnd
  ) -> Due? {
    switch form.family {
    case "3":
      return form3(event: period)
    case "5":
      guard row.kind == .transaction, let date = row.row.transactionDate?.value else { return form5(fiscalYearEnd: period) }
      let code = row.row.transactionCoding?.transactionCode
      let form5Item = deferrable(code: code, date: date) || (date < twoDayRuleStart && code != .P && code != .S)
      if form5Item && row.row.transactionCoding?.transactionFormType != "4" { return form5(fiscalYearEnd: period) }
      var d = form4(transaction: date, deemed: row.row.deemedExecutionDate?.value)
      d.rule += " (reported on Form 5)"
      d.missingForm4 = true
      return d
    default:
      guard row.kind == .transaction, let date = row.row.transactionDate?.value else { return nil }
      let code = row.row.transactionCoding?.transactionCode
      if deferrable(code: code, date: date) {
        let end = fiscalYear.end(containing: date)
        var d = form5(fiscalYearEnd: end)
        let which = code == .G ? "a gift before 2023-02-27" : "code \(code?.rawValue ?? "?")"
        d.rule = "deferrable to Form 5 (\(which)): 45 days after the fiscal year's end (\(end)\(fiscalYear.assumed ? ", assumed" : ""))"
        return d
      }
      return form4(transaction: date, deemed: row.row.deemedExecutionDate?.value)
    }
  }
}

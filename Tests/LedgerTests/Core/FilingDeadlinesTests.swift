import Foundation
import LedgerCore
import Testing

/// When Forms 3, 4 and 5 and their rows were due.
@Suite struct FilingDeadlinesTests {
  func d(_ s: String) -> LedgerDate { LedgerDate(s)! }

  func row(_ date: String, code: TransactionCode, deemed: String? = nil, formType: String = "4", kind: RowKind = .transaction) -> TableRow {
    var r = Filings.trade(date, code: code, shares: "1", after: "1")
    r.deemedExecutionDate = deemed.map { Reported(d($0)) }
    r.transactionCoding?.transactionFormType = formType
    return TableRow(table: .nonDerivative, kind: kind, index: 0, row: r)
  }

  func due(_ form: FormType, period: String, _ row: TableRow, fiscal: FilingDeadlines.FiscalYearEnd = .calendarYear) -> FilingDeadlines.Due? {
    FilingDeadlines.due(form: form, period: d(period), row: row, fiscalYear: fiscal)
  }

  @Test func form4TwoBusinessDaysFromTheTransactionOrItsDeemedExecutionDate() {
    #expect(due(.form4, period: "2024-03-01", row("2024-03-01", code: .S))?.date == d("2024-03-05"))
    let deemed = due(.form4, period: "2024-03-01", row("2024-03-01", code: .S, deemed: "2024-03-05"))
    #expect(deemed?.date == d("2024-03-07"))
    #expect(deemed?.rule == "Form 4: 2 business days after the deemed execution date")
  }

  @Test func form4BeforeAugust29_2002WasDueTheTenthOfTheNextMonth() {
    // July 15, 2002: August 10, 2002 was a Saturday, so Monday, August 12.
    #expect(due(.form4, period: "2002-07-15", row("2002-07-15", code: .P))?.date == d("2002-08-12"))
    #expect(due(.form4, period: "2002-08-28", row("2002-08-28", code: .P))?.date == d("2002-09-10"))
    // From August 29, 2002: two business days (Labor Day, September 2, skipped).
    #expect(due(.form4, period: "2002-08-29", row("2002-08-29", code: .P))?.date == d("2002-09-03"))
  }

  @Test func form3TenDaysAfterTheEventAndForm5FortyFiveAfterTheYear() {
    // September 9, 2021 + 10 = Sunday, September 19: due Monday the 20th.
    #expect(due(.form3, period: "2021-09-09", TableRow(table: .nonDerivative, kind: .holding, index: 0, row: Filings.holding("1")))?.date == d("2021-09-20"))
    #expect(FilingDeadlines.form3(event: d("2021-09-09")).date == d("2021-09-20"))
    // December 31, 2021 + 45 = Monday, February 14, 2022.
    #expect(FilingDeadlines.form5(fiscalYearEnd: d("2021-12-31")).date == d("2022-02-14"))
    // December 31, 2022 + 45 = Tuesday, February 14, 2023.
    #expect(FilingDeadlines.form5(fiscalYearEnd: d("2022-12-31")).date == d("2023-02-14"))
  }

  @Test func giftsBefore2023AndCodesLAndWMayWaitForTheForm5() {
    let gift = due(.form4, period: "2019-12-16", row("2019-12-16", code: .G))
    #expect(gift?.date == d("2020-02-14"))
    #expect(gift?.rule.hasPrefix("deferrable to Form 5") == true)
    // A gift from February 27, 2023 is a Form 4 item.
    #expect(due(.form4, period: "2023-03-01", row("2023-03-01", code: .G))?.date == d("2023-03-03"))
    #expect(due(.form4, period: "2021-06-01", row("2021-06-01", code: .W))?.date == d("2022-02-14"))
    // With a fiscal year ending January 31, the Form 5 was due 45 days after January 31.
    let fiscal = FilingDeadlines.FiscalYearEnd(month: 1, day: 31, assumed: false)
    #expect(due(.form4, period: "2021-12-23", row("2021-12-23", code: .L), fiscal: fiscal)?.date == d("2022-03-17"))
  }

  @Test func aForm5RowAForm4WasDueForIsAMissingForm4() {
    let sale = due(.form5, period: "2021-12-31", row("2021-06-01", code: .S, formType: "5"))
    #expect(sale?.date == d("2021-06-03"))
    #expect(sale?.missingForm4 == true)
    let gift = due(.form5, period: "2021-12-31", row("2021-06-01", code: .G, formType: "5"))
    #expect(gift?.date == d("2022-02-14"))
    #expect(gift?.missingForm4 == false)
    // A deferrable row the filer marks as a Form 4 item is judged as one.
    #expect(due(.form5, period: "2021-12-31", row("2021-06-01", code: .G, formType: "4"))?.missingForm4 == true)
  }

  @Test func aForm4HoldingHasNoDeadlineOfItsOwn() {
    #expect(due(.form4, period: "2024-03-01", TableRow(table: .nonDerivative, kind: .holding, index: 0, row: Filings.holding("1"))) == nil)
  }
}

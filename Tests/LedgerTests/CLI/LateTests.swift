import Foundation
import LedgerCore
import Testing

/// `ledger late`, end to end: the seed, real filings, and filings made to be late.
@Suite struct LateTests {
  func lines(_ report: [String: Any]) -> [[String: Any]] { report["late"] as? [[String: Any]] ?? [] }

  func line(_ report: [String: Any], _ accession: String) throws -> [String: Any] {
    try #require(lines(report).first { $0["accession"] as? String == accession }, "\(accession) not listed")
  }

  /// Appends a synthetic filing as filing JSON.
  func append(_ cli: CLI, _ d: OwnershipDocument, _ name: String) {
    let r = cli.run(["append", cli.write(Filings.json(d), to: name)])
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func theSeedIsPossiblyLate() throws {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    let report = try cli.json(["late", "--person", "Notini"])
    #expect(lines(report).count == 1)
    let seed = try #require(lines(report).first)
    #expect(seed["dueDate"] as? String == "2004-04-08")
    #expect(seed["status"] as? String == "possibly late")
    #expect(seed["filedAt"] as? String == "2004-04-29")
    #expect(seed["filedAtEstimated"] as? Bool == true)
    #expect(seed["daysLate"] as? Int == 21)
    #expect(seed["earliestLateRow"] as? String == "derivativeTable.transactions[0]")
    #expect(seed["rule"] as? String == "Form 4: 2 business days after the transaction")
    let table = cli.run(["late", "--person", "Notini"]).stdout
    #expect(table.contains("2004-04-29 (estimated)"))
    #expect(table.contains("possibly late"))
  }

  @Test(.needsCorpus) func realFilingsOnTimeAndLate() throws {
    let cli = FolderAppendTests.indexed.cli
    let musk = try cli.json(["late", "--cik", "0001494730", "--all"])
    // Sold on Tuesday, November 9, 2021, filed Wednesday: Thursday the 11th was Veterans Day,
    // so the Form 4 was due Friday the 12th.
    let onTime = try line(musk, "0000899243-21-044225")
    #expect(onTime["status"] as? String == "on time")
    #expect(onTime["dueDate"] as? String == "2021-11-12")
    #expect(onTime["daysLate"] as? Int == -2)
    // Bought on Friday, February 14, 2020, before Presidents' Day: due Wednesday the 19th, the
    // day it was filed.
    let holidayWeekend = try line(musk, "0001494730-20-000001")
    #expect(holidayWeekend["status"] as? String == "on time")
    #expect(holidayWeekend["dueDate"] as? String == "2020-02-19")
    // An option granted on Friday, December 4, 2009 (due Tuesday the 8th) reported on
    // January 25, 2011: 413 days late.
    let late = try line(musk, "0001494730-11-000002")
    #expect(late["status"] as? String == "late")
    #expect(late["dueDate"] as? String == "2009-12-08")
    #expect(late["daysLate"] as? Int == 413)
    #expect(late["lateRows"] as? Int == 1)
    // Only that one is late.
    #expect(lines(try cli.json(["late", "--cik", "0001494730"])).map { $0["accession"] as? String } == ["0001494730-11-000002"])
  }

  /// A Form 4 checked by hand: sales on Wednesday, September 30, 2020 were due Friday,
  /// October 2; filed Monday, October 5. Its rows of October 1 were due October 5: on time.
  @Test(.needsCorpus) func aLateFormFourCheckedByHand() throws {
    let entry = try #require(Corpus.index.first { $0.accession == "0001209191-20-053427" })
    let rows = try Corpus.imported(entry).document.rows.filter { $0.kind == .transaction }
    let dueOctober2 = rows.filter { $0.row.transactionDate?.value == LedgerDate("2020-09-30") }.count
    #expect(dueOctober2 > 0 && dueOctober2 < rows.count)
    let report = try FolderAppendTests.indexed.cli.json(["late", "--issuer", entry.issuerCik])
    let late = try line(report, "0001209191-20-053427")
    #expect(late["dueDate"] as? String == "2020-10-02")
    #expect(late["daysLate"] as? Int == 3)
    #expect(late["lateRows"] as? Int == dueOctober2)
    #expect(late["earliestLateDate"] as? String == "2020-09-30")
  }

  /// A pre-2023 gift on a Form 5 is on time by the Form 5 deadline, and late after it.
  @Test(.needsCorpus) func aGiftOnAFormFive() throws {
    let musk = try FolderAppendTests.indexed.cli.json(["late", "--cik", "0001494730", "--all"])
    let form5 = try line(musk, "0000899243-22-006240")
    #expect(form5["status"] as? String == "on time")
    #expect(form5["dueDate"] as? String == "2022-02-14")
    #expect(form5["rule"] as? String == "Form 5: 45 days after the fiscal year's end")
    // His Form 4 gift of December 2019 could have waited for the Form 5 too.
    #expect((try line(musk, "0001494730-19-000003"))["rule"] as? String == "deferrable to Form 5 (a gift before 2023-02-27): 45 days after the fiscal year's end (2019-12-31)")
    // The same Form 5 filed on March 1 would have been 15 days late.
    let entry = try #require(Corpus.index.first { $0.accession == "0000899243-22-006240" })
    let cli = CLI()
    #expect(cli.run(["append", Corpus.url(entry).path, "--accession", entry.accession, "--filed", "2022-03-01"]).status == 0)
    let late = try line(try cli.json(["late", "--cik", "0001494730"]), entry.accession)
    #expect(late["daysLate"] as? Int == 15)
    #expect(late["missingForm4"] as? Int == 0)
  }

  /// The deadline runs from the deemed execution date when a row gives one.
  @Test func theDeemedExecutionDateMovesTheDeadline() throws {
    let cli = CLI()
    var sale = Filings.trade("2024-03-01", code: .S, .disposed, shares: "100", after: "900")
    sale.deemedExecutionDate = Reported(LedgerDate("2024-03-05")!)
    let plain = Filings.trade("2024-03-01", code: .S, .disposed, shares: "100", after: "800")
    append(cli, Filings.document(period: "2024-03-01", accession: "0000000001-24-000001", filed: "2024-03-07", table1: [sale]), "deemed.json")
    append(
      cli, Filings.document(period: "2024-03-01", accession: "0000000001-24-000002", filed: "2024-03-07", owners: [Filings.owner("ROE RICHARD", cik: "0000000888")], table1: [plain]),
      "plain.json")
    let report = try cli.json(["late", "--issuer", "ACME", "--all"])
    let deemed = try line(report, "0000000001-24-000001")
    #expect(deemed["status"] as? String == "on time")
    #expect(deemed["dueDate"] as? String == "2024-03-07")
    #expect(deemed["rule"] as? String == "Form 4: 2 business days after the deemed execution date")
    let undeemed = try line(report, "0000000001-24-000002")
    #expect(undeemed["status"] as? String == "late")
    #expect(undeemed["dueDate"] as? String == "2024-03-05")
    #expect(undeemed["daysLate"] as? Int == 2)
  }

  @Test(.needsCorpus) func aRealRowWithADeemedExecutionDate() throws {
    // Musk's purchases of December 26 and 27, 2012, each with its deemed execution date, filed
    // on January 2, 2013 instead of December 28: due December 28 and 31.
    let entry = try #require(Corpus.index.first { $0.accession == "0001288257-12-000028" })
    let cli = CLI()
    #expect(cli.run(["append", Corpus.url(entry).path, "--accession", entry.accession, "--filed", "2013-01-02"]).status == 0)
    let late = try line(try cli.json(["late", "--cik", "0001494730"]), entry.accession)
    #expect(late["lateRows"] as? Int == 2)
    #expect(late["dueDate"] as? String == "2012-12-28")
    #expect(late["daysLate"] as? Int == 5)
    #expect(late["rule"] as? String == "Form 4: 2 business days after the deemed execution date")
  }

  /// An amendment's restated rows are judged by the original's filing date; its new rows by its own.
  @Test func amendmentsAreJudgedByTheirOriginalForWhatTheyRestate() throws {
    let cli = CLI()
    let buy = Filings.trade("2024-03-01", shares: "100", after: "100")
    let older = Filings.trade("2024-02-01", shares: "50", after: "150")
    append(cli, Filings.document(period: "2024-03-01", accession: "0000000001-24-000010", filed: "2024-03-05", table1: [buy]), "original.json")
    append(
      cli, Filings.document(form: .form4A, period: "2024-03-01", accession: "0000000001-24-000020", filed: "2024-06-03", table1: [buy], original: "2024-03-05"),
      "restates.json")
    var report = try cli.json(["late", "--issuer", "ACME"])
    #expect(lines(report).isEmpty)
    #expect(report["filingsChecked"] as? Int == 2)
    // Another amendment adds a February row the original never reported: that row is late.
    append(
      cli,
      Filings.document(form: .form4A, period: "2024-03-01", accession: "0000000001-24-000030", filed: "2024-06-10", table1: [buy, older], original: "2024-03-05"),
      "adds.json")
    report = try cli.json(["late", "--issuer", "ACME"])
    let added = try line(report, "0000000001-24-000030")
    #expect(added["lateRows"] as? Int == 1)
    #expect(added["earliestLateDate"] as? String == "2024-02-01")
    #expect(added["dueDate"] as? String == "2024-02-05")
    #expect(lines(report).count == 1)
    // Known at June 5, the second amendment had not been filed.
    #expect(lines(try cli.json(["late", "--issuer", "ACME", "--known-at", "2024-06-05"])).isEmpty)
  }

  /// An amendment's row of the same date and code as the original's but in another security
  /// is its own: judged by the amendment's filing date.
  @Test func anAmendmentsRowInAnotherSecurityIsItsOwn() throws {
    let cli = CLI()
    let buy = Filings.trade("2024-03-01", shares: "100", after: "100")
    let classB = Filings.trade("2024-03-01", shares: "10", after: "10", security: "Class B Common Stock")
    append(cli, Filings.document(period: "2024-03-01", accession: "0000000001-24-000010", filed: "2024-03-05", table1: [buy]), "original.json")
    append(
      cli,
      Filings.document(form: .form4A, period: "2024-03-01", accession: "0000000001-24-000020", filed: "2024-06-03", table1: [buy, classB], original: "2024-03-05"),
      "adds.json")
    let report = try cli.json(["late", "--issuer", "ACME"])
    let amendment = try line(report, "0000000001-24-000020")
    #expect(amendment["lateRows"] as? Int == 1)
    #expect(amendment["earliestLateRow"] as? String == "nonDerivativeTable.transactions[1]")
    #expect(lines(report).count == 1)
  }

  /// The Item 405 view: late reports, late transactions and missing Form 4s per fiscal year.
  @Test func theSummaryCountsPerPersonAndFiscalYear() throws {
    let cli = CLI()
    // Two late Form 4s in 2024, one on time; a Form 5 reporting a sale a Form 4 was due for.
    append(cli, Filings.document(period: "2024-03-01", accession: "0000000001-24-000001", filed: "2024-03-12", table1: [Filings.trade("2024-03-01", shares: "1", after: "1"), Filings.trade("2024-03-01", shares: "1", after: "2")]), "a.json")
    append(cli, Filings.document(period: "2024-04-01", accession: "0000000001-24-000002", filed: "2024-04-03", table1: [Filings.trade("2024-04-01", shares: "1", after: "3")]), "b.json")
    append(cli, Filings.document(period: "2024-05-01", accession: "0000000001-24-000003", filed: "2024-05-09", table1: [Filings.trade("2024-05-01", shares: "1", after: "4")]), "c.json")
    var sale = Filings.trade("2024-08-01", code: .S, .disposed, shares: "1", after: "3")
    sale.transactionCoding?.transactionFormType = "5"
    append(cli, Filings.document(form: .form5, period: "2024-12-31", accession: "0000000001-25-000004", filed: "2025-02-10", table1: [sale]), "d.json")
    let report = try cli.json(["late", "--person", "Doe", "--summary"])
    let summary = try #require(report["summary"] as? [[String: Any]])
    #expect(summary.count == 1)
    #expect(summary.first?["fiscalYearEnd"] as? String == "2024-12-31")
    #expect(summary.first?["lateReports"] as? Int == 3)
    #expect(summary.first?["lateTransactions"] as? Int == 4)
    #expect(summary.first?["missingFilings"] as? Int == 1)
    // The Form 5 gives the issuer's fiscal year, not assumed.
    #expect(summary.first?["fiscalYearAssumed"] as? Bool == false)
    let table = cli.run(["late", "--person", "Doe", "--summary"]).stdout
    #expect(table.contains("LATE REPORTS"))
    let csv = cli.run(["late", "--person", "Doe", "--format", "csv"]).stdout
    let csvLines = csv.split(whereSeparator: \.isNewline)
    #expect(csvLines.first.map(String.init) == LateReport.csvHeader.joined(separator: ","))
    #expect(csvLines.count == 4)
    #expect(csvLines.last?.hasSuffix("late,Form 4: 2 business days after the transaction (reported on Form 5)") == true)
  }

  @Test func unknownPeopleAndBadDatesAreRefused() {
    let cli = CLI()
    #expect(cli.run(["append", Paths.seed.path]).status == 0)
    #expect(cli.run(["late", "--person", "Nobody At All"]).status == 3)
    #expect(cli.run(["late", "--from", "2024-02-30"]).status == 64)
  }

  /// Eight issuers of one name, each with a late Form 4 by the same owner: the summary lists
  /// them by CIK, the same at every run (not in the order a hash table keeps them).
  @Test func issuersOfOneNameAreSummarisedInCIKOrder() throws {
    let cli = CLI()
    let ciks = (1...8).map { String(format: "00000%05d", 90_000 - $0 * 7) }
    for (i, cik) in ciks.enumerated() {
      let sale = Filings.trade("2024-03-01", code: .S, .disposed, shares: "100", after: "900")
      append(
        cli,
        Filings.document(
          period: "2024-03-01", accession: String(format: "0000000001-24-%06d", i + 1), filed: "2024-04-01",
          issuer: Filings.issuer("SHELL CO", cik: cik, ticker: nil), table1: [sale]),
        "shell-\(i).json")
    }
    let summary = try #require(try cli.json(["late", "--person", "Doe", "--summary"])["summary"] as? [[String: Any]])
    #expect(summary.compactMap { ($0["issuer"] as? [String: Any])?["cik"] as? String } == ciks.sorted())
    let csv = cli.run(["late", "--person", "Doe", "--summary", "--format", "csv"]).stdout
    #expect(csv.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[2]) } == ciks.sorted())
  }
}

import Foundation
import LedgerCore
import Testing

/// Vesting and exercisability schedules read from real footnotes of `../shared/edgar`.
@Suite struct VestingReaderTests {
  /// A footnote's text as the ledger reads the filing, and the date of the first row citing it.
  func footnote(_ file: String, _ id: String) throws -> (text: String, rowDate: LedgerDate?) {
    let url = Paths.edgar.appendingPathComponent(file)
    let doc = try FilingReader.read(Data(contentsOf: url), file: file).document
    let text = try #require(doc.footnotes.first { $0.id == id }?.text, "\(file) has no footnote \(id)")
    let row = doc.rows.first { $0.row.allFootnoteIdsForTests.contains(id) }
    return (text, row?.row.transactionDate?.value)
  }

  func terms(_ file: String, _ id: String) throws -> VestingTerms {
    let (text, date) = try footnote(file, id)
    guard case .terms(let t) = VestingReader.read(text, grantDate: date) else {
      Issue.record("\(file) \(id): not read as a schedule: \(VestingReader.read(text, grantDate: date))")
      throw CancellationError()
    }
    return t
  }

  func reading(_ file: String, _ id: String) throws -> VestingReading {
    let (text, date) = try footnote(file, id)
    return VestingReader.read(text, grantDate: date)
  }

  func d(_ s: String) -> LedgerDate { LedgerDate(s)! }

  // MARK: - A cliff, then installments

  @Test(.needsCorpus) func aPercentOnADateThenEqualMonthlyInstallments() throws {
    // "vests over a four-year period at the rate of 25% on January 2, 2026, and then in 36 equal
    // monthly installments thereafter"
    let t = try terms("dgunning/20250108/0001562180-25-000280.nc.primary.xml", "F2")
    #expect(t.rule == "cliff+installments")
    #expect(t.parts == [.init(date: d("2026-01-02"), numerator: 1, denominator: 4)])
    #expect(t.installments.count == 36)
    #expect(t.installments.first == d("2026-02-02"))
    #expect(t.installments.last == d("2029-01-02"))
  }

  @Test(.needsCorpus) func aFractionOnADateThenAFractionEachMonth() throws {
    // "1/4th ... on December 4, 2009 and 1/48th ... each month thereafter"
    let t = try terms("john-friedman/000118143110034759/rrd279907.xml", "F3")
    #expect(t.parts == [.init(date: d("2009-12-04"), numerator: 1, denominator: 4)])
    #expect(t.installments.count == 36)
    #expect(t.installments.first == d("2010-01-04"))
    #expect(t.installments.last == d("2012-12-04"))
  }

  @Test(.needsCorpus) func theRemainingPercentInAnnualOrMonthlyInstallmentsOverYears() throws {
    // "exercisable as to 25% of the shares on May 3, 2008. Thereafter, the remaining 75% ... in
    // equal annual installments over three years."
    let annual = try terms("joeychilson/form3.xml", "F1")
    #expect(annual.parts == [.init(date: d("2008-05-03"), numerator: 1, denominator: 4)])
    #expect(annual.installments == [d("2009-05-03"), d("2010-05-03"), d("2011-05-03")])
    let monthly = try terms("joeychilson/form3.xml", "F2")
    #expect(monthly.installments.count == 36)
    #expect(monthly.installments.first == d("2008-07-08"))
  }

  @Test(.needsCorpus) func aCliffOnTheFirstAnniversaryOfTheCommencementDateThenMonthEnds() throws {
    // "Vesting commencement date is March 31, 2025. 25% ... on the first annual anniversary ...
    // and the balance ... on the last day of every month thereafter over the following 36 months"
    let t = try terms("dgunning/data/ownership/374WaterForm4.xml", "F1")
    #expect(t.parts == [.init(date: d("2026-03-31"), numerator: 1, denominator: 4)])
    #expect(t.installments.count == 36)
    #expect(Array(t.installments.prefix(3)) == [d("2026-04-30"), d("2026-05-31"), d("2026-06-30")])
    #expect(t.installments.last == d("2029-03-31"))
  }

  // MARK: - Equal installments from a start

  @Test(.needsCorpus) func equalInstallmentsBeginningOnADate() throws {
    // "ratably over a four-year period in annual installments with the first installment vesting
    // on January 2, 2026"
    let ratably = try terms("dgunning/20250108/0001562180-25-000280.nc.primary.xml", "F1")
    #expect(ratably.installments == [d("2026-01-02"), d("2027-01-02"), d("2028-01-02"), d("2029-01-02")])
    #expect(ratably.parts.isEmpty)
    // "in equal annual installments over four (4) years from March 17, 2025"
    let from = try terms("envelopes/multi_standard_acquisition.txt", "F1")
    #expect(from.installments == [d("2026-03-17"), d("2027-03-17"), d("2028-03-17"), d("2029-03-17")])
    // "granted on March 10, 2025, which vest in equal annual installments over a three year
    // period on each of the succeeding three anniversaries of the grant date"
    let anniversaries = try terms("envelopes/jetblue_RSU_acquisition.txt", "F2")
    #expect(anniversaries.installments == [d("2026-03-10"), d("2027-03-10"), d("2028-03-10")])
  }

  @Test func theIssuesOwnWordings() {
    #expect(
      VestingReader.read("The RSUs vest in three equal annual installments beginning on October 22, 2028.")
        == .terms(VestingTerms(rule: "installments", installments: [d("2028-10-22"), d("2029-10-22"), d("2030-10-22")])))
    guard case .terms(let q) = VestingReader.read("The units vest in sixteen equal quarterly installments commencing May 15, 2022.") else {
      Issue.record("sixteen quarterly installments not read")
      return
    }
    #expect(q.installments.count == 16)
    #expect(q.installments.last == d("2026-02-15"))
    guard case .terms(let p) = VestingReader.read("5% vesting on November 30, 2025, and then 5% vesting each three months thereafter.") else {
      Issue.record("5% every three months not read")
      return
    }
    #expect(p.rule == "percent per period")
    #expect(p.installments.count == 20)
    #expect(Array(p.installments.prefix(3)) == [d("2025-11-30"), d("2026-02-28"), d("2026-05-30")])
  }

  // MARK: - A fraction every period

  @Test(.needsCorpus) func aFractionOnADateThenTheSameFractionEachPeriod() throws {
    // "1/60th ... on July 24, 2019 and 1/60th ... on each monthly anniversary thereafter"
    let sixtieths = try terms("alexkouzel/ownership-doc.txt.primary.xml", "F2")
    #expect(sixtieths.rule == "percent per period")
    #expect(sixtieths.installments.count == 60)
    #expect(sixtieths.installments.first == d("2019-07-24"))
    #expect(sixtieths.installments[1] == d("2019-08-24"))
    // "1/72 of GSUs vested on May 25, 2013 and an additional 1/72 vests monthly thereafter"
    let gsu = try terms("joeychilson/doc4.f37bfec.xml", "F9")
    #expect(gsu.installments.count == 72)
    #expect(gsu.installments.first == d("2013-05-25"))
    // "1/16th of Class C GSUs vested on March 25, 2016, and an additional 1/16th will vest quarterly"
    let quarterly = try terms("joeychilson/doc4.f37bfec.xml", "F11")
    #expect(quarterly.installments.count == 16)
    #expect(quarterly.installments.last == d("2019-12-25"))
    // "as to 1/16 of the total shares quarterly beginning on March 15, 2022 until fully vested"
    let rsu = try terms("envelopes/RSU_with_disposal.txt", "F4")
    #expect(rsu.installments.count == 16)
    #expect(rsu.installments.first == d("2022-03-15"))
  }

  // MARK: - Listed dates

  @Test(.needsCorpus) func percentagesOnListedDates() throws {
    // "The RSUs will vest 50% on each of the first and second anniversaries of the date of grant."
    let (text, grant) = try footnote("john-friedman/000182912623000711/ownership.xml", "F1")
    let g = try #require(grant)
    guard case .terms(let t) = VestingReader.read(text, grantDate: g) else {
      Issue.record("not read")
      return
    }
    #expect(t.schedule(total: Amount(125_628)) == [
      Installment(date: g.adding(months: 12), shares: Amount(62_814)), Installment(date: g.adding(months: 24), shares: Amount(62_814)),
    ])
    let listed = VestingReader.read("25% of the units vest on March 1, 2020, 25% on March 1, 2021 and 50% on March 1, 2022.")
    #expect(
      listed
        == .terms(
          VestingTerms(
            rule: "listed dates",
            parts: [
              .init(date: d("2020-03-01"), numerator: 1, denominator: 4), .init(date: d("2021-03-01"), numerator: 1, denominator: 4),
              .init(date: d("2022-03-01"), numerator: 1, denominator: 2),
            ])))
  }

  @Test(.needsCorpus) func equalInstallmentsOnListedDates() throws {
    // "scheduled to vest in three equal installments on January 12, 2013, April 12, 2013, and
    // July 12, 2013 (or, if earlier, the day before the next annual meeting ...)"
    let t = try terms("john-friedman/000117911012017549/edgar.xml", "F1")
    #expect(t.rule == "listed dates")
    #expect(t.installments == [d("2013-01-12"), d("2013-04-12"), d("2013-07-12")])
  }

  // MARK: - In full on a date

  @Test(.needsCorpus) func inFullOnADate() throws {
    #expect(try terms("john-friedman/000095010322008730/dp173367_4-thiel.xml", "F3") == .inFull(on: d("2022-05-15"), rule: "full on date"))
    #expect(try terms("john-friedman/000121390023069436/ownership.xml", "F1") == .inFull(on: d("2024-06-14"), rule: "full on date"))
  }

  @Test(.needsCorpus) func theEarlierOfADateAndAnEventVestsByTheDate() throws {
    // "vests in full on the earlier to occur of: (i) June 8, 2023, and (ii) the date of the 2023
    // annual meeting"
    #expect(
      try terms("john-friedman/000186144922000111/wf-form4_165489976087374.xml", "F1")
        == .inFull(on: d("2023-06-08"), rule: "earlier of date or event"))
    // "vest as to 100% of the total shares on May 15, 2021; provided, however, in the event that
    // ... the Annual Meeting ... is held prior to May 15, 2021 ..."
    #expect(
      try terms("john-friedman/000095010320011920/dp130465_4-thiel.xml", "F2")
        == .inFull(on: d("2021-05-15"), rule: "earlier of date or event"))
  }

  // MARK: - Immediate

  @Test(.needsCorpus) func fullyVestedOrImmediatelyExercisable() throws {
    #expect(try reading("joeychilson/doc4.f37bfec.xml", "F12") == .immediate)  // "Option is fully vested."
    #expect(try reading("john-friedman/000089924321026830/doc4.xml", "F13") == .immediate)  // warrant fully vested
    #expect(try reading("john-friedman/000117911013006240/edgar.xml", "F2") == .immediate)  // "vest 100% on the date of grant"
    #expect(try reading("DarkMindFX/GOOG/000112760215028697/form4.xml", "F19") == .immediate)  // "exercisable as of the transaction date"
    #expect(try reading("john-friedman/000089924323008179/doc4.xml", "F2") == .immediate)  // "vested and exercisable on the grant date"
    // Options exercisable at once that vest over time (early exercise): exercisable now.
    #expect(try reading("dgunning/data/form4.snow.xml", "F16") == .immediate)
    // Fully vested units delivered in installments after the director leaves.
    #expect(try reading("joeychilson/form4.xml", "F4") == .immediate)
  }

  // MARK: - Unknown

  @Test(.needsCorpus) func performanceAndMilestoneConditionsStayUnknown() throws {
    // "become vested and exercisable upon the Issuer's achievement of certain performance objectives"
    #expect(try reading("john-friedman/000118143110034759/rrd279907.xml", "F4") == .unknown)
    // Tesla's 2012 grant: "ten equal installments based on ... milestones"
    #expect(try reading("john-friedman/000149473012000003/edgardoc.xml", "F1") == .unknown)
    // Time-based installments after a performance condition: still unknown.
    #expect(try reading("envelopes/multi_standard_acquisition.txt", "F7") == .unknown)
    // Quarterly over a year, from no stated date: not guessed.
    #expect(try reading("joeychilson/form4a.xml", "F1") == .unknown)
    #expect(VestingReader.read("The shares are held by a family trust.") == .silent)
    // The words are found in any letter case; a text without them is silent, however long.
    #expect(VestingReader.read("THE OPTION IS FULLY EXERCISABLE.") == .immediate)
    #expect(VestingReader.read("Options VEST upon a Change in Control.") == .unknown)
    #expect(VestingReader.read("Investments held by the Fund. " + String(repeating: "No schedule applies. ", count: 200)) != .silent)
    #expect(VestingReader.read(String(repeating: "Held by the reporting person's spouse. ", count: 200)) == .silent)
  }

  @Test func textsAlikeAtBothEndsAreReadApart() throws {
    // The same length, the same first and last hundred bytes (a curly quote among them), and
    // a different start date in the middle: each text is read for itself.
    let start = String(repeating: "The Reporting Person\u{2019}s option. ", count: 4)
    let end = String(repeating: " Subject to continued service.", count: 4)
    func text(_ date: String) -> String { start + "It vests in four equal annual installments beginning on \(date)." + end }
    let (a, b) = (text("March 1, 2021"), text("March 2, 2021"))
    #expect(a.utf8.count == b.utf8.count)
    guard case .terms(let first) = VestingReader.read(a), case .terms(let second) = VestingReader.read(b) else {
      Issue.record("the installments are not read")
      return
    }
    #expect(first.schedule(total: Amount(400)).map(\.date.description) == ["2021-03-01", "2022-03-01", "2023-03-01", "2024-03-01"])
    #expect(second.schedule(total: Amount(400)).map(\.date.description) == ["2021-03-02", "2022-03-02", "2023-03-02", "2024-03-02"])
    #expect(VestingReader.read(a) == .terms(first))
  }

  // MARK: - Arithmetic

  @Test func theSeedVestsInThirtySevenInstallmentsSummingToTheGrant() throws {
    let seed = "The option will vest as to 25% of the shares on 04/06/2005. The remaining shares will then vest in equal monthly installments over the following thirty-six months."
    guard case .terms(let t) = VestingReader.read(seed) else {
      Issue.record("the seed's footnote is not read")
      return
    }
    let schedule = t.schedule(total: Amount(2_450_000))
    #expect(schedule.count == 37)
    #expect(schedule.reduce(Amount.zero) { $0 + $1.shares } == Amount(2_450_000))
    #expect(schedule[0] == Installment(date: d("2005-04-06"), shares: Amount(612_500)))
    #expect(schedule[1] == Installment(date: d("2005-05-06"), shares: Amount(51_041)))
    #expect(schedule.vested(asOf: d("2005-06-01")) == Amount(663_541))
    #expect(schedule.vested(asOf: d("2005-07-31")) == Amount(765_625))
    #expect(schedule.vested(asOf: d("2004-06-01")) == Amount.zero)
  }

  @Test func installmentsAreCumulativeAndRoundedDown() {
    let t = VestingTerms(rule: "installments", installments: [d("2020-01-01"), d("2021-01-01"), d("2022-01-01")])
    // floor(100 × 1/3) = 33, floor(100 × 2/3) = 66, then the last takes the rest.
    #expect(t.schedule(total: Amount(100)).map(\.shares) == [Amount(33), Amount(33), Amount(34)])
    // A cliff is rounded down too, and the rest split the same way.
    let cliff = VestingTerms(rule: "cliff+installments", parts: [.init(date: d("2020-01-01"), numerator: 1, denominator: 3)], installments: [d("2021-01-01"), d("2022-01-01")])
    #expect(cliff.schedule(total: Amount(10)).map(\.shares) == [Amount(3), Amount(3), Amount(4)])
  }

  @Test func monthlyDatesKeepTheDayAndClampToTheMonthEnd() {
    let dates = VestingTerms.dates(from: d("2023-12-31"), every: 1, count: 4)
    #expect(dates == [d("2023-12-31"), d("2024-01-31"), d("2024-02-29"), d("2024-03-31")])
    #expect(d("2005-01-31").adding(months: 1) == d("2005-02-28"))
    #expect(d("2024-02-29").adding(months: 12) == d("2025-02-28"))
  }
}

extension ReportedRow {
  /// Every footnote id the row cites (the tests' own walk, independent of the reports').
  var allFootnoteIdsForTests: [String] {
    let fields: [[String]?] = [
      securityTitle.footnoteIds, conversionOrExercisePrice?.footnoteIds, transactionDate?.footnoteIds,
      transactionAmounts?.transactionShares?.footnoteIds, transactionAmounts?.transactionPricePerShare?.footnoteIds,
      exerciseDate?.footnoteIds, expirationDate?.footnoteIds, underlyingSecurity?.underlyingSecurityTitle?.footnoteIds,
      underlyingSecurity?.underlyingSecurityShares?.footnoteIds, postTransactionAmounts?.sharesOwnedFollowingTransaction?.footnoteIds,
      ownershipNature.natureOfOwnership?.footnoteIds,
    ]
    return fields.flatMap { $0 ?? [] }
  }
}

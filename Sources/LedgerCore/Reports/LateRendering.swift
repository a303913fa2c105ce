import Foundation

extension LateFiling {
  /// "late", "possibly late" when the filing date is estimated, or "on time".
  public var status: String { late ? (possiblyLate ? "possibly late" : "late") : "on time" }

  var json: JSONValue {
    .sortedObject([
      "accession": .string(filing.rawValue),
      "accessionEstimated": .bool(accessionEstimated),
      "daysLate": .number(String(daysLate)),
      "dueDate": .date(dueDate),
      "earliestLateCode": .string(earliestCode?.rawValue),
      "earliestLateDate": .date(earliestDate),
      "earliestLateRow": .string(earliestRow),
      "filedAt": .date(filedAt),
      "filedAtEstimated": .bool(filedAtEstimated),
      "filerSaysLate": .bool(filerSaysLate),
      "fiscalYearAssumed": .bool(fiscalYearAssumed),
      "fiscalYearEnd": .date(fiscalYearEnd),
      "form": .string(form.rawValue),
      "issuer": issuer.json,
      "judgedAt": .date(judgedAt),
      "lateRows": .number(String(lateRows)),
      "missingForm4": .number(String(missingForm4)),
      "owners": .array(owners.map(\.json)),
      "rule": .string(rule),
      "status": .string(status),
    ])
  }
}

extension LateSummary {
  var json: JSONValue {
    .object([
      "owner": owner.json,
      "issuer": issuer.json,
      "fiscalYearEnd": .date(fiscalYearEnd),
      "fiscalYearAssumed": .bool(fiscalYearAssumed),
      "lateReports": .number(String(lateReports)),
      "lateTransactions": .number(String(lateTransactions)),
      "missingFilings": .number(String(missingFilings)),
    ])
  }
}

extension LateReport {
  public func json() -> JSONValue {
    .object([
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "from": .date(request.from),
      "to": .date(request.to),
      "knownAt": .date(request.knownAt),
      "filingsChecked": .number(String(filingsChecked)),
      "late": .array(filings.map(\.json)),
      "summary": .array(summary.map(\.json)),
    ])
  }

  public static let csvHeader = [
    "accession", "accession_estimated", "form", "filed_at", "filed_at_estimated", "judged_at", "issuer_cik", "issuer_name", "owners",
    "earliest_late_row", "earliest_late_date", "earliest_late_code", "late_rows", "missing_form4", "due_date", "days_late", "filer_says_late",
    "status", "rule",
  ]

  public func csv() -> CSVTable {
    CSVTable(
      header: LateReport.csvHeader,
      rows: filings.map { f in
        [
          f.filing.rawValue, String(f.accessionEstimated), f.form.rawValue, f.filedAt.description, String(f.filedAtEstimated),
          f.judgedAt.description, f.issuer.cik?.rawValue ?? "", f.issuer.name, f.owners.map(\.name).joined(separator: "; "),
          f.earliestRow ?? "", f.earliestDate?.description ?? "", f.earliestCode?.rawValue ?? "", String(f.lateRows), String(f.missingForm4),
          f.dueDate.description, String(f.daysLate), String(f.filerSaysLate), f.status, f.rule,
        ]
      })
  }

  public static let summaryCSVHeader = [
    "owner_cik", "owner_name", "issuer_cik", "issuer_name", "fiscal_year_end", "fiscal_year_assumed", "late_reports", "late_transactions",
    "missing_filings",
  ]

  public func summaryCSV() -> CSVTable {
    CSVTable(
      header: LateReport.summaryCSVHeader,
      rows: summary.map { s in
        [
          s.owner.cik?.rawValue ?? "", s.owner.name, s.issuer.cik?.rawValue ?? "", s.issuer.name, s.fiscalYearEnd.description,
          String(s.fiscalYearAssumed), String(s.lateReports), String(s.lateTransactions), String(s.missingFilings),
        ]
      })
  }

  var scope: String {
    person?.name ?? issuer.map { $0.name + ($0.ticker.map { " (\($0))" } ?? "") } ?? "everyone"
  }

  public func table() -> String {
    let late = filings.filter(\.late).count
    var out = Terminal.printable("\(scope): \(late) late filing\(late == 1 ? "" : "s") of \(filingsChecked) checked") + "\n"
    guard !filings.isEmpty else { return out }
    out += "\n"
      + TextTable(
        columns: [
          .init("FILING"), .init("FORM"), .init("FILED"), .init("DUE"), .init("DAYS LATE", right: true), .init("STATUS"), .init("LATE ROWS", right: true),
          .init("EARLIEST LATE ROW"), .init("FILER"), .init("OWNERS"), .init("RULE"),
        ],
        rows: filings.map { f in
          [
            f.filing.rawValue, f.form.rawValue, f.filedAt.description + (f.filedAtEstimated ? " (estimated)" : "")
              + (f.judgedAt != f.filedAt ? ", judged at \(f.judgedAt)" : ""),
            f.dueDate.description, String(f.daysLate), f.status, String(f.lateRows),
            f.earliestRow.map { "\($0) \(f.earliestDate?.description ?? "")\(f.earliestCode.map { " \($0.rawValue)" } ?? "")" } ?? "(the form)",
            f.filerSaysLate ? "filer says late" : "", f.owners.map(\.name).joined(separator: "; "), f.rule,
          ]
        }
      ).rendered()
    return out
  }

  /// The Item 405 view: per person, issuer and fiscal year.
  public func summaryTable() -> String {
    var out = Terminal.printable("\(scope): late Section 16(a) reports by fiscal year (Item 405)") + "\n"
    guard !summary.isEmpty else { return out + "\nNone.\n" }
    out += "\n"
      + TextTable(
        columns: [
          .init("OWNER"), .init("ISSUER"), .init("FISCAL YEAR END"), .init("LATE REPORTS", right: true), .init("LATE TRANSACTIONS", right: true),
          .init("MISSING FILINGS", right: true),
        ],
        rows: summary.map { s in
          [
            s.owner.name, s.issuer.name, s.fiscalYearEnd.description + (s.fiscalYearAssumed ? " (assumed)" : ""), String(s.lateReports),
            String(s.lateTransactions), String(s.missingFilings),
          ]
        }
      ).rendered()
    return out
  }
}

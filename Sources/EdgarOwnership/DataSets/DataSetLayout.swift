import Foundation

/// The SEC's Insider Transactions Data Sets: quarterly tab-separated tables joined on
/// ACCESSION_NUMBER. These are the columns the ledger writes; it reads by header name, so
/// columns may come in any order, and columns of later quarters may be missing.
public enum DataSetTable: String, CaseIterable, Sendable {
  case submission = "SUBMISSION"
  case reportingOwner = "REPORTINGOWNER"
  case nonDerivTrans = "NONDERIV_TRANS"
  case nonDerivHolding = "NONDERIV_HOLDING"
  case derivTrans = "DERIV_TRANS"
  case derivHolding = "DERIV_HOLDING"
  case footnotes = "FOOTNOTES"
  case ownerSignature = "OWNER_SIGNATURE"

  public var fileName: String { rawValue + ".tsv" }

  /// The name of the surrogate key column that orders a table's rows within a filing.
  package var sortKey: String? { sortColumn?.name }

  /// The exercise date's column as the SEC names it: `EXCERCISE_DATE` in DERIV_TRANS (the
  /// reader takes either spelling).
  package var exerciseDateColumn: String { self == .derivTrans ? "EXCERCISE_DATE" : DataSetColumn.exerciseDate.name }

  /// The header the ledger writes: the reader's columns (`DataSetColumn`) in the SEC's order,
  /// each with its `_FN` footnote column where the SEC has one.
  public var columns: [String] {
    typealias C = DataSetColumn
    /// A column and its footnote column.
    func noted(_ columns: C...) -> [String] { columns.flatMap { [$0.name, $0.name + "_FN"] } }
    let nature = noted(.directIndirect, .natureOfOwnership)
    let post = noted(.sharesOwnedFollowing, .valueOwnedFollowing)
    let underlying = noted(.underlyingTitle, .underlyingShares, .underlyingValue)
    let trade =
      noted(.transactionDate, .deemedExecutionDate) + [C.transactionFormType.name, C.transactionCode.name, C.equitySwapInvolved.name]
      + [C.equitySwapFootnotes.name] + noted(.timeliness, .shares, .totalValue, .pricePerShare, .acquiredDisposed)
    /// What the four row tables begin with: the accession, the row's key, the security.
    func security(_ key: C) -> [String] { [C.accessionNumber.name, key.name] + noted(.securityTitle) }
    switch self {
    case .submission:
      return [
        C.accessionNumber, .filingDate, .periodOfReport, .dateOfOriginalSubmission, .noSecuritiesOwned, .notSubjectToSection16,
        .form3HoldingsReported, .form4TransactionsReported, .documentType, .issuerCik, .issuerName, .issuerTradingSymbol, .remarks,
        .aff10b5One,
      ].map(\.name)
    case .reportingOwner:
      return [
        C.accessionNumber, .ownerCik, .ownerName, .ownerRelationship, .ownerTitle, .ownerText, .ownerStreet1, .ownerStreet2, .ownerCity,
        .ownerState, .ownerZipCode, .ownerStateDescription,
      ].map(\.name) + ["FILE_NUMBER"]
    case .nonDerivTrans:
      return security(.nonDerivTransSK) + trade + post + nature
    case .nonDerivHolding:
      return security(.nonDerivHoldingSK) + noted(.transactionFormType) + post + nature
    case .derivTrans:
      return security(.derivTransSK) + noted(.conversionOrExercisePrice) + trade + [exerciseDateColumn, exerciseDateColumn + "_FN"]
        + noted(.expirationDate) + underlying + post + nature
    case .derivHolding:
      return security(.derivHoldingSK) + noted(.conversionOrExercisePrice, .transactionFormType, .exerciseDate, .expirationDate) + underlying + post + nature
    case .footnotes:
      return [C.accessionNumber, .footnoteID, .footnoteText].map(\.name)
    case .ownerSignature:
      return [C.accessionNumber, .signatureName, .signatureDate].map(\.name)
    }
  }
}

/// Dates in the data sets: `DD-MON-YYYY` (`02-JAN-2024`), or `YYYY-MM-DD`.
package enum DataSetDate {
  static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

  static func parse(_ text: Substring) -> LedgerDate? {
    if let d = text.utf8.withContiguousStorageIfAvailable(monthNamed), let d { return d }
    if let d = LedgerDate(text) { return d }
    let parts = text.split(separator: "-")
    guard parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1].uppercased()),
      let year = Int(parts[2]), parts[2].count == 4
    else { return nil }
    return LedgerDate(year: year, month: month + 1, day: day)
  }

  /// The common case read over its bytes: exactly `DD-MON-YYYY`, the month in ASCII letters of
  /// either case. Anything else is left to `parse`'s general reading (nil here).
  static func monthNamed(_ b: UnsafeBufferPointer<UInt8>) -> LedgerDate? {
    guard b.count == 11, b[2] == 0x2D, b[6] == 0x2D else { return nil }
    func digit(_ i: Int) -> Int? { b[i] >= 0x30 && b[i] <= 0x39 ? Int(b[i] - 0x30) : nil }
    guard let d1 = digit(0), let d2 = digit(1), let y1 = digit(7), let y2 = digit(8), let y3 = digit(9), let y4 = digit(10) else { return nil }
    var name: UInt32 = 0
    for i in 3..<6 {
      let c = b[i] & 0xDF  // upper case, for ASCII letters
      guard c >= 0x41, c <= 0x5A else { return nil }
      name = name << 8 | UInt32(c)
    }
    guard let month = monthCodes.firstIndex(of: name) else { return nil }
    return LedgerDate(year: ((y1 * 10 + y2) * 10 + y3) * 10 + y4, month: month + 1, day: d1 * 10 + d2)
  }

  /// The month names' three letters, packed as in `monthNamed`.
  static let monthCodes: [UInt32] = months.map { $0.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

  package static func format(_ d: LedgerDate) -> String {
    (d.day < 10 ? "0" : "") + "\(d.day)-\(months[d.month - 1])-\(d.year)"
  }
}

extension DataSetTable {
  /// The table's position in `allCases`, for per-table arrays (a `String` raw value makes the
  /// enum hash its name in a dictionary).
  package var ordinal: Int {
    switch self {
    case .submission: 0
    case .reportingOwner: 1
    case .nonDerivTrans: 2
    case .nonDerivHolding: 3
    case .derivTrans: 4
    case .derivHolding: 5
    case .footnotes: 6
    case .ownerSignature: 7
    }
  }

  /// The surrogate key column that orders a table's rows within a filing.
  var sortColumn: DataSetColumn? {
    switch self {
    case .nonDerivTrans: .nonDerivTransSK
    case .nonDerivHolding: .nonDerivHoldingSK
    case .derivTrans: .derivTransSK
    case .derivHolding: .derivHoldingSK
    default: nil
    }
  }
}

/// A column the reader reads. Each table file finds the position of every one of them (and of
/// its `_FN` footnote column) in its header once, so that a cell is read by position rather than
/// looked up by name.
package enum DataSetColumn: Int, CaseIterable {
  case accessionNumber, filingDate, periodOfReport, dateOfOriginalSubmission, noSecuritiesOwned, notSubjectToSection16
  case form3HoldingsReported, form4TransactionsReported, documentType, issuerCik, issuerName, issuerTradingSymbol, remarks, aff10b5One
  case ownerCik, ownerName, ownerRelationship, ownerTitle, ownerText, ownerStreet1, ownerStreet2, ownerCity, ownerState, ownerZipCode
  case ownerStateDescription
  case nonDerivTransSK, nonDerivHoldingSK, derivTransSK, derivHoldingSK
  case securityTitle, directIndirect, natureOfOwnership, conversionOrExercisePrice, exerciseDate, expirationDate
  case underlyingTitle, underlyingShares, underlyingValue
  case transactionDate, deemedExecutionDate, transactionFormType, transactionCode, equitySwapInvolved, equitySwapFootnotes
  case timeliness, shares, totalValue, pricePerShare, acquiredDisposed, sharesOwnedFollowing, valueOwnedFollowing
  case footnoteID, footnoteText, signatureName, signatureDate

  /// The header name (`EXCERCISE_DATE`, the SEC's spelling in some tables, is read as
  /// `EXERCISE_DATE`).
  package var name: String {
    switch self {
    case .accessionNumber: "ACCESSION_NUMBER"
    case .filingDate: "FILING_DATE"
    case .periodOfReport: "PERIOD_OF_REPORT"
    case .dateOfOriginalSubmission: "DATE_OF_ORIG_SUB"
    case .noSecuritiesOwned: "NO_SECURITIES_OWNED"
    case .notSubjectToSection16: "NOT_SUBJECT_SEC16"
    case .form3HoldingsReported: "FORM3_HOLDINGS_REPORTED"
    case .form4TransactionsReported: "FORM4_TRANS_REPORTED"
    case .documentType: "DOCUMENT_TYPE"
    case .issuerCik: "ISSUERCIK"
    case .issuerName: "ISSUERNAME"
    case .issuerTradingSymbol: "ISSUERTRADINGSYMBOL"
    case .remarks: "REMARKS"
    case .aff10b5One: "AFF10B5ONE"
    case .ownerCik: "RPTOWNERCIK"
    case .ownerName: "RPTOWNERNAME"
    case .ownerRelationship: "RPTOWNER_RELATIONSHIP"
    case .ownerTitle: "RPTOWNER_TITLE"
    case .ownerText: "RPTOWNER_TXT"
    case .ownerStreet1: "RPTOWNER_STREET1"
    case .ownerStreet2: "RPTOWNER_STREET2"
    case .ownerCity: "RPTOWNER_CITY"
    case .ownerState: "RPTOWNER_STATE"
    case .ownerZipCode: "RPTOWNER_ZIPCODE"
    case .ownerStateDescription: "RPTOWNER_STATE_DESC"
    case .nonDerivTransSK: "NONDERIV_TRANS_SK"
    case .nonDerivHoldingSK: "NONDERIV_HOLDING_SK"
    case .derivTransSK: "DERIV_TRANS_SK"
    case .derivHoldingSK: "DERIV_HOLDING_SK"
    case .securityTitle: "SECURITY_TITLE"
    case .directIndirect: "DIRECT_INDIRECT_OWNERSHIP"
    case .natureOfOwnership: "NATURE_OF_OWNERSHIP"
    case .conversionOrExercisePrice: "CONV_EXERCISE_PRICE"
    case .exerciseDate: "EXERCISE_DATE"
    case .expirationDate: "EXPIRATION_DATE"
    case .underlyingTitle: "UNDLYNG_SEC_TITLE"
    case .underlyingShares: "UNDLYNG_SEC_SHARES"
    case .underlyingValue: "UNDLYNG_SEC_VALUE"
    case .transactionDate: "TRANS_DATE"
    case .deemedExecutionDate: "DEEMED_EXECUTION_DATE"
    case .transactionFormType: "TRANS_FORM_TYPE"
    case .transactionCode: "TRANS_CODE"
    case .equitySwapInvolved: "EQUITY_SWAP_INVOLVED"
    case .equitySwapFootnotes: "EQUITY_SWAP_TRANS_CD_FN"
    case .timeliness: "TRANS_TIMELINESS"
    case .shares: "TRANS_SHARES"
    case .totalValue: "TRANS_TOTAL_VALUE"
    case .pricePerShare: "TRANS_PRICEPERSHARE"
    case .acquiredDisposed: "TRANS_ACQUIRED_DISP_CD"
    case .sharesOwnedFollowing: "SHRS_OWND_FOLWNG_TRANS"
    case .valueOwnedFollowing: "VALU_OWND_FOLWNG_TRANS"
    case .footnoteID: "FOOTNOTE_ID"
    case .footnoteText: "FOOTNOTE_TXT"
    case .signatureName: "OWNERSIGNATURENAME"
    case .signatureDate: "OWNERSIGNATUREDATE"
    }
  }
}

/// Where each `DataSetColumn` and its footnote column sit in one table's header (-1: absent).
package final class ColumnPositions: Sendable {
  let value: [Int]
  let footnotes: [Int]

  /// `header`: every header name (upper-cased, trimmed, `EXCERCISE` read as `EXERCISE`) and its
  /// position.
  package init(header: [String: Int]) {
    value = DataSetColumn.allCases.map { header[$0.name] ?? -1 }
    footnotes = DataSetColumn.allCases.map { header[$0.name + "_FN"] ?? -1 }
  }
}

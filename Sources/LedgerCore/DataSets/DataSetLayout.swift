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

  /// The surrogate key column that orders a table's rows within a filing.
  var sortKey: String? {
    switch self {
    case .nonDerivTrans: "NONDERIV_TRANS_SK"
    case .nonDerivHolding: "NONDERIV_HOLDING_SK"
    case .derivTrans: "DERIV_TRANS_SK"
    case .derivHolding: "DERIV_HOLDING_SK"
    default: nil
    }
  }

  public var columns: [String] {
    let nature = ["DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN"]
    let post = ["SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN"]
    let underlying = [
      "UNDLYNG_SEC_TITLE", "UNDLYNG_SEC_TITLE_FN", "UNDLYNG_SEC_SHARES", "UNDLYNG_SEC_SHARES_FN", "UNDLYNG_SEC_VALUE",
      "UNDLYNG_SEC_VALUE_FN",
    ]
    let trade = [
      "TRANS_DATE", "TRANS_DATE_FN", "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN", "TRANS_FORM_TYPE", "TRANS_CODE",
      "EQUITY_SWAP_INVOLVED", "EQUITY_SWAP_TRANS_CD_FN", "TRANS_TIMELINESS", "TRANS_TIMELINESS_FN", "TRANS_SHARES",
      "TRANS_SHARES_FN", "TRANS_TOTAL_VALUE", "TRANS_TOTAL_VALUE_FN", "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN",
      "TRANS_ACQUIRED_DISP_CD", "TRANS_ACQUIRED_DISP_CD_FN",
    ]
    switch self {
    case .submission:
      return [
        "ACCESSION_NUMBER", "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB", "NO_SECURITIES_OWNED", "NOT_SUBJECT_SEC16",
        "FORM3_HOLDINGS_REPORTED", "FORM4_TRANS_REPORTED", "DOCUMENT_TYPE", "ISSUERCIK", "ISSUERNAME", "ISSUERTRADINGSYMBOL",
        "REMARKS", "AFF10B5ONE",
      ]
    case .reportingOwner:
      return [
        "ACCESSION_NUMBER", "RPTOWNERCIK", "RPTOWNERNAME", "RPTOWNER_RELATIONSHIP", "RPTOWNER_TITLE", "RPTOWNER_TXT",
        "RPTOWNER_STREET1", "RPTOWNER_STREET2", "RPTOWNER_CITY", "RPTOWNER_STATE", "RPTOWNER_ZIPCODE", "RPTOWNER_STATE_DESC",
        "FILE_NUMBER",
      ]
    case .nonDerivTrans:
      return ["ACCESSION_NUMBER", "NONDERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN"] + trade + post + nature
    case .nonDerivHolding:
      return ["ACCESSION_NUMBER", "NONDERIV_HOLDING_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "TRANS_FORM_TYPE", "TRANS_FORM_TYPE_FN"] + post + nature
    case .derivTrans:
      return ["ACCESSION_NUMBER", "DERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "CONV_EXERCISE_PRICE", "CONV_EXERCISE_PRICE_FN"]
        + trade + ["EXCERCISE_DATE", "EXCERCISE_DATE_FN", "EXPIRATION_DATE", "EXPIRATION_DATE_FN"] + underlying + post + nature
    case .derivHolding:
      return [
        "ACCESSION_NUMBER", "DERIV_HOLDING_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "CONV_EXERCISE_PRICE", "CONV_EXERCISE_PRICE_FN",
        "TRANS_FORM_TYPE", "TRANS_FORM_TYPE_FN", "EXERCISE_DATE", "EXERCISE_DATE_FN", "EXPIRATION_DATE", "EXPIRATION_DATE_FN",
      ] + underlying + post + nature
    case .footnotes:
      return ["ACCESSION_NUMBER", "FOOTNOTE_ID", "FOOTNOTE_TXT"]
    case .ownerSignature:
      return ["ACCESSION_NUMBER", "OWNERSIGNATURENAME", "OWNERSIGNATUREDATE"]
    }
  }
}

/// Dates in the data sets: `DD-MON-YYYY` (`02-JAN-2024`), or `YYYY-MM-DD`.
enum DataSetDate {
  static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

  static func parse(_ text: Substring) -> LedgerDate? {
    if let d = LedgerDate(text) { return d }
    let parts = text.split(separator: "-")
    guard parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1].uppercased()),
      let year = Int(parts[2]), parts[2].count == 4
    else { return nil }
    return LedgerDate(year: year, month: month + 1, day: day)
  }

  static func format(_ d: LedgerDate) -> String {
    (d.day < 10 ? "0" : "") + "\(d.day)-\(months[d.month - 1])-\(d.year)"
  }
}

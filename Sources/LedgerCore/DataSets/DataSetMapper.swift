import Foundation

/// Turns the rows of one accession into the document its XML would give.
enum DataSetMapper {
  static func document(_ g: FilingRows, file: String) throws(LedgerError) -> OwnershipDocument {
    guard let s = g.rows[.submission]?.first else {
      throw .invalidFile(file: file, message: "accession \(g.accession) has no SUBMISSION row")
    }
    var cells = Cells(row: s, file: file)
    let form: FormType = try cells.required("DOCUMENT_TYPE") { FormType(lenient: $0) } describe: {
      "\(quoted($0)) is not a form type (3, 4, 5, 3/A, 4/A, 5/A)"
    }
    let period = try cells.required("PERIOD_OF_REPORT", parse: date, describe: notADate)
    var issuer = Issuer()
    issuer.issuerCik = try cells.optional("ISSUERCIK", parse: { CIK($0) }, describe: { "\(quoted($0)) is not a CIK (up to 10 digits)" })
    issuer.issuerName = cells["ISSUERNAME"]
    issuer.issuerTradingSymbol = cells["ISSUERTRADINGSYMBOL"]
    var owners: [ReportingOwner] = []
    for row in g.rows[.reportingOwner] ?? [] {
      var c = Cells(row: row, file: file)
      var id = ReportingOwner.ReportingOwnerID()
      id.rptOwnerCik = try c.optional("RPTOWNERCIK", parse: { CIK($0) }, describe: { "\(quoted($0)) is not a CIK (up to 10 digits)" })
      id.rptOwnerName = c["RPTOWNERNAME"]
      var owner = ReportingOwner(reportingOwnerId: id)
      let tokens = Set((c["RPTOWNER_RELATIONSHIP"] ?? "").uppercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" }).map { $0.filter { $0.isLetter || $0.isNumber } })
      var rel = ReportingOwner.Relationship()
      rel.isDirector = Flag(tokens.contains("DIRECTOR"))
      rel.isOfficer = Flag(tokens.contains("OFFICER"))
      rel.isTenPercentOwner = Flag(tokens.contains("TENPERCENTOWNER") || tokens.contains("10OWNER"))
      rel.isOther = Flag(tokens.contains("OTHER"))
      rel.officerTitle = c["RPTOWNER_TITLE"]
      rel.otherText = c["RPTOWNER_TXT"]
      owner.reportingOwnerRelationship = rel
      var address = ReportingOwner.Address()
      address.rptOwnerStreet1 = c["RPTOWNER_STREET1"]
      address.rptOwnerStreet2 = c["RPTOWNER_STREET2"]
      address.rptOwnerCity = c["RPTOWNER_CITY"]
      address.rptOwnerState = c["RPTOWNER_STATE"]
      address.rptOwnerZipCode = c["RPTOWNER_ZIPCODE"]
      address.rptOwnerStateDescription = c["RPTOWNER_STATE_DESC"]
      if address != ReportingOwner.Address() { owner.reportingOwnerAddress = address }
      owners.append(owner)
      _ = c
    }
    var doc = OwnershipDocument(documentType: form, periodOfReport: period, issuer: issuer, reportingOwners: owners)
    doc.filedAt = try cells.required("FILING_DATE", parse: date, describe: notADate)
    doc.dateOfOriginalSubmission = try cells.optional("DATE_OF_ORIG_SUB", parse: date, describe: notADate)
    doc.noSecuritiesOwned = try cells.flag("NO_SECURITIES_OWNED")
    doc.notSubjectToSection16 = try cells.flag("NOT_SUBJECT_SEC16")
    doc.form3HoldingsReported = try cells.flag("FORM3_HOLDINGS_REPORTED")
    doc.form4TransactionsReported = try cells.flag("FORM4_TRANS_REPORTED")
    doc.aff10b5One = try cells.flag("AFF10B5ONE")
    doc.remarks = cells["REMARKS"]
    var table1 = Table()
    var table2 = Table()
    for (kind, target) in [(DataSetTable.nonDerivTrans, 0), (.nonDerivHolding, 1), (.derivTrans, 2), (.derivHolding, 3)] {
      let rows = (g.rows[kind] ?? []).enumerated().sorted { ($0.element.sortKey, $0.offset) < ($1.element.sortKey, $1.offset) }.map(\.element)
      for row in rows {
        let r = try self.row(Cells(row: row, file: file), transaction: target % 2 == 0, derivative: target >= 2)
        switch target {
        case 0: table1.transactions.append(r)
        case 1: table1.holdings.append(r)
        case 2: table2.transactions.append(r)
        default: table2.holdings.append(r)
        }
      }
    }
    if !table1.isEmpty { doc.nonDerivativeTable = table1 }
    if !table2.isEmpty { doc.derivativeTable = table2 }
    for row in g.rows[.footnotes] ?? [] {
      let c = Cells(row: row, file: file)
      guard let id = c["FOOTNOTE_ID"] else { continue }
      doc.footnotes.append(Footnote(id: id, text: c["FOOTNOTE_TXT"] ?? ""))
    }
    for row in g.rows[.ownerSignature] ?? [] {
      var c = Cells(row: row, file: file)
      doc.ownerSignatures.append(
        OwnerSignature(signatureName: c["OWNERSIGNATURENAME"], signatureDate: try c.optional("OWNERSIGNATUREDATE", parse: date, describe: notADate)))
    }
    return doc
  }

  static func date(_ s: String) -> LedgerDate? { DataSetDate.parse(Substring(s)) }
  static func notADate(_ s: String) -> String { "\(quoted(s)) is not a date (DD-MON-YYYY or YYYY-MM-DD)" }

  static func row(_ cells: Cells, transaction: Bool, derivative: Bool) throws(LedgerError) -> ReportedRow {
    var c = cells
    var r = ReportedRow(
      securityTitle: try c.reported("SECURITY_TITLE") { $0 } ?? Reported(nil),
      ownershipNature: OwnershipNature(
        directOrIndirectOwnership: try c.reported("DIRECT_INDIRECT_OWNERSHIP") { DirectOrIndirect(rawValue: $0.uppercased()) } describe: {
          "\(quoted($0)) is not D or I"
        } ?? Reported(nil),
        natureOfOwnership: try c.reported("NATURE_OF_OWNERSHIP") { $0 }))
    if derivative {
      r.conversionOrExercisePrice = try c.amount("CONV_EXERCISE_PRICE")
      r.exerciseDate = try c.reported("EXERCISE_DATE", parse: date, describe: notADate)
      r.expirationDate = try c.reported("EXPIRATION_DATE", parse: date, describe: notADate)
      var u = UnderlyingSecurity()
      u.underlyingSecurityTitle = try c.reported("UNDLYNG_SEC_TITLE") { $0 }
      u.underlyingSecurityShares = try c.amount("UNDLYNG_SEC_SHARES")
      u.underlyingSecurityValue = try c.amount("UNDLYNG_SEC_VALUE")
      if u != UnderlyingSecurity() { r.underlyingSecurity = u }
    }
    if transaction {
      r.transactionDate = try c.reported("TRANS_DATE", parse: date, describe: notADate)
      r.deemedExecutionDate = try c.reported("DEEMED_EXECUTION_DATE", parse: date, describe: notADate)
      var coding = TransactionCoding()
      coding.transactionFormType = c["TRANS_FORM_TYPE"]
      coding.transactionCode = try c.optional("TRANS_CODE", parse: { TransactionCode(rawValue: $0.uppercased()) }) {
        "\(quoted($0)) is not a transaction code (one of \(TransactionCode.allCases.map(\.rawValue).joined(separator: ", ")))"
      }
      coding.equitySwapInvolved = try c.flag("EQUITY_SWAP_INVOLVED")
      let notes = c.footnotes("EQUITY_SWAP_TRANS_CD_FN")
      coding.footnoteIds = notes.isEmpty ? nil : notes
      if coding != TransactionCoding() { r.transactionCoding = coding }
      r.transactionTimeliness = try c.reported("TRANS_TIMELINESS") { Timeliness(rawValue: $0.uppercased()) } describe: { "\(quoted($0)) is not E or L" }
      var a = TransactionAmounts()
      a.transactionShares = try c.amount("TRANS_SHARES")
      a.transactionTotalValue = try c.amount("TRANS_TOTAL_VALUE")
      a.transactionPricePerShare = try c.amount("TRANS_PRICEPERSHARE")
      a.transactionAcquiredDisposedCode = try c.reported("TRANS_ACQUIRED_DISP_CD") { AcquiredDisposed(rawValue: $0.uppercased()) } describe: {
        "\(quoted($0)) is not A or D"
      }
      if a != TransactionAmounts() { r.transactionAmounts = a }
    } else if c["TRANS_FORM_TYPE"] != nil || !c.footnotes("TRANS_FORM_TYPE_FN").isEmpty {
      let notes = c.footnotes("TRANS_FORM_TYPE_FN")
      r.transactionCoding = TransactionCoding(transactionFormType: c["TRANS_FORM_TYPE"], footnoteIds: notes.isEmpty ? nil : notes)
    }
    let shares = try c.amount("SHRS_OWND_FOLWNG_TRANS")
    let value = try c.amount("VALU_OWND_FOLWNG_TRANS")
    if shares != nil || value != nil || !derivative {
      r.postTransactionAmounts = PostTransactionAmounts(sharesOwnedFollowingTransaction: shares, valueOwnedFollowingTransaction: value)
    }
    return r
  }
}

/// A data set row's cells, with errors that name the table, line and column.
struct Cells {
  let row: TSVRow
  let file: String

  subscript(_ column: String) -> String? { row[column] }

  func fail(_ column: String, _ message: String) -> LedgerError {
    .invalidField(file: file, path: "\(row.table.fileName) line \(row.line) \(column)", message: message)
  }

  func footnotes(_ column: String) -> [String] {
    (row[column] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
  }

  mutating func optional<T>(_ column: String, parse: (String) -> T?, describe: (String) -> String) throws(LedgerError) -> T? {
    guard let text = row[column] else { return nil }
    guard let v = parse(text) else { throw fail(column, describe(text)) }
    return v
  }

  mutating func required<T>(_ column: String, parse: (String) -> T?, describe: (String) -> String) throws(LedgerError) -> T {
    guard let v = try optional(column, parse: parse, describe: describe) else { throw fail(column, "is required") }
    return v
  }

  mutating func flag(_ column: String) throws(LedgerError) -> Flag? {
    try optional(column, parse: { Flag(text: $0) }, describe: { "\(quoted($0)) is not a boolean (0, 1, true, false)" })
  }

  mutating func reported<T>(_ column: String, parse: (String) -> T?, describe: (String) -> String = { "\(quoted($0)) is not valid here" }) throws(LedgerError) -> Reported<T>? {
    let ids = footnotes(column + "_FN")
    let value = try optional(column, parse: parse, describe: describe)
    if value == nil && ids.isEmpty { return nil }
    return Reported(value, footnoteIds: ids)
  }

  mutating func amount(_ column: String) throws(LedgerError) -> Reported<Amount>? {
    var failure = ""
    return try reported(column) { text -> Amount? in
      switch Amount.parse(text) {
      case .success(let a) where !a.isNegative: return a
      case .success: failure = "is negative"
      case .failure(.outOfRange): failure = "is out of range"
      case .failure(.notANumber): failure = "is not a number"
      }
      return nil
    } describe: { "\(quoted($0)) \(failure)" }
  }
}

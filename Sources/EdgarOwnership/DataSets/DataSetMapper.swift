import Foundation

/// Turns the rows of one accession into the document its XML would give.
enum DataSetMapper {
  static func document(_ g: FilingRows, file: String) throws(LedgerError) -> OwnershipDocument {
    guard let s = g[.submission].first else {
      throw .invalidFile(file: file, message: "accession \(g.accession) has no SUBMISSION row")
    }
    var cells = Cells(row: s, file: file)
    let form: FormType = try cells.required(.documentType) { FormType(lenient: $0) } describe: {
      "\(quoted($0)) is not a form type (3, 4, 5, 3/A, 4/A, 5/A)"
    }
    let period = try cells.required(.periodOfReport, parse: date, describe: notADate)
    var issuer = Issuer()
    issuer.issuerCik = try cells.optional(.issuerCik, parse: { CIK($0) }, describe: { "\(quoted($0)) is not a CIK (up to 10 digits)" })
    issuer.issuerName = cells[.issuerName]
    issuer.issuerTradingSymbol = cells[.issuerTradingSymbol]
    var owners: [ReportingOwner] = []
    for row in g[.reportingOwner] {
      var c = Cells(row: row, file: file)
      var id = ReportingOwner.ReportingOwnerID()
      id.rptOwnerCik = try c.optional(.ownerCik, parse: { CIK($0) }, describe: { "\(quoted($0)) is not a CIK (up to 10 digits)" })
      id.rptOwnerName = c[.ownerName]
      var owner = ReportingOwner(reportingOwnerId: id)
      let tokens = Set((c[.ownerRelationship] ?? "").uppercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" }).map { $0.filter { $0.isLetter || $0.isNumber } })
      var rel = ReportingOwner.Relationship()
      rel.isDirector = Flag(tokens.contains("DIRECTOR"))
      rel.isOfficer = Flag(tokens.contains("OFFICER"))
      rel.isTenPercentOwner = Flag(tokens.contains("TENPERCENTOWNER") || tokens.contains("10OWNER"))
      rel.isOther = Flag(tokens.contains("OTHER"))
      rel.officerTitle = c[.ownerTitle]
      rel.otherText = c[.ownerText]
      owner.reportingOwnerRelationship = rel
      var address = ReportingOwner.Address()
      address.rptOwnerStreet1 = c[.ownerStreet1]
      address.rptOwnerStreet2 = c[.ownerStreet2]
      address.rptOwnerCity = c[.ownerCity]
      address.rptOwnerState = c[.ownerState]
      address.rptOwnerZipCode = c[.ownerZipCode]
      address.rptOwnerStateDescription = c[.ownerStateDescription]
      if address != ReportingOwner.Address() { owner.reportingOwnerAddress = address }
      owners.append(owner)
      _ = c
    }
    var doc = OwnershipDocument(documentType: form, periodOfReport: period, issuer: issuer, reportingOwners: owners)
    doc.filedAt = try cells.required(.filingDate, parse: date, describe: notADate)
    doc.dateOfOriginalSubmission = try cells.optional(.dateOfOriginalSubmission, parse: date, describe: notADate)
    doc.noSecuritiesOwned = try cells.flag(.noSecuritiesOwned)
    doc.notSubjectToSection16 = try cells.flag(.notSubjectToSection16)
    doc.form3HoldingsReported = try cells.flag(.form3HoldingsReported)
    doc.form4TransactionsReported = try cells.flag(.form4TransactionsReported)
    doc.aff10b5One = try cells.flag(.aff10b5One)
    doc.remarks = cells[.remarks]
    var table1 = Table()
    var table2 = Table()
    for (kind, target) in [(DataSetTable.nonDerivTrans, 0), (.nonDerivHolding, 1), (.derivTrans, 2), (.derivHolding, 3)] {
      // In `*_SK` order (each row's key read once), ties in file order.
      let rows = g[kind]
      let keys = rows.map(\.sortKey)
      for i in rows.indices.sorted(by: { (keys[$0], $0) < (keys[$1], $1) }) {
        let row = rows[i]
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
    for row in g[.footnotes] {
      let c = Cells(row: row, file: file)
      guard let id = c[.footnoteID] else { continue }
      doc.footnotes.append(Footnote(id: id, text: c[.footnoteText] ?? ""))
    }
    for row in g[.ownerSignature] {
      var c = Cells(row: row, file: file)
      doc.ownerSignatures.append(
        OwnerSignature(signatureName: c[.signatureName], signatureDate: try c.optional(.signatureDate, parse: date, describe: notADate)))
    }
    return doc
  }

  static func date(_ s: String) -> LedgerDate? { DataSetDate.parse(Substring(s)) }
  static func notADate(_ s: String) -> String { "\(quoted(s)) is not a date (DD-MON-YYYY or YYYY-MM-DD)" }

  static func row(_ cells: Cells, transaction: Bool, derivative: Bool) throws(LedgerError) -> ReportedRow {
    var c = cells
    var r = ReportedRow(
      securityTitle: try c.reported(.securityTitle) { $0 } ?? Reported(nil),
      ownershipNature: OwnershipNature(
        directOrIndirectOwnership: try c.reported(.directIndirect) { DirectOrIndirect(rawValue: $0.uppercased()) } describe: {
          "\(quoted($0)) is not D or I"
        } ?? Reported(nil),
        natureOfOwnership: try c.reported(.natureOfOwnership) { $0 }))
    if derivative {
      r.conversionOrExercisePrice = try c.amount(.conversionOrExercisePrice)
      r.exerciseDate = try c.reported(.exerciseDate, parse: date, describe: notADate)
      r.expirationDate = try c.reported(.expirationDate, parse: date, describe: notADate)
      var u = UnderlyingSecurity()
      u.underlyingSecurityTitle = try c.reported(.underlyingTitle) { $0 }
      u.underlyingSecurityShares = try c.amount(.underlyingShares)
      u.underlyingSecurityValue = try c.amount(.underlyingValue)
      if u != UnderlyingSecurity() { r.underlyingSecurity = u }
    }
    if transaction {
      r.transactionDate = try c.reported(.transactionDate, parse: date, describe: notADate)
      r.deemedExecutionDate = try c.reported(.deemedExecutionDate, parse: date, describe: notADate)
      var coding = TransactionCoding()
      coding.transactionFormType = c[.transactionFormType]
      coding.transactionCode = try c.optional(.transactionCode, parse: { TransactionCode(rawValue: $0.uppercased()) }) {
        "\(quoted($0)) is not a transaction code (one of \(TransactionCode.allCases.map(\.rawValue).joined(separator: ", ")))"
      }
      coding.equitySwapInvolved = try c.flag(.equitySwapInvolved)
      let notes = Cells.split(c[.equitySwapFootnotes])
      coding.footnoteIds = notes.isEmpty ? nil : notes
      if coding != TransactionCoding() { r.transactionCoding = coding }
      r.transactionTimeliness = try c.reported(.timeliness) { Timeliness(rawValue: $0.uppercased()) } describe: { "\(quoted($0)) is not E or L" }
      var a = TransactionAmounts()
      a.transactionShares = try c.amount(.shares)
      a.transactionTotalValue = try c.amount(.totalValue)
      a.transactionPricePerShare = try c.amount(.pricePerShare)
      a.transactionAcquiredDisposedCode = try c.reported(.acquiredDisposed) { AcquiredDisposed(rawValue: $0.uppercased()) } describe: {
        "\(quoted($0)) is not A or D"
      }
      if a != TransactionAmounts() { r.transactionAmounts = a }
    } else if c[.transactionFormType] != nil || !c.footnotes(.transactionFormType).isEmpty {
      let notes = c.footnotes(.transactionFormType)
      r.transactionCoding = TransactionCoding(transactionFormType: c[.transactionFormType], footnoteIds: notes.isEmpty ? nil : notes)
    }
    let shares = try c.amount(.sharesOwnedFollowing)
    let value = try c.amount(.valueOwnedFollowing)
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

  subscript(_ column: DataSetColumn) -> String? { row[column] }

  func fail(_ column: DataSetColumn, _ message: String) -> LedgerError {
    .invalidField(file: file, path: "\(row.table.fileName) line \(row.line) \(column.name)", message: message)
  }

  /// The footnote references of the column's `_FN` column.
  func footnotes(_ column: DataSetColumn) -> [String] { Cells.split(row.footnotes(column)) }

  /// Footnote references, separated by commas, spaces or semicolons.
  static func split(_ cell: String?) -> [String] {
    guard let cell else { return [] }
    return cell.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
  }

  mutating func optional<T>(_ column: DataSetColumn, parse: (String) -> T?, describe: (String) -> String) throws(LedgerError) -> T? {
    guard let text = row[column] else { return nil }
    guard let v = parse(text) else { throw fail(column, describe(text)) }
    return v
  }

  mutating func required<T>(_ column: DataSetColumn, parse: (String) -> T?, describe: (String) -> String) throws(LedgerError) -> T {
    guard let v = try optional(column, parse: parse, describe: describe) else { throw fail(column, "is required") }
    return v
  }

  mutating func flag(_ column: DataSetColumn) throws(LedgerError) -> Flag? {
    try optional(column, parse: { Flag(text: $0) }, describe: { "\(quoted($0)) is not a boolean (0, 1, true, false)" })
  }

  mutating func reported<T>(_ column: DataSetColumn, parse: (String) -> T?, describe: (String) -> String = { "\(quoted($0)) is not valid here" }) throws(LedgerError) -> Reported<T>? {
    let ids = footnotes(column)
    let value = try optional(column, parse: parse, describe: describe)
    if value == nil && ids.isEmpty { return nil }
    return Reported(value, footnoteIds: ids)
  }

  mutating func amount(_ column: DataSetColumn) throws(LedgerError) -> Reported<Amount>? {
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

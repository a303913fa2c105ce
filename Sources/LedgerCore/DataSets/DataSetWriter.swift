import Foundation

/// Writes filings as an SEC Insider Transactions Data Set folder (the eight tab-separated
/// tables). Filings must come in ascending accession order, as the SEC's files do; each table's
/// `*_SK` numbers follow document order.
public final class DataSetWriter {
  private var buffers: [DataSetTable: [UInt8]] = [:]
  private var handles: [DataSetTable: FileHandle] = [:]
  private var keys: [DataSetTable: Int] = [:]
  public private(set) var filings = 0

  public init(directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for table in DataSetTable.allCases {
      let url = directory.appendingPathComponent(table.fileName)
      _ = FileManager.default.createFile(atPath: url.path, contents: nil)
      handles[table] = try FileHandle(forWritingTo: url)
      buffers[table] = Array((table.columns.joined(separator: "\t") + "\n").utf8)
      keys[table] = 0
    }
  }

  deinit { try? close() }

  public func close() throws {
    for table in DataSetTable.allCases { try flush(table, force: true) }
    for h in handles.values { try h.close() }
    handles = [:]
  }

  private func flush(_ table: DataSetTable, force: Bool = false) throws {
    guard let buffer = buffers[table], force || buffer.count > 1 << 20, !buffer.isEmpty, let h = handles[table] else { return }
    try h.write(contentsOf: buffer)
    buffers[table] = []
    buffers[table]!.reserveCapacity(1 << 20 + 4096)
  }

  private func line(_ table: DataSetTable, _ values: [String: String]) throws {
    // Taken out of the dictionary while it grows: a copy left there would make every line copy
    // the whole buffer.
    var out = buffers.removeValue(forKey: table) ?? []
    for (i, column) in table.columns.enumerated() {
      if i > 0 { out.append(0x09) }
      for b in (values[column] ?? "").utf8 { out.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b) }
    }
    out.append(0x0A)
    buffers[table] = out
    try flush(table)
  }

  private func nextKey(_ table: DataSetTable) -> String {
    keys[table]! += 1
    return String(keys[table]!)
  }

  static func cik(_ c: CIK?) -> String { c.map { String($0.rawValue.drop { $0 == "0" }) } ?? "" }
  static func flag(_ f: Flag?) -> String { f.map { $0.value ? "1" : "0" } ?? "" }
  static func date(_ d: LedgerDate?) -> String { d.map(DataSetDate.format) ?? "" }
  static func notes(_ ids: [String]?) -> String { (ids ?? []).joined(separator: ",") }

  /// Appends one filing (it needs an accession number and a filing date).
  public func write(_ doc: OwnershipDocument) throws {
    guard let accession = doc.accessionNumber?.rawValue, let filed = doc.filedAt else {
      throw LedgerError.invalidField(file: "data set", path: "accessionNumber", message: "a data set needs an accession number and a filing date")
    }
    filings += 1
    try line(
      .submission,
      [
        "ACCESSION_NUMBER": accession, "FILING_DATE": Self.date(filed), "PERIOD_OF_REPORT": Self.date(doc.periodOfReport),
        "DATE_OF_ORIG_SUB": Self.date(doc.dateOfOriginalSubmission), "NO_SECURITIES_OWNED": Self.flag(doc.noSecuritiesOwned),
        "NOT_SUBJECT_SEC16": Self.flag(doc.notSubjectToSection16), "FORM3_HOLDINGS_REPORTED": Self.flag(doc.form3HoldingsReported),
        "FORM4_TRANS_REPORTED": Self.flag(doc.form4TransactionsReported), "DOCUMENT_TYPE": doc.documentType.rawValue,
        "ISSUERCIK": Self.cik(doc.issuer.issuerCik), "ISSUERNAME": doc.issuer.issuerName ?? "",
        "ISSUERTRADINGSYMBOL": doc.issuer.issuerTradingSymbol ?? "", "REMARKS": doc.remarks ?? "", "AFF10B5ONE": Self.flag(doc.aff10b5One),
      ])
    for owner in doc.reportingOwners {
      let r = owner.reportingOwnerRelationship
      var relationship: [String] = []
      if r?.isDirector?.value == true { relationship.append("Director") }
      if r?.isOfficer?.value == true { relationship.append("Officer") }
      if r?.isTenPercentOwner?.value == true { relationship.append("TenPercentOwner") }
      if r?.isOther?.value == true { relationship.append("Other") }
      let a = owner.reportingOwnerAddress
      try line(
        .reportingOwner,
        [
          "ACCESSION_NUMBER": accession, "RPTOWNERCIK": Self.cik(owner.reportingOwnerId.rptOwnerCik),
          "RPTOWNERNAME": owner.reportingOwnerId.rptOwnerName ?? "", "RPTOWNER_RELATIONSHIP": relationship.joined(separator: ","),
          "RPTOWNER_TITLE": r?.officerTitle ?? "", "RPTOWNER_TXT": r?.otherText ?? "", "RPTOWNER_STREET1": a?.rptOwnerStreet1 ?? "",
          "RPTOWNER_STREET2": a?.rptOwnerStreet2 ?? "", "RPTOWNER_CITY": a?.rptOwnerCity ?? "", "RPTOWNER_STATE": a?.rptOwnerState ?? "",
          "RPTOWNER_ZIPCODE": a?.rptOwnerZipCode ?? "", "RPTOWNER_STATE_DESC": a?.rptOwnerStateDescription ?? "",
        ])
    }
    for r in doc.rows {
      let table: DataSetTable =
        switch (r.table, r.kind) {
        case (.nonDerivative, .transaction): .nonDerivTrans
        case (.nonDerivative, .holding): .nonDerivHolding
        case (.derivative, .transaction): .derivTrans
        case (.derivative, .holding): .derivHolding
        }
      try line(table, Self.cells(r.row, accession: accession, key: (table.sortKey!, nextKey(table)), exerciseColumn: table == .derivTrans ? "EXCERCISE_DATE" : "EXERCISE_DATE"))
    }
    for f in doc.footnotes {
      try line(.footnotes, ["ACCESSION_NUMBER": accession, "FOOTNOTE_ID": f.id, "FOOTNOTE_TXT": f.text])
    }
    for s in doc.ownerSignatures {
      try line(.ownerSignature, ["ACCESSION_NUMBER": accession, "OWNERSIGNATURENAME": s.signatureName ?? "", "OWNERSIGNATUREDATE": Self.date(s.signatureDate)])
    }
  }

  static func cells(_ row: ReportedRow, accession: String, key: (String, String), exerciseColumn: String) -> [String: String] {
    var c: [String: String] = ["ACCESSION_NUMBER": accession, key.0: key.1]
    func put<V>(_ column: String, _ r: Reported<V>?, _ text: (V) -> String) {
      guard let r else { return }
      c[column] = r.value.map(text) ?? ""
      c[column + "_FN"] = notes(r.footnoteIds)
    }
    put("SECURITY_TITLE", row.securityTitle) { $0 }
    put("CONV_EXERCISE_PRICE", row.conversionOrExercisePrice) { $0.description }
    put("TRANS_DATE", row.transactionDate, date)
    put("DEEMED_EXECUTION_DATE", row.deemedExecutionDate, date)
    if let coding = row.transactionCoding {
      c["TRANS_FORM_TYPE"] = coding.transactionFormType ?? ""
      c["TRANS_CODE"] = coding.transactionCode?.rawValue ?? ""
      c["EQUITY_SWAP_INVOLVED"] = flag(coding.equitySwapInvolved)
      c["EQUITY_SWAP_TRANS_CD_FN"] = notes(coding.footnoteIds)
      c["TRANS_FORM_TYPE_FN"] = notes(coding.footnoteIds)
    }
    put("TRANS_TIMELINESS", row.transactionTimeliness) { $0.rawValue }
    if let a = row.transactionAmounts {
      put("TRANS_SHARES", a.transactionShares) { $0.description }
      put("TRANS_TOTAL_VALUE", a.transactionTotalValue) { $0.description }
      put("TRANS_PRICEPERSHARE", a.transactionPricePerShare) { $0.description }
      put("TRANS_ACQUIRED_DISP_CD", a.transactionAcquiredDisposedCode) { $0.rawValue }
    }
    put(exerciseColumn, row.exerciseDate, date)
    put("EXPIRATION_DATE", row.expirationDate, date)
    if let u = row.underlyingSecurity {
      put("UNDLYNG_SEC_TITLE", u.underlyingSecurityTitle) { $0 }
      put("UNDLYNG_SEC_SHARES", u.underlyingSecurityShares) { $0.description }
      put("UNDLYNG_SEC_VALUE", u.underlyingSecurityValue) { $0.description }
    }
    if let p = row.postTransactionAmounts {
      put("SHRS_OWND_FOLWNG_TRANS", p.sharesOwnedFollowingTransaction) { $0.description }
      put("VALU_OWND_FOLWNG_TRANS", p.valueOwnedFollowingTransaction) { $0.description }
    }
    put("DIRECT_INDIRECT_OWNERSHIP", row.ownershipNature.directOrIndirectOwnership) { $0.rawValue }
    put("NATURE_OF_OWNERSHIP", row.ownershipNature.natureOfOwnership) { $0 }
    return c
  }
}

import EdgarOwnership
import Foundation
import LedgerCore

private typealias C = DataSetColumn

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
        C.accessionNumber.name: accession, C.filingDate.name: Self.date(filed), C.periodOfReport.name: Self.date(doc.periodOfReport),
        C.dateOfOriginalSubmission.name: Self.date(doc.dateOfOriginalSubmission), C.noSecuritiesOwned.name: Self.flag(doc.noSecuritiesOwned),
        C.notSubjectToSection16.name: Self.flag(doc.notSubjectToSection16), C.form3HoldingsReported.name: Self.flag(doc.form3HoldingsReported),
        C.form4TransactionsReported.name: Self.flag(doc.form4TransactionsReported), C.documentType.name: doc.documentType.rawValue,
        C.issuerCik.name: Self.cik(doc.issuer.issuerCik), C.issuerName.name: doc.issuer.issuerName ?? "",
        C.issuerTradingSymbol.name: doc.issuer.issuerTradingSymbol ?? "", C.remarks.name: doc.remarks ?? "", C.aff10b5One.name: Self.flag(doc.aff10b5One),
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
          C.accessionNumber.name: accession, C.ownerCik.name: Self.cik(owner.reportingOwnerId.rptOwnerCik),
          C.ownerName.name: owner.reportingOwnerId.rptOwnerName ?? "", C.ownerRelationship.name: relationship.joined(separator: ","),
          C.ownerTitle.name: r?.officerTitle ?? "", C.ownerText.name: r?.otherText ?? "", C.ownerStreet1.name: a?.rptOwnerStreet1 ?? "",
          C.ownerStreet2.name: a?.rptOwnerStreet2 ?? "", C.ownerCity.name: a?.rptOwnerCity ?? "", C.ownerState.name: a?.rptOwnerState ?? "",
          C.ownerZipCode.name: a?.rptOwnerZipCode ?? "", C.ownerStateDescription.name: a?.rptOwnerStateDescription ?? "",
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
      try line(table, Self.cells(r.row, accession: accession, key: (table.sortKey!, nextKey(table)), exerciseColumn: table.exerciseDateColumn))
    }
    for f in doc.footnotes {
      try line(.footnotes, [C.accessionNumber.name: accession, C.footnoteID.name: f.id, C.footnoteText.name: f.text])
    }
    for s in doc.ownerSignatures {
      try line(.ownerSignature, [C.accessionNumber.name: accession, C.signatureName.name: s.signatureName ?? "", C.signatureDate.name: Self.date(s.signatureDate)])
    }
  }

  static func cells(_ row: ReportedRow, accession: String, key: (String, String), exerciseColumn: String) -> [String: String] {
    var c: [String: String] = [C.accessionNumber.name: accession, key.0: key.1]
    func put<V>(_ column: String, _ r: Reported<V>?, _ text: (V) -> String) {
      guard let r else { return }
      c[column] = r.value.map(text) ?? ""
      c[column + "_FN"] = notes(r.footnoteIds)
    }
    put(C.securityTitle.name, row.securityTitle) { $0 }
    put(C.conversionOrExercisePrice.name, row.conversionOrExercisePrice) { $0.description }
    put(C.transactionDate.name, row.transactionDate, date)
    put(C.deemedExecutionDate.name, row.deemedExecutionDate, date)
    if let coding = row.transactionCoding {
      c[C.transactionFormType.name] = coding.transactionFormType ?? ""
      c[C.transactionCode.name] = coding.transactionCode?.rawValue ?? ""
      c[C.equitySwapInvolved.name] = flag(coding.equitySwapInvolved)
      c[C.equitySwapFootnotes.name] = notes(coding.footnoteIds)
      c[C.transactionFormType.name + "_FN"] = notes(coding.footnoteIds)
    }
    put(C.timeliness.name, row.transactionTimeliness) { $0.rawValue }
    if let a = row.transactionAmounts {
      put(C.shares.name, a.transactionShares) { $0.description }
      put(C.totalValue.name, a.transactionTotalValue) { $0.description }
      put(C.pricePerShare.name, a.transactionPricePerShare) { $0.description }
      put(C.acquiredDisposed.name, a.transactionAcquiredDisposedCode) { $0.rawValue }
    }
    put(exerciseColumn, row.exerciseDate, date)
    put(C.expirationDate.name, row.expirationDate, date)
    if let u = row.underlyingSecurity {
      put(C.underlyingTitle.name, u.underlyingSecurityTitle) { $0 }
      put(C.underlyingShares.name, u.underlyingSecurityShares) { $0.description }
      put(C.underlyingValue.name, u.underlyingSecurityValue) { $0.description }
    }
    if let p = row.postTransactionAmounts {
      put(C.sharesOwnedFollowing.name, p.sharesOwnedFollowingTransaction) { $0.description }
      put(C.valueOwnedFollowing.name, p.valueOwnedFollowingTransaction) { $0.description }
    }
    put(C.directIndirect.name, row.ownershipNature.directOrIndirectOwnership) { $0.rawValue }
    put(C.natureOfOwnership.name, row.ownershipNature.natureOfOwnership) { $0 }
    return c
  }
}

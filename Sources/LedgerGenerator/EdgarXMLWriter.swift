import EdgarOwnership
import Foundation
import LedgerCore

/// Writes an `OwnershipDocument` as EDGAR ownership XML, and as a full EDGAR submission with
/// its SGML header. The generator's output; `EdgarXML` reads it back to the same document.
public enum EdgarXMLWriter {
  public static func xml(_ doc: OwnershipDocument) -> String {
    var x = XMLText()
    x.raw("<?xml version=\"1.0\"?>\n<ownershipDocument>\n")
    x.plain("schemaVersion", doc.schemaVersion ?? "X0508", indent: 1)
    x.plain("documentType", doc.documentType.rawValue, indent: 1)
    x.plain("periodOfReport", doc.periodOfReport.description, indent: 1)
    x.plain("dateOfOriginalSubmission", doc.dateOfOriginalSubmission?.description, indent: 1)
    x.plain("noSecuritiesOwned", doc.noSecuritiesOwned.map { $0.value ? "1" : "0" }, indent: 1)
    x.plain("notSubjectToSection16", doc.notSubjectToSection16.map { $0.value ? "1" : "0" }, indent: 1)
    x.open("issuer", indent: 1)
    x.plain("issuerCik", doc.issuer.issuerCik?.rawValue, indent: 2)
    x.plain("issuerName", doc.issuer.issuerName, indent: 2)
    x.plain("issuerTradingSymbol", doc.issuer.issuerTradingSymbol, indent: 2)
    x.close("issuer", indent: 1)
    for owner in doc.reportingOwners {
      x.open("reportingOwner", indent: 1)
      x.open("reportingOwnerId", indent: 2)
      x.plain("rptOwnerCik", owner.reportingOwnerId.rptOwnerCik?.rawValue, indent: 3)
      x.plain("rptOwnerName", owner.reportingOwnerId.rptOwnerName, indent: 3)
      x.close("reportingOwnerId", indent: 2)
      if let a = owner.reportingOwnerAddress {
        x.open("reportingOwnerAddress", indent: 2)
        x.plain("rptOwnerStreet1", a.rptOwnerStreet1, indent: 3)
        x.plain("rptOwnerStreet2", a.rptOwnerStreet2, indent: 3)
        x.plain("rptOwnerCity", a.rptOwnerCity, indent: 3)
        x.plain("rptOwnerState", a.rptOwnerState, indent: 3)
        x.plain("rptOwnerZipCode", a.rptOwnerZipCode, indent: 3)
        x.close("reportingOwnerAddress", indent: 2)
      }
      if let r = owner.reportingOwnerRelationship {
        x.open("reportingOwnerRelationship", indent: 2)
        x.plain("isDirector", r.isDirector.map { $0.value ? "1" : "0" }, indent: 3)
        x.plain("isOfficer", r.isOfficer.map { $0.value ? "1" : "0" }, indent: 3)
        x.plain("isTenPercentOwner", r.isTenPercentOwner.map { $0.value ? "1" : "0" }, indent: 3)
        x.plain("isOther", r.isOther.map { $0.value ? "1" : "0" }, indent: 3)
        x.plain("officerTitle", r.officerTitle, indent: 3)
        x.plain("otherText", r.otherText, indent: 3)
        x.close("reportingOwnerRelationship", indent: 2)
      }
      x.close("reportingOwner", indent: 1)
    }
    x.plain("aff10b5One", doc.aff10b5One.map { $0.value ? "1" : "0" }, indent: 1)
    for (table, name) in [(doc.nonDerivativeTable, "nonDerivative"), (doc.derivativeTable, "derivative")] {
      guard let table, !table.isEmpty else { continue }
      let tableName = name + "Table"
      x.open(tableName, indent: 1)
      for row in table.transactions { x.row(row, element: name + "Transaction") }
      for row in table.holdings { x.row(row, element: name + "Holding") }
      x.close(tableName, indent: 1)
    }
    if !doc.footnotes.isEmpty {
      x.open("footnotes", indent: 1)
      for f in doc.footnotes {
        x.raw("    <footnote id=\"\(XMLText.escape(f.id))\">\(XMLText.escape(f.text))</footnote>\n")
      }
      x.close("footnotes", indent: 1)
    }
    x.plain("remarks", doc.remarks, indent: 1)
    for s in doc.ownerSignatures {
      x.open("ownerSignature", indent: 1)
      x.plain("signatureName", s.signatureName, indent: 2)
      x.plain("signatureDate", s.signatureDate?.description, indent: 2)
      x.close("ownerSignature", indent: 1)
    }
    x.raw("</ownershipDocument>\n")
    return x.text
  }

  /// A full submission (`.txt`): SGML header with accession number, type and filing date, then
  /// the XML inside `<XML>`.
  public static func submission(_ doc: OwnershipDocument) -> String {
    let accession = doc.accessionNumber?.rawValue ?? ""
    let filed = doc.filedAt.map { String(format: "%04d%02d%02d", $0.year, $0.month, $0.day) } ?? ""
    var s = "<SEC-DOCUMENT>\(accession).txt : \(filed)\n<SEC-HEADER>\(accession).hdr.sgml : \(filed)\n"
    s += "<ACCEPTANCE-DATETIME>\(filed)160000\n"
    s += "ACCESSION NUMBER:\t\t\(accession)\nCONFORMED SUBMISSION TYPE:\t\(doc.documentType.rawValue)\nPUBLIC DOCUMENT COUNT:\t\t1\n"
    s += "CONFORMED PERIOD OF REPORT:\t\(String(format: "%04d%02d%02d", doc.periodOfReport.year, doc.periodOfReport.month, doc.periodOfReport.day))\n"
    s += "FILED AS OF DATE:\t\t\(filed)\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>\(doc.documentType.rawValue)\n<SEQUENCE>1\n"
    s += "<FILENAME>form4.xml\n<TEXT>\n<XML>\n" + xml(doc) + "</XML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    return s
  }
}

/// An XML text being written, two spaces per level.
struct XMLText {
  var text = ""

  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  mutating func raw(_ s: String) { text += s }
  mutating func open(_ name: String, indent: Int) { text += String(repeating: "  ", count: indent) + "<\(name)>\n" }
  mutating func close(_ name: String, indent: Int) { text += String(repeating: "  ", count: indent) + "</\(name)>\n" }

  mutating func plain(_ name: String, _ value: String?, indent: Int) {
    guard let value else { return }
    text += String(repeating: "  ", count: indent) + "<\(name)>\(XMLText.escape(value))</\(name)>\n"
  }

  mutating func reported<V>(_ name: String, _ r: Reported<V>?, indent: Int, _ text: (V) -> String) {
    guard let r else { return }
    let pad = String(repeating: "  ", count: indent)
    self.text += pad + "<\(name)>"
    if let v = r.value { self.text += "<value>\(XMLText.escape(text(v)))</value>" }
    for id in r.footnoteIds { self.text += "<footnoteId id=\"\(XMLText.escape(id))\"/>" }
    self.text += "</\(name)>\n"
  }

  mutating func row(_ r: ReportedRow, element: String) {
    open(element, indent: 2)
    reported("securityTitle", r.securityTitle, indent: 3) { $0 }
    reported("conversionOrExercisePrice", r.conversionOrExercisePrice, indent: 3) { $0.description }
    reported("transactionDate", r.transactionDate, indent: 3) { $0.description }
    reported("deemedExecutionDate", r.deemedExecutionDate, indent: 3) { $0.description }
    if let c = r.transactionCoding {
      open("transactionCoding", indent: 3)
      plain("transactionFormType", c.transactionFormType, indent: 4)
      plain("transactionCode", c.transactionCode?.rawValue, indent: 4)
      plain("equitySwapInvolved", c.equitySwapInvolved.map { $0.value ? "1" : "0" }, indent: 4)
      for id in c.footnoteIds ?? [] { text += "        <footnoteId id=\"\(XMLText.escape(id))\"/>\n" }
      close("transactionCoding", indent: 3)
    }
    reported("transactionTimeliness", r.transactionTimeliness, indent: 3) { $0.rawValue }
    if let a = r.transactionAmounts {
      open("transactionAmounts", indent: 3)
      reported("transactionShares", a.transactionShares, indent: 4) { $0.description }
      reported("transactionTotalValue", a.transactionTotalValue, indent: 4) { $0.description }
      reported("transactionPricePerShare", a.transactionPricePerShare, indent: 4) { $0.description }
      reported("transactionAcquiredDisposedCode", a.transactionAcquiredDisposedCode, indent: 4) { $0.rawValue }
      close("transactionAmounts", indent: 3)
    }
    reported("exerciseDate", r.exerciseDate, indent: 3) { $0.description }
    reported("expirationDate", r.expirationDate, indent: 3) { $0.description }
    if let u = r.underlyingSecurity {
      open("underlyingSecurity", indent: 3)
      reported("underlyingSecurityTitle", u.underlyingSecurityTitle, indent: 4) { $0 }
      reported("underlyingSecurityShares", u.underlyingSecurityShares, indent: 4) { $0.description }
      reported("underlyingSecurityValue", u.underlyingSecurityValue, indent: 4) { $0.description }
      close("underlyingSecurity", indent: 3)
    }
    if let p = r.postTransactionAmounts {
      open("postTransactionAmounts", indent: 3)
      reported("sharesOwnedFollowingTransaction", p.sharesOwnedFollowingTransaction, indent: 4) { $0.description }
      reported("valueOwnedFollowingTransaction", p.valueOwnedFollowingTransaction, indent: 4) { $0.description }
      close("postTransactionAmounts", indent: 3)
    }
    open("ownershipNature", indent: 3)
    reported("directOrIndirectOwnership", r.ownershipNature.directOrIndirectOwnership, indent: 4) { $0.rawValue }
    reported("natureOfOwnership", r.ownershipNature.natureOfOwnership, indent: 4) { $0 }
    close("ownershipNature", indent: 3)
    close(element, indent: 2)
  }
}

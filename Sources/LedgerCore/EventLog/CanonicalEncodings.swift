import Foundation

// MARK: - Rows

extension ReportedRow: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("conversionOrExercisePrice", conversionOrExercisePrice)
      o.field("deemedExecutionDate", deemedExecutionDate)
      o.field("exerciseDate", exerciseDate)
      o.field("expirationDate", expirationDate)
      o.field("ownershipNature", ownershipNature)
      o.field("postTransactionAmounts", postTransactionAmounts)
      o.field("securityTitle", securityTitle)
      o.field("transactionAmounts", transactionAmounts)
      o.field("transactionCoding", transactionCoding)
      o.field("transactionDate", transactionDate)
      o.field("transactionTimeliness", transactionTimeliness)
      o.field("underlyingSecurity", underlyingSecurity)
    }
  }
}

extension TransactionCoding: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("equitySwapInvolved", equitySwapInvolved)
      o.field("footnoteIds", strings: footnoteIds)
      o.field("transactionCode", transactionCode)
      o.field("transactionFormType", transactionFormType)
    }
  }
}

extension TransactionAmounts: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("transactionAcquiredDisposedCode", transactionAcquiredDisposedCode)
      o.field("transactionPricePerShare", transactionPricePerShare)
      o.field("transactionShares", transactionShares)
      o.field("transactionTotalValue", transactionTotalValue)
    }
  }
}

extension PostTransactionAmounts: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("sharesOwnedFollowingTransaction", sharesOwnedFollowingTransaction)
      o.field("valueOwnedFollowingTransaction", valueOwnedFollowingTransaction)
    }
  }
}

extension UnderlyingSecurity: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("underlyingSecurityShares", underlyingSecurityShares)
      o.field("underlyingSecurityTitle", underlyingSecurityTitle)
      o.field("underlyingSecurityValue", underlyingSecurityValue)
    }
  }
}

extension OwnershipNature: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("directOrIndirectOwnership", directOrIndirectOwnership)
      o.field("natureOfOwnership", natureOfOwnership)
    }
  }
}

extension RowReported: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("index", index)
      o.field("kind", kind)
      o.field("row", row)
      o.field("table", table)
    }
  }
}

extension Table: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      if !holdings.isEmpty { o.field("holdings", holdings) }
      if !transactions.isEmpty { o.field("transactions", transactions) }
    }
  }
}

// MARK: - Documents

extension OwnershipDocument: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("acceptanceDateTime", acceptanceDateTime)
      o.field("accessionNumber", accessionNumber)
      o.field("aff10b5One", aff10b5One)
      o.field("amends", amends)
      o.field("dateOfOriginalSubmission", dateOfOriginalSubmission)
      o.field("derivativeTable", derivativeTable)
      o.field("documentType", documentType)
      o.field("filedAt", filedAt)
      if !footnotes.isEmpty { o.field("footnotes", footnotes) }
      o.field("form3HoldingsReported", form3HoldingsReported)
      o.field("form4TransactionsReported", form4TransactionsReported)
      o.field("issuer", issuer)
      o.field("noSecuritiesOwned", noSecuritiesOwned)
      o.field("nonDerivativeTable", nonDerivativeTable)
      o.field("notSubjectToSection16", notSubjectToSection16)
      o.field("otherElements", otherElements)
      if !ownerSignatures.isEmpty { o.field("ownerSignatures", ownerSignatures) }
      o.field("periodOfReport", periodOfReport)
      o.field("remarks", remarks)
      o.field("reportingOwners", reportingOwners)
      o.field("schemaVersion", schemaVersion)
      o.field("submissionType", submissionType)
    }
  }
}

extension Issuer: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("issuerCik", issuerCik)
      o.field("issuerName", issuerName)
      o.field("issuerTradingSymbol", issuerTradingSymbol)
    }
  }
}

extension ReportingOwner: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("reportingOwnerAddress", reportingOwnerAddress)
      o.field("reportingOwnerId", reportingOwnerId)
      o.field("reportingOwnerRelationship", reportingOwnerRelationship)
    }
  }
}

extension ReportingOwner.ReportingOwnerID: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("rptOwnerCcc", rptOwnerCcc)
      o.field("rptOwnerCik", rptOwnerCik)
      o.field("rptOwnerName", rptOwnerName)
    }
  }
}

extension ReportingOwner.Address: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("rptOwnerCity", rptOwnerCity)
      o.field("rptOwnerGoodAddress", rptOwnerGoodAddress)
      o.field("rptOwnerState", rptOwnerState)
      o.field("rptOwnerStateDescription", rptOwnerStateDescription)
      o.field("rptOwnerStreet1", rptOwnerStreet1)
      o.field("rptOwnerStreet2", rptOwnerStreet2)
      o.field("rptOwnerZipCode", rptOwnerZipCode)
    }
  }
}

extension ReportingOwner.Relationship: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("isDirector", isDirector)
      o.field("isOfficer", isOfficer)
      o.field("isOther", isOther)
      o.field("isTenPercentOwner", isTenPercentOwner)
      o.field("officerTitle", officerTitle)
      o.field("otherText", otherText)
    }
  }
}

extension Footnote: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("id", id)
      o.field("text", text)
    }
  }
}

extension OwnerSignature: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("signatureDate", signatureDate)
      o.field("signatureName", signatureName)
    }
  }
}

extension OtherElement: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      if let attributes {
        o.key("attributes")
        o.object { a in
          for k in attributes.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            a.dynamicKey(k)
            a.string(attributes[k]!)
          }
        }
      }
      o.field("path", path)
      o.field("text", text)
    }
  }
}

extension ImportedFiling.Source: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("format", format.rawValue)
      o.field("name", name)
      o.field("sha256", sha256)
    }
  }
}

extension FilingRecorded: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    w.object { o in
      o.field("contentKey", contentKey)
      o.field("document", document)
      o.field("documentSha256", documentSha256)
      o.field("filedAt", filedAt)
      o.field("filedAtEstimated", filedAtEstimated)
      o.field("filing", filing)
      o.field("rowCount", rowCount)
      o.field("source", source)
    }
  }
}

extension CanonicalJSON {
  /// A key that is not known at compile time (attribute names), written without the order check.
  mutating func dynamicKey(_ k: String) {
    if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
    string(k)
    bytes.append(UInt8(ascii: ":"))
  }

  static func encode<T: CanonicalEncodable>(_ value: T) -> Data {
    var w = CanonicalJSON()
    value.write(to: &w)
    return w.data
  }
}

import Foundation

/// What the projector needs of a `FilingRecorded` payload, read by the scanner without decoding
/// the whole document (a replay reads every filing's).
extension PayloadScanner {
  /// What the projector needs from a `FilingRecorded` payload.
  static func filingFacts(_ payload: UnsafeBufferPointer<UInt8>) -> FilingFacts? {
    guard let s = PayloadScanner(payload), s.tokens.first?.kind == .object else { return nil }
    return try? s.decodeFilingFacts()
  }

  func decodeFilingFacts() throws -> FilingFacts {
    var filing: String?
    var filedAt: LedgerDate?
    var estimated: Bool?
    var contentKey: String?
    var documentSha256: String?
    var sourceName: String?
    var rowCount: Int?
    var form: FormType?
    var period: LedgerDate?
    var originalDate: LedgerDate?
    var amends: AccessionNumber?
    var issuer = Issuer()
    var owners: [ReportingOwner.ReportingOwnerID] = []
    var roles: [String] = []
    var footnotes: [Footnote] = []
    for (k, v) in members(0) {
      if isKey(k, "filing") {
        filing = try text(v)
      } else if isKey(k, "filedAt") {
        filedAt = try date(v)
      } else if isKey(k, "filedAtEstimated") {
        estimated = bool(v)
      } else if isKey(k, "contentKey") {
        contentKey = try text(v)
      } else if isKey(k, "documentSha256") {
        documentSha256 = try text(v)
      } else if isKey(k, "rowCount") {
        rowCount = int(v)
      } else if isKey(k, "source") {
        for (k2, v2) in members(v) where isKey(k2, "name") { sourceName = try text(v2) }
      } else if isKey(k, "document") {
        for (k2, v2) in members(v) {
          if isKey(k2, "documentType") {
            form = try raw(v2, FormType.self)
          } else if isKey(k2, "periodOfReport") {
            period = try date(v2)
          } else if isKey(k2, "dateOfOriginalSubmission") {
            originalDate = try date(v2)
          } else if isKey(k2, "amends") {
            amends = AccessionNumber(try text(v2))
          } else if isKey(k2, "issuer") {
            for (k3, v3) in members(v2) {
              if isKey(k3, "issuerCik") {
                issuer.issuerCik = CIK(try text(v3))
              } else if isKey(k3, "issuerName") {
                issuer.issuerName = try text(v3)
              } else if isKey(k3, "issuerTradingSymbol") {
                issuer.issuerTradingSymbol = try text(v3)
              }
            }
          } else if isKey(k2, "footnotes") {
            for f in elements(v2) {
              var note = Footnote(id: "", text: "")
              for (k3, v3) in members(f) {
                if isKey(k3, "id") { note.id = try text(v3) } else if isKey(k3, "text") { note.text = try text(v3) }
              }
              footnotes.append(note)
            }
          } else if isKey(k2, "reportingOwners") {
            for o in elements(v2) {
              var id = ReportingOwner.ReportingOwnerID()
              var role = ""
              for (k3, v3) in members(o) {
                if isKey(k3, "reportingOwnerId") {
                  for (k4, v4) in members(v3) {
                    if isKey(k4, "rptOwnerCik") {
                      id.rptOwnerCik = CIK(try text(v4))
                    } else if isKey(k4, "rptOwnerName") {
                      id.rptOwnerName = try text(v4)
                    } else if isKey(k4, "rptOwnerCcc") {
                      id.rptOwnerCcc = try text(v4)
                    }
                  }
                } else if isKey(k3, "reportingOwnerRelationship") {
                  role = try relationship(v3).roleDescription
                }
              }
              owners.append(id)
              roles.append(role)
            }
          }
        }
      }
    }
    guard let filing, let filedAt, let estimated, let contentKey, let documentSha256, let sourceName, let rowCount, let form, let period
    else { throw Failure() }
    var facts = FilingFacts(
      filing: FilingID(rawValue: filing), filedAt: filedAt, filedAtEstimated: estimated, contentKey: contentKey,
      documentSha256: documentSha256, sourceName: sourceName, form: form, period: period, originalDate: originalDate,
      amends: amends, issuer: issuer, owners: owners, rowCount: rowCount)
    facts.footnotes = footnotes
    facts.ownerRoles = roles
    facts.keyNames()
    return facts
  }

  /// A reporting owner's relationship to the issuer: the boxes and titles that make its role.
  func relationship(_ v: Int) throws -> ReportingOwner.Relationship {
    var r = ReportingOwner.Relationship()
    for (k, v2) in members(v) {
      if isKey(k, "isDirector") {
        r.isDirector = try flag(v2)
      } else if isKey(k, "isOfficer") {
        r.isOfficer = try flag(v2)
      } else if isKey(k, "isTenPercentOwner") {
        r.isTenPercentOwner = try flag(v2)
      } else if isKey(k, "isOther") {
        r.isOther = try flag(v2)
      } else if isKey(k, "officerTitle") {
        r.officerTitle = try text(v2)
      } else if isKey(k, "otherText") {
        r.otherText = try text(v2)
      }
    }
    return r
  }
}

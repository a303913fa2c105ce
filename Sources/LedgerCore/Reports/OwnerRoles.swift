import Foundation

/// A reporting owner of a filing as reports match it to a person (by CIK, else by name), with
/// the role the filing gives it: issuer-wide holdings, transactions and the directory show it.
struct FilingOwnerRole: Sendable, Equatable {
  var cik: CIK?
  var nameKey: String
  var role: String

  init(_ owner: ReportingOwner) {
    cik = owner.reportingOwnerId.rptOwnerCik
    nameKey = NameKey.person(owner.reportingOwnerId.rptOwnerName ?? "")
    role = owner.reportingOwnerRelationship?.roleDescription ?? ""
  }

  init(cik: CIK?, name: String?, relationship: ReportingOwner.Relationship?) {
    self.cik = cik
    nameKey = NameKey.person(name ?? "")
    role = relationship?.roleDescription ?? ""
  }

  /// The role of `owner` among a filing's reporting owners: the first with its CIK, else the
  /// first with its name; "" when none is, or none has a role.
  static func role(of owner: PartyRef, in owners: [FilingOwnerRole]) -> String {
    if let cik = owner.cik, let match = owners.first(where: { $0.cik == cik }) { return match.role }
    let key = NameKey.person(owner.name)
    return owners.first { $0.nameKey == key }?.role ?? ""
  }
}

extension ReportingOwner.Relationship {
  /// "director, officer (CEO), 10% owner, other (TEXT)": the boxes checked, in the form's order.
  var roleDescription: String {
    var roles: [String] = []
    if isDirector?.value == true { roles.append("director") }
    if isOfficer?.value == true { roles.append(officerTitle?.nonEmptyTrimmed.map { "officer (\($0))" } ?? "officer") }
    if isTenPercentOwner?.value == true { roles.append("10% owner") }
    if isOther?.value == true { roles.append(otherText?.nonEmptyTrimmed.map { "other (\($0))" } ?? "other") }
    return roles.joined(separator: ", ")
  }
}

extension PayloadScanner {
  /// The reporting owners of a `FilingRecorded` payload with their roles, read without decoding
  /// the document (a report of a whole ledger asks for every filing's).
  static func ownerRoles(_ payload: UnsafeBufferPointer<UInt8>) -> [FilingOwnerRole]? {
    guard let s = PayloadScanner(payload), s.tokens.first?.kind == .object else { return nil }
    return try? s.decodeOwnerRoles()
  }

  func decodeOwnerRoles() throws -> [FilingOwnerRole] {
    var out: [FilingOwnerRole]?
    for (k, v) in members(0) where isKey(k, "document") {
      for (k2, v2) in members(v) where isKey(k2, "reportingOwners") {
        out = try elements(v2).map { o in
          var cik: CIK?
          var name: String?
          var relationship: ReportingOwner.Relationship?
          for (k3, v3) in members(o) {
            if isKey(k3, "reportingOwnerId") {
              for (k4, v4) in members(v3) {
                if isKey(k4, "rptOwnerCik") { cik = CIK(try text(v4)) } else if isKey(k4, "rptOwnerName") { name = try text(v4) }
              }
            } else if isKey(k3, "reportingOwnerRelationship") {
              var r = ReportingOwner.Relationship()
              for (k4, v4) in members(v3) {
                if isKey(k4, "isDirector") {
                  r.isDirector = try flag(v4)
                } else if isKey(k4, "isOfficer") {
                  r.isOfficer = try flag(v4)
                } else if isKey(k4, "isTenPercentOwner") {
                  r.isTenPercentOwner = try flag(v4)
                } else if isKey(k4, "isOther") {
                  r.isOther = try flag(v4)
                } else if isKey(k4, "officerTitle") {
                  r.officerTitle = try text(v4)
                } else if isKey(k4, "otherText") {
                  r.otherText = try text(v4)
                }
              }
              relationship = r
            }
          }
          return FilingOwnerRole(cik: cik, name: name, relationship: relationship)
        }
      }
    }
    guard let out else { throw Failure() }
    return out
  }
}

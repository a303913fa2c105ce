import Foundation

/// One Section 16 filing: EDGAR's `ownershipDocument` plus the envelope facts the XML lacks.
///
/// Field names are EDGAR's, so that the filing JSON reads like the XML. Everything a filing
/// reports is kept; nothing is dropped between an input file and the events it becomes.
public struct OwnershipDocument: Hashable, Sendable, Codable {
  // MARK: Envelope (from the EDGAR submission, or given by the user)
  public var accessionNumber: AccessionNumber?
  public var filedAt: LedgerDate?
  /// EDGAR's acceptance time as printed in the submission header (`YYYYMMDDHHMMSS`, Eastern time).
  public var acceptanceDateTime: String?
  /// The submission's conformed type, when read from an EDGAR submission.
  public var submissionType: String?
  /// The accession number this amendment amends, when the user states it.
  public var amends: AccessionNumber?

  // MARK: Document
  public var schemaVersion: String?
  public var documentType: FormType
  public var periodOfReport: LedgerDate
  public var dateOfOriginalSubmission: LedgerDate?
  public var noSecuritiesOwned: Flag?
  public var notSubjectToSection16: Flag?
  public var form3HoldingsReported: Flag?
  public var form4TransactionsReported: Flag?
  public var issuer: Issuer
  public var reportingOwners: [ReportingOwner]
  public var aff10b5One: Flag?
  public var nonDerivativeTable: Table?
  public var derivativeTable: Table?
  public var footnotes: [Footnote]
  public var remarks: String?
  public var ownerSignatures: [OwnerSignature]
  /// Elements found in an XML document that this version of the ledger does not model, kept
  /// verbatim with their path so that nothing reported is lost.
  public var otherElements: [OtherElement]?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case accessionNumber, filedAt, acceptanceDateTime, submissionType, amends
    case schemaVersion, documentType, periodOfReport, dateOfOriginalSubmission, noSecuritiesOwned
    case notSubjectToSection16, form3HoldingsReported, form4TransactionsReported, issuer
    case reportingOwners, aff10b5One, nonDerivativeTable, derivativeTable, footnotes, remarks
    case ownerSignatures, otherElements
    /// Allowed for the JSON Schema reference at the top of a filing JSON file.
    case schema = "$schema"
  }

  public init(
    documentType: FormType, periodOfReport: LedgerDate, issuer: Issuer, reportingOwners: [ReportingOwner]
  ) {
    self.documentType = documentType
    self.periodOfReport = periodOfReport
    self.issuer = issuer
    self.reportingOwners = reportingOwners
    self.footnotes = []
    self.ownerSignatures = []
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    accessionNumber = try c.decodeIfPresent(AccessionNumber.self, forKey: .accessionNumber)
    filedAt = try c.decodeIfPresent(LedgerDate.self, forKey: .filedAt)
    acceptanceDateTime = try c.decodeIfPresent(String.self, forKey: .acceptanceDateTime)
    submissionType = try c.decodeIfPresent(String.self, forKey: .submissionType)
    amends = try c.decodeIfPresent(AccessionNumber.self, forKey: .amends)
    schemaVersion = try c.decodeIfPresent(String.self, forKey: .schemaVersion)
    documentType = try c.decode(FormType.self, forKey: .documentType)
    periodOfReport = try c.decode(LedgerDate.self, forKey: .periodOfReport)
    dateOfOriginalSubmission = try c.decodeIfPresent(LedgerDate.self, forKey: .dateOfOriginalSubmission)
    noSecuritiesOwned = try c.decodeIfPresent(Flag.self, forKey: .noSecuritiesOwned)
    notSubjectToSection16 = try c.decodeIfPresent(Flag.self, forKey: .notSubjectToSection16)
    form3HoldingsReported = try c.decodeIfPresent(Flag.self, forKey: .form3HoldingsReported)
    form4TransactionsReported = try c.decodeIfPresent(Flag.self, forKey: .form4TransactionsReported)
    issuer = try c.decode(Issuer.self, forKey: .issuer)
    reportingOwners = try c.decode([ReportingOwner].self, forKey: .reportingOwners)
    aff10b5One = try c.decodeIfPresent(Flag.self, forKey: .aff10b5One)
    nonDerivativeTable = try c.decodeIfPresent(Table.self, forKey: .nonDerivativeTable)
    derivativeTable = try c.decodeIfPresent(Table.self, forKey: .derivativeTable)
    footnotes = try c.decodeIfPresent([Footnote].self, forKey: .footnotes) ?? []
    remarks = try c.decodeIfPresent(String.self, forKey: .remarks)
    ownerSignatures = try c.decodeIfPresent([OwnerSignature].self, forKey: .ownerSignatures) ?? []
    otherElements = try c.decodeIfPresent([OtherElement].self, forKey: .otherElements)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(accessionNumber, forKey: .accessionNumber)
    try c.encodeIfPresent(filedAt, forKey: .filedAt)
    try c.encodeIfPresent(acceptanceDateTime, forKey: .acceptanceDateTime)
    try c.encodeIfPresent(submissionType, forKey: .submissionType)
    try c.encodeIfPresent(amends, forKey: .amends)
    try c.encodeIfPresent(schemaVersion, forKey: .schemaVersion)
    try c.encode(documentType, forKey: .documentType)
    try c.encode(periodOfReport, forKey: .periodOfReport)
    try c.encodeIfPresent(dateOfOriginalSubmission, forKey: .dateOfOriginalSubmission)
    try c.encodeIfPresent(noSecuritiesOwned, forKey: .noSecuritiesOwned)
    try c.encodeIfPresent(notSubjectToSection16, forKey: .notSubjectToSection16)
    try c.encodeIfPresent(form3HoldingsReported, forKey: .form3HoldingsReported)
    try c.encodeIfPresent(form4TransactionsReported, forKey: .form4TransactionsReported)
    try c.encode(issuer, forKey: .issuer)
    try c.encode(reportingOwners, forKey: .reportingOwners)
    try c.encodeIfPresent(aff10b5One, forKey: .aff10b5One)
    try c.encodeIfPresent(nonDerivativeTable, forKey: .nonDerivativeTable)
    try c.encodeIfPresent(derivativeTable, forKey: .derivativeTable)
    if !footnotes.isEmpty { try c.encode(footnotes, forKey: .footnotes) }
    try c.encodeIfPresent(remarks, forKey: .remarks)
    if !ownerSignatures.isEmpty { try c.encode(ownerSignatures, forKey: .ownerSignatures) }
    try c.encodeIfPresent(otherElements, forKey: .otherElements)
  }

  /// The rows of both tables in the ledger's canonical order: Table I then Table II, transactions
  /// before holdings, each in document order.
  public var rows: [TableRow] {
    var out: [TableRow] = []
    for (kind, table) in [(TableKind.nonDerivative, nonDerivativeTable), (.derivative, derivativeTable)] {
      guard let table else { continue }
      for (i, row) in table.transactions.enumerated() {
        out.append(TableRow(table: kind, kind: .transaction, index: i, row: row))
      }
      for (i, row) in table.holdings.enumerated() {
        out.append(TableRow(table: kind, kind: .holding, index: i, row: row))
      }
    }
    return out
  }

  /// Footnote text by id.
  public func footnote(_ id: String) -> String? { footnotes.first { $0.id == id }?.text }
}

/// The issuer: the company whose securities are reported.
public struct Issuer: Hashable, Sendable, Codable {
  public var issuerCik: CIK?
  public var issuerName: String?
  public var issuerTradingSymbol: String?

  public enum CodingKeys: String, CodingKey, CaseIterable { case issuerCik, issuerName, issuerTradingSymbol }

  public init(issuerCik: CIK? = nil, issuerName: String? = nil, issuerTradingSymbol: String? = nil) {
    self.issuerCik = issuerCik
    self.issuerName = issuerName
    self.issuerTradingSymbol = issuerTradingSymbol
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    issuerCik = try c.decodeIfPresent(CIK.self, forKey: .issuerCik)
    issuerName = try c.decodeIfPresent(String.self, forKey: .issuerName)
    issuerTradingSymbol = try c.decodeIfPresent(String.self, forKey: .issuerTradingSymbol)
  }
}

/// A reporting owner: who they are, where, and how they relate to the issuer.
public struct ReportingOwner: Hashable, Sendable, Codable {
  public var reportingOwnerId: ReportingOwnerID
  public var reportingOwnerAddress: Address?
  public var reportingOwnerRelationship: Relationship?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case reportingOwnerId, reportingOwnerAddress, reportingOwnerRelationship
  }

  public init(reportingOwnerId: ReportingOwnerID, reportingOwnerAddress: Address? = nil, reportingOwnerRelationship: Relationship? = nil) {
    self.reportingOwnerId = reportingOwnerId
    self.reportingOwnerAddress = reportingOwnerAddress
    self.reportingOwnerRelationship = reportingOwnerRelationship
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    reportingOwnerId = try c.decode(ReportingOwnerID.self, forKey: .reportingOwnerId)
    reportingOwnerAddress = try c.decodeIfPresent(Address.self, forKey: .reportingOwnerAddress)
    reportingOwnerRelationship = try c.decodeIfPresent(Relationship.self, forKey: .reportingOwnerRelationship)
  }

  public struct ReportingOwnerID: Hashable, Sendable, Codable {
    public var rptOwnerCik: CIK?
    public var rptOwnerCcc: String?
    public var rptOwnerName: String?

    public enum CodingKeys: String, CodingKey, CaseIterable { case rptOwnerCik, rptOwnerCcc, rptOwnerName }

    public init(rptOwnerCik: CIK? = nil, rptOwnerCcc: String? = nil, rptOwnerName: String? = nil) {
      self.rptOwnerCik = rptOwnerCik
      self.rptOwnerCcc = rptOwnerCcc
      self.rptOwnerName = rptOwnerName
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      rptOwnerCik = try c.decodeIfPresent(CIK.self, forKey: .rptOwnerCik)
      rptOwnerCcc = try c.decodeIfPresent(String.self, forKey: .rptOwnerCcc)
      rptOwnerName = try c.decodeIfPresent(String.self, forKey: .rptOwnerName)
    }
  }

  public struct Address: Hashable, Sendable, Codable {
    public var rptOwnerStreet1: String?
    public var rptOwnerStreet2: String?
    public var rptOwnerCity: String?
    public var rptOwnerState: String?
    public var rptOwnerZipCode: String?
    public var rptOwnerStateDescription: String?
    public var rptOwnerGoodAddress: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
      case rptOwnerStreet1, rptOwnerStreet2, rptOwnerCity, rptOwnerState, rptOwnerZipCode
      case rptOwnerStateDescription, rptOwnerGoodAddress
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      rptOwnerStreet1 = try c.decodeIfPresent(String.self, forKey: .rptOwnerStreet1)
      rptOwnerStreet2 = try c.decodeIfPresent(String.self, forKey: .rptOwnerStreet2)
      rptOwnerCity = try c.decodeIfPresent(String.self, forKey: .rptOwnerCity)
      rptOwnerState = try c.decodeIfPresent(String.self, forKey: .rptOwnerState)
      rptOwnerZipCode = try c.decodeIfPresent(String.self, forKey: .rptOwnerZipCode)
      rptOwnerStateDescription = try c.decodeIfPresent(String.self, forKey: .rptOwnerStateDescription)
      rptOwnerGoodAddress = try c.decodeIfPresent(String.self, forKey: .rptOwnerGoodAddress)
    }
  }

  public struct Relationship: Hashable, Sendable, Codable {
    public var isDirector: Flag?
    public var isOfficer: Flag?
    public var isTenPercentOwner: Flag?
    public var isOther: Flag?
    public var officerTitle: String?
    public var otherText: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
      case isDirector, isOfficer, isTenPercentOwner, isOther, officerTitle, otherText
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      isDirector = try c.decodeIfPresent(Flag.self, forKey: .isDirector)
      isOfficer = try c.decodeIfPresent(Flag.self, forKey: .isOfficer)
      isTenPercentOwner = try c.decodeIfPresent(Flag.self, forKey: .isTenPercentOwner)
      isOther = try c.decodeIfPresent(Flag.self, forKey: .isOther)
      officerTitle = try c.decodeIfPresent(String.self, forKey: .officerTitle)
      otherText = try c.decodeIfPresent(String.self, forKey: .otherText)
    }

    /// "Director, Officer (CEO), 10% Owner" for people.
    public var summary: String {
      var parts: [String] = []
      if isDirector?.value == true { parts.append("Director") }
      if isOfficer?.value == true { parts.append(officerTitle.map { "Officer (\($0))" } ?? "Officer") }
      if isTenPercentOwner?.value == true { parts.append("10% Owner") }
      if isOther?.value == true { parts.append(otherText.map { "Other (\($0))" } ?? "Other") }
      return parts.joined(separator: ", ")
    }
  }
}

/// A footnote: `<footnote id="F1">text</footnote>`.
public struct Footnote: Hashable, Sendable, Codable {
  public var id: String
  public var text: String

  public enum CodingKeys: String, CodingKey, CaseIterable { case id, text }

  public init(id: String, text: String) {
    self.id = id
    self.text = text
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    text = try c.decode(String.self, forKey: .text)
  }
}

/// A signature: who signed and when.
public struct OwnerSignature: Hashable, Sendable, Codable {
  public var signatureName: String?
  public var signatureDate: LedgerDate?

  public enum CodingKeys: String, CodingKey, CaseIterable { case signatureName, signatureDate }

  public init(signatureName: String?, signatureDate: LedgerDate?) {
    self.signatureName = signatureName
    self.signatureDate = signatureDate
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    signatureName = try c.decodeIfPresent(String.self, forKey: .signatureName)
    signatureDate = try c.decodeIfPresent(LedgerDate.self, forKey: .signatureDate)
  }
}

/// An XML element outside the modelled schema, kept with its path, text and attributes.
public struct OtherElement: Hashable, Sendable, Codable {
  public var path: String
  public var text: String?
  public var attributes: [String: String]?

  public init(path: String, text: String?, attributes: [String: String]?) {
    self.path = path
    self.text = text
    self.attributes = attributes
  }
}

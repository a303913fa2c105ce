import Foundation

/// Reads EDGAR ownership XML (`<ownershipDocument>`, schema versions X0201 to X0609) into an
/// `OwnershipDocument`. The version is never branched on: every element the schemas define is
/// read where it appears, and any other element is kept in `otherElements`.
public enum EdgarXML {
  public static func decode(_ data: Data, file: String) throws(LedgerError) -> OwnershipDocument {
    let root: XMLElementNode
    switch XMLTree.parse(data) {
    case .success(let r): root = r
    case .failure(.doctype):
      throw .invalidFile(file: file, message: "has a DOCTYPE or entity declaration, which ownership XML never has; refused")
    case .failure(.tooDeep):
      throw .invalidFile(file: file, message: "XML is nested more than \(XMLTree.maxDepth) levels deep; refused")
    case .failure(.tooLarge):
      throw .invalidFile(file: file, message: "XML has more than \(XMLTree.maxElements) elements; refused")
    case .failure(.truncated(let element)):
      throw .invalidFile(file: file, message: "XML ends before <\(element)> is closed (the file is cut short); refused")
    case .failure(.malformed(let line, let message)):
      throw .invalidFile(file: file, message: "line \(line): XML is not well-formed (\(message))")
    }
    guard root.name == "ownershipDocument" else {
      throw .notAFiling(file: file, reason: "XML but not an EDGAR ownership document (root element <\(root.name)>)")
    }
    var doc: OwnershipDocument
    do {
      doc = try Mapper.document(root)
    } catch {
      throw .invalidField(file: file, path: error.path, message: error.message)
    }
    do {
      try FilingValidator.validate(doc)
    } catch {
      throw .invalidField(file: file, path: error.path, message: error.message)
    }
    return doc
  }
}

/// Maps the element tree to the model. Paths in errors are the model's (as in filing JSON); they
/// are passed unevaluated and built only for an error.
private enum Mapper {
  typealias Node = XMLElementNode

  static func document(_ root: Node) throws(FieldError) -> OwnershipDocument {
    root.consumed = true
    let documentType: FormType = try required(root, "documentType", "documentType") { FormType(lenient: $0) } describe: {
      "\(quoted($0)) is not a form type (3, 4, 5, 3/A, 4/A, 5/A)"
    }
    let period: LedgerDate = try required(root, "periodOfReport", "periodOfReport") { LedgerDate($0) } describe: {
      "\(quoted($0)) is not a date (YYYY-MM-DD)"
    }
    let issuerNode = child(root, "issuer")
    var issuer = Issuer()
    if let issuerNode {
      issuer.issuerCik = try optional(issuerNode, "issuerCik", "issuer.issuerCik") { CIK($0) } describe: {
        "\(quoted($0)) is not a CIK (up to 10 digits)"
      }
      issuer.issuerName = text(issuerNode, "issuerName")
      issuer.issuerTradingSymbol = text(issuerNode, "issuerTradingSymbol")
    } else {
      throw FieldError(path: "issuer", message: "is required")
    }
    var owners: [ReportingOwner] = []
    for (i, node) in children(root, "reportingOwner").enumerated() {
      owners.append(try owner(node, path: "reportingOwners[\(i)]"))
    }
    var doc = OwnershipDocument(documentType: documentType, periodOfReport: period, issuer: issuer, reportingOwners: owners)
    doc.schemaVersion = text(root, "schemaVersion")
    doc.dateOfOriginalSubmission = try optional(root, "dateOfOriginalSubmission", "dateOfOriginalSubmission") {
      LedgerDate($0)
    } describe: { "\(quoted($0)) is not a date (YYYY-MM-DD)" }
    doc.noSecuritiesOwned = try flag(root, "noSecuritiesOwned", "noSecuritiesOwned")
    doc.notSubjectToSection16 = try flag(root, "notSubjectToSection16", "notSubjectToSection16")
    doc.form3HoldingsReported = try flag(root, "form3HoldingsReported", "form3HoldingsReported")
    doc.form4TransactionsReported = try flag(root, "form4TransactionsReported", "form4TransactionsReported")
    doc.aff10b5One = try flag(root, "aff10b5One", "aff10b5One")
    if let t = child(root, "nonDerivativeTable") {
      doc.nonDerivativeTable = try table(t, derivative: false)
    }
    if let t = child(root, "derivativeTable") {
      doc.derivativeTable = try table(t, derivative: true)
    }
    if let f = child(root, "footnotes") {
      for (i, node) in children(f, "footnote").enumerated() {
        guard let id = node.attributes["id"]?.nonEmptyTrimmed else {
          throw FieldError(path: "footnotes[\(i)].id", message: "is required")
        }
        doc.footnotes.append(Footnote(id: id, text: node.trimmedText ?? ""))
      }
    }
    doc.remarks = text(root, "remarks")
    for (i, node) in children(root, "ownerSignature").enumerated() {
      let date = try optional(node, "signatureDate", "ownerSignatures[\(i)].signatureDate") { LedgerDate($0) } describe: {
        "\(quoted($0)) is not a date (YYYY-MM-DD)"
      }
      doc.ownerSignatures.append(OwnerSignature(signatureName: text(node, "signatureName"), signatureDate: date))
    }
    var others: [OtherElement] = []
    // Usually every element was read: then there is nothing to walk the tree for.
    if !root.documentFullyConsumed { try collectUnconsumed(root, path: root.name, into: &others) }
    doc.otherElements = others.isEmpty ? nil : others
    return doc
  }

  static func owner(_ node: Node, path: @autoclosure () -> String) throws(FieldError) -> ReportingOwner {
    var id = ReportingOwner.ReportingOwnerID()
    if let idNode = child(node, "reportingOwnerId") {
      id.rptOwnerCik = try optional(idNode, "rptOwnerCik", path() + ".reportingOwnerId.rptOwnerCik") { CIK($0) } describe: {
        "\(quoted($0)) is not a CIK (up to 10 digits)"
      }
      id.rptOwnerCcc = text(idNode, "rptOwnerCcc")
      id.rptOwnerName = text(idNode, "rptOwnerName")
    }
    var owner = ReportingOwner(reportingOwnerId: id)
    if let a = child(node, "reportingOwnerAddress") {
      var address = ReportingOwner.Address()
      address.rptOwnerStreet1 = text(a, "rptOwnerStreet1")
      address.rptOwnerStreet2 = text(a, "rptOwnerStreet2")
      address.rptOwnerCity = text(a, "rptOwnerCity")
      address.rptOwnerState = text(a, "rptOwnerState")
      address.rptOwnerZipCode = text(a, "rptOwnerZipCode")
      address.rptOwnerStateDescription = text(a, "rptOwnerStateDescription")
      address.rptOwnerGoodAddress = text(a, "rptOwnerGoodAddress")
      owner.reportingOwnerAddress = address
    }
    if let r = child(node, "reportingOwnerRelationship") {
      func p() -> String { path() + ".reportingOwnerRelationship" }
      var rel = ReportingOwner.Relationship()
      rel.isDirector = try flag(r, "isDirector", p() + ".isDirector")
      rel.isOfficer = try flag(r, "isOfficer", p() + ".isOfficer")
      rel.isTenPercentOwner = try flag(r, "isTenPercentOwner", p() + ".isTenPercentOwner")
      rel.isOther = try flag(r, "isOther", p() + ".isOther")
      rel.officerTitle = text(r, "officerTitle")
      rel.otherText = text(r, "otherText")
      owner.reportingOwnerRelationship = rel
    }
    return owner
  }

  static func table(_ node: Node, derivative: Bool) throws(FieldError) -> Table {
    let prefix = derivative ? "derivativeTable" : "nonDerivativeTable"
    let txName = derivative ? "derivativeTransaction" : "nonDerivativeTransaction"
    let holdName = derivative ? "derivativeHolding" : "nonDerivativeHolding"
    var table = Table()
    for (i, n) in children(node, txName).enumerated() {
      table.transactions.append(try row(n, path: "\(prefix).transactions[\(i)]"))
    }
    for (i, n) in children(node, holdName).enumerated() {
      table.holdings.append(try row(n, path: "\(prefix).holdings[\(i)]"))
    }
    // A row of the other table here would be kept aside and never counted.
    let (otherTx, otherHold) = derivative ? ("nonDerivativeTransaction", "nonDerivativeHolding") : ("derivativeTransaction", "derivativeHolding")
    if let stray = node.children.first(where: { $0.isNamed(otherTx) || $0.isNamed(otherHold) }) {
      throw FieldError(path: prefix, message: "holds a <\(stray.name)>, a row of \(derivative ? "nonDerivativeTable" : "derivativeTable"); refused")
    }
    return table
  }

  static func row(_ node: Node, path p: @autoclosure () -> String) throws(FieldError) -> ReportedRow {
    let title = try reported(node, "securityTitle", p() + ".securityTitle") { Optional($0) }
    let nature = child(node, "ownershipNature")
    let direct: Reported<DirectOrIndirect>? =
      try nature.flatMap { n throws(FieldError) in
        try reported(n, "directOrIndirectOwnership", p() + ".ownershipNature.directOrIndirectOwnership") {
          DirectOrIndirect(rawValue: $0.uppercased())
        } describe: { "\(quoted($0)) is not D or I" }
      }
    var natureOf: Reported<String>?
    if let nature { natureOf = try reported(nature, "natureOfOwnership", p() + ".ownershipNature.natureOfOwnership") { Optional($0) } }
    var r = ReportedRow(
      securityTitle: title ?? Reported(nil),
      ownershipNature: OwnershipNature(directOrIndirectOwnership: direct ?? Reported(nil), natureOfOwnership: natureOf))
    r.conversionOrExercisePrice = try amount(node, "conversionOrExercisePrice", p())
    r.transactionDate = try date(node, "transactionDate", p())
    r.deemedExecutionDate = try date(node, "deemedExecutionDate", p())
    if let c = child(node, "transactionCoding") {
      var coding = TransactionCoding()
      coding.transactionFormType = text(c, "transactionFormType")
      coding.transactionCode = try optional(c, "transactionCode", p() + ".transactionCoding.transactionCode") {
        TransactionCode(rawValue: $0.uppercased())
      } describe: {
        "\(quoted($0)) is not a transaction code (one of \(TransactionCode.allCases.map(\.rawValue).joined(separator: ", ")))"
      }
      coding.equitySwapInvolved = try flag(c, "equitySwapInvolved", p() + ".transactionCoding.equitySwapInvolved")
      let ids = try footnoteIds(c, p() + ".transactionCoding")
      coding.footnoteIds = ids.isEmpty ? nil : ids
      r.transactionCoding = coding
    }
    r.transactionTimeliness = try reported(node, "transactionTimeliness", p() + ".transactionTimeliness") {
      Timeliness(rawValue: $0.uppercased())
    } describe: { "\(quoted($0)) is not E or L" }
    if let a = child(node, "transactionAmounts") {
      func ap() -> String { p() + ".transactionAmounts" }
      var amounts = TransactionAmounts()
      amounts.transactionShares = try amount(a, "transactionShares", ap())
      amounts.transactionTotalValue = try amount(a, "transactionTotalValue", ap())
      amounts.transactionPricePerShare = try amount(a, "transactionPricePerShare", ap())
      amounts.transactionAcquiredDisposedCode = try reported(a, "transactionAcquiredDisposedCode", ap() + ".transactionAcquiredDisposedCode") {
        AcquiredDisposed(rawValue: $0.uppercased())
      } describe: { "\(quoted($0)) is not A or D" }
      r.transactionAmounts = amounts
    }
    r.exerciseDate = try date(node, "exerciseDate", p())
    r.expirationDate = try date(node, "expirationDate", p())
    if let u = child(node, "underlyingSecurity") {
      func up() -> String { p() + ".underlyingSecurity" }
      var underlying = UnderlyingSecurity()
      underlying.underlyingSecurityTitle = try reported(u, "underlyingSecurityTitle", up() + ".underlyingSecurityTitle") { Optional($0) }
      underlying.underlyingSecurityShares = try amount(u, "underlyingSecurityShares", up())
      underlying.underlyingSecurityValue = try amount(u, "underlyingSecurityValue", up())
      r.underlyingSecurity = underlying
    }
    if let post = child(node, "postTransactionAmounts") {
      func pp() -> String { p() + ".postTransactionAmounts" }
      r.postTransactionAmounts = PostTransactionAmounts(
        sharesOwnedFollowingTransaction: try amount(post, "sharesOwnedFollowingTransaction", pp()),
        valueOwnedFollowingTransaction: try amount(post, "valueOwnedFollowingTransaction", pp()))
    }
    return r
  }

  // MARK: - Leaves

  static func child(_ node: Node, _ name: String) -> Node? {
    guard let c = node.children.first(where: { $0.isNamed(name) && !$0.consumed }) else { return nil }
    c.consumed = true
    return c
  }

  static func children(_ node: Node, _ name: String) -> [Node] {
    let found = node.children.filter { $0.isNamed(name) }
    for c in found { c.consumed = true }
    return found
  }

  /// The text of a plain element (or of its `<value>` child, which some filers add).
  static func text(_ node: Node, _ name: String) -> String? {
    guard let c = child(node, name) else { return nil }
    if let v = child(c, "value") { return v.trimmedText }
    return c.trimmedText
  }

  /// The ids of a field's `<footnoteId id="..."/>` children; one without an id refers to
  /// nothing and is refused.
  static func footnoteIds(_ node: Node, _ path: @autoclosure () -> String) throws(FieldError) -> [String] {
    var ids: [String] = []
    for c in children(node, "footnoteId") {
      guard let id = c.attributes["id"]?.nonEmptyTrimmed else { throw FieldError(path: path() + ".footnoteId", message: "has no id") }
      ids.append(id)
    }
    return ids
  }

  static func reported<T>(
    _ node: Node, _ name: String, _ path: @autoclosure () -> String, parse: (String) -> T?,
    describe: (String) -> String = { "\(quoted($0)) is not valid here" }
  ) throws(FieldError) -> Reported<T>? {
    guard let c = child(node, name) else { return nil }
    let raw: String?
    if let v = child(c, "value") { raw = v.trimmedText } else { raw = c.trimmedText }
    let ids = try footnoteIds(c, path())
    var value: T?
    if let raw {
      guard let parsed = parse(raw) else { throw FieldError(path: path(), message: describe(raw)) }
      value = parsed
    }
    if value == nil && ids.isEmpty { return nil }
    return Reported(value, footnoteIds: ids)
  }

  static func amount(_ node: Node, _ name: String, _ prefix: @autoclosure () -> String) throws(FieldError) -> Reported<Amount>? {
    var failure: Amount.ParseError?
    let r: Reported<Amount>? = try reported(node, name, prefix() + "." + name) { text in
      switch Amount.parse(text) {
      case .success(let a) where !a.isNegative: return a
      case .success: failure = nil
      case .failure(let f): failure = f
      }
      return nil
    } describe: { text in
      switch failure {
      case .outOfRange: "\(quoted(text)) is out of range"
      case .notANumber: "\(quoted(text)) is not a number"
      case nil: "\(quoted(text)) is negative"
      }
    }
    return r
  }

  static func date(_ node: Node, _ name: String, _ prefix: @autoclosure () -> String) throws(FieldError) -> Reported<LedgerDate>? {
    try reported(node, name, prefix() + "." + name) { LedgerDate($0) } describe: { "\(quoted($0)) is not a date (YYYY-MM-DD)" }
  }

  static func flag(_ node: Node, _ name: String, _ path: @autoclosure () -> String) throws(FieldError) -> Flag? {
    try optional(node, name, path()) { Flag(text: $0) } describe: { "\(quoted($0)) is not a boolean (0, 1, true, false)" }
  }

  static func optional<T>(
    _ node: Node, _ name: String, _ path: @autoclosure () -> String, parse: (String) -> T?, describe: (String) -> String
  ) throws(FieldError) -> T? {
    guard let raw = text(node, name) else { return nil }
    guard let v = parse(raw) else { throw FieldError(path: path(), message: describe(raw)) }
    return v
  }

  static func required<T>(_ node: Node, _ name: String, _ path: String, parse: (String) -> T?, describe: (String) -> String) throws(FieldError) -> T {
    guard let v = try optional(node, name, path, parse: parse, describe: describe) else {
      throw FieldError(path: path, message: "is required")
    }
    return v
  }

  /// How many elements the schemas do not define a document may carry (kept verbatim in
  /// `otherElements`); real filings have a handful at most.
  static let maxOtherElements = 10_000

  /// Elements that are rows or tables: met anywhere the mapper did not read them, they are
  /// misplaced rows that would never be counted.
  static let rowElements: Set<String> = [
    "nonDerivativeTransaction", "nonDerivativeHolding", "derivativeTransaction", "derivativeHolding", "nonDerivativeTable",
    "derivativeTable", "reportingOwner",
  ]

  /// Records every element the mapper did not read, with its path, text and attributes. Refuses
  /// an element the mapper read once and finds again beside it with other content (a second
  /// `<value>`, two `<documentType>`): which one the filer meant cannot be told. One pass over
  /// each element's children: a document of many unknown siblings costs what it weighs.
  static func collectUnconsumed(_ node: Node, path: String, into out: inout [OtherElement]) throws(FieldError) {
    // Paths are built only on the way to what was not read (usually nothing).
    var seen: [String: Int] = [:]
    var read: [String: Node] = [:]
    for c in node.children where c.consumed { read[c.name] = read[c.name] ?? c }
    for c in node.children {
      let n = (seen[c.name] ?? 0) + 1
      seen[c.name] = n
      guard !c.consumed || hasUnconsumed(c) else { continue }
      let p = "\(path)/\(c.name)[\(n)]"
      if !c.consumed {
        if let first = read[c.name], !sameContent(first, c) {
          throw FieldError(path: p, message: "a second <\(c.name)> that differs from the first; refused")
        }
        if rowElements.contains(c.name) {
          throw FieldError(path: p, message: "<\(c.name)> is not where the form puts it; refused")
        }
        out.append(OtherElement(path: p, text: c.trimmedText, attributes: c.attributes.isEmpty ? nil : c.attributes))
        guard out.count <= maxOtherElements else {
          throw FieldError(path: path, message: "more than \(maxOtherElements) elements the ownership schemas do not define; refused")
        }
      }
      try collectUnconsumed(c, path: p, into: &out)
    }
  }

  /// Whether two elements say the same: the same text and attributes, and no children.
  static func sameContent(_ a: Node, _ b: Node) -> Bool {
    a.children.isEmpty && b.children.isEmpty && a.trimmedText == b.trimmedText && a.attributes == b.attributes
  }

  static func hasUnconsumed(_ node: Node) -> Bool {
    node.children.contains { !$0.consumed || hasUnconsumed($0) }
  }
}

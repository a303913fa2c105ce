import Foundation

/// What makes two rows the same position line: owner set, issuer, security, direct or indirect
/// with its nature, and for derivatives the exercise price and expiration. Titles are compared
/// ignoring case and spacing, natures ignoring punctuation too ("Fund IV, LP" = "Fund IV LP").
/// A nature that only points to its footnotes ("See Footnote", or none but footnote ids) is
/// told apart by the holders those footnotes name (`holderKey`): a fund manager's Form 3 lists
/// a dozen holdings, each "See Footnote" citing the footnote that names its fund, and each is a
/// line of its own; the next filing numbers its footnotes afresh but names the same funds. A
/// nature naming only a kind of holder ("By Trust", "By Fund") adds the holders its footnotes
/// name, when they name any (a footnote "The Elon Musk Revocable Trust dated July 22, 2003"
/// names none: "held by" is what marks a holder).
/// The underlying security's title is descriptive, not part of the identity: filers write
/// "Common Stock" on one row and "Common" on the next for the same position, and the line shows
/// the latest title.
public struct LineFacts: Hashable, Sendable {
  public var derivative: Bool
  public var unit: Unit
  public var ownership: DirectOrIndirect
  public var nature: String
  /// What of the nature identifies the line: the nature as compared, or for a nature that
  /// points to its footnotes, the holders they name (`holderKey`, each after a 0x1E); for a
  /// nature naming a kind of holder, the nature then the holders its footnotes name.
  public var natureKey: String
  public var security: String
  public var exercisePrice: String?
  public var expirationDate: String?
  public var underlying: String?

  /// Shares (a count of securities) or value (dollars, for value-denominated rows).
  public enum Unit: String, Sendable, Codable {
    case shares, value
  }

  /// The line of a row; `footnotes` are its filing's (read when the nature points to them).
  public init(row r: TableRow, footnotes: [Footnote] = []) {
    let row = r.row
    derivative = r.table == .derivative
    let post = row.postTransactionAmounts
    if post?.valueOwnedFollowingTransaction != nil {
      unit = .value
    } else if post?.sharesOwnedFollowingTransaction != nil {
      unit = .shares
    } else if row.transactionAmounts?.transactionTotalValue != nil {
      unit = .value
    } else {
      unit = .shares
    }
    ownership = row.ownershipNature.directOrIndirectOwnership.value ?? .direct
    if ownership == .indirect {
      let reported = row.ownershipNature.natureOfOwnership
      nature = LineFacts.display(reported) ?? ""
      let ids = reported?.footnoteIds ?? []
      let value = reported?.value ?? ""
      func texts() -> [String] { ids.map { id in footnotes.first { $0.id == id }?.text ?? id } }
      if !ids.isEmpty, NameKey.pointsToFootnotes(value) {
        // The pointer's own words ("See footnote (3)") say nothing: the holders alone decide.
        natureKey = LineFacts.holderKey(texts())
      } else if !ids.isEmpty, NameKey.namesAKindOfHolder(value) {
        // "By Trust": which trust, when a footnote names it.
        natureKey = NameKey.nature(nature) + LineFacts.holders(texts()).map { "\u{1E}" + $0 }.joined()
      } else {
        natureKey = NameKey.nature(nature)
      }
    } else {
      nature = ""
      natureKey = ""
    }
    security = LineFacts.display(row.securityTitle) ?? ""
    if derivative {
      exercisePrice = row.conversionOrExercisePrice?.value?.description
      expirationDate = row.expirationDate?.value?.description
      underlying = row.underlyingSecurity?.underlyingSecurityTitle?.value?.nonEmptyTrimmed
    }
  }

  /// What of a nature's footnotes identifies its line: the holders they name (`NameKey.holder`),
  /// each once in order, or when they name none, their whole texts as natures are compared.
  /// Filers reword the rest of such a footnote from one filing to the next ("which is the
  /// general partner" becomes "which is general partner"), but seldom the holder's name.
  static func holderKey(_ texts: [String]) -> String {
    let named = holders(texts)
    return (named.isEmpty ? texts.map(NameKey.nature) : named).map { "\u{1E}" + $0 }.joined()
  }

  /// The holders footnotes name, each once, in order.
  static func holders(_ texts: [String]) -> [String] {
    var named: [String] = []
    for text in texts {
      if let h = NameKey.holder(named: text), !named.contains(h) { named.append(h) }
    }
    return named
  }

  /// The reported text, or when only footnotes were given, `[F1]` so that such lines stay apart.
  static func display(_ reported: Reported<String>?) -> String? {
    guard let reported else { return nil }
    if let v = reported.value?.nonEmptyTrimmed { return v }
    if !reported.footnoteIds.isEmpty { return "[" + reported.footnoteIds.joined(separator: ",") + "]" }
    return nil
  }

  /// The identity of the line for one issuer and owner set.
  public func key(issuerID: Int64, ownerGroup: String) -> String {
    LineFacts.key(issuerID: issuerID, ownerGroup: ownerGroup, suffix: keySuffix)
  }

  /// The part of the key that depends on the row alone (computed off the writer's thread).
  public var keySuffix: String {
    // Written as bytes, one part after another (this runs once per row, in appends and
    // rebuilds alike).
    var k: [UInt8] = []
    k.reserveCapacity(96)
    func part(_ text: String) {
      k.append(0x1F)
      k.append(contentsOf: text.utf8)
    }
    func title(_ text: String) {
      k.append(0x1F)
      if !NameKey.appendTitle(text, to: &k) { k.append(contentsOf: NameKey.title(text).utf8) }
    }
    part(derivative ? "2" : "1")
    part(unit.rawValue)
    part(ownership.rawValue)
    k.append(0x1F)
    k.append(contentsOf: natureKey.utf8)
    title(security)
    part(exercisePrice ?? "")
    part(expirationDate ?? "")
    return String(decoding: k, as: UTF8.self)
  }

  static func key(issuerID: Int64, ownerGroup: String, suffix: String) -> String {
    keyPrefix(issuerID: issuerID, ownerGroup: ownerGroup) + suffix
  }

  /// Who holds the line whose key is `key`: its direct-or-indirect part and its `natureKey`,
  /// read from the key (the suffix's parts after the table and the unit). Two lines of one
  /// security with the same holder differ only by their terms (price, expiration, unit).
  static func holder(ofKey key: String, issuerID: Int64, ownerGroup: String) -> String {
    let parts = key.utf8.dropFirst(keyPrefix(issuerID: issuerID, ownerGroup: ownerGroup).utf8.count)
      .split(separator: 0x1F, maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6 else { return key }
    return String(decoding: parts[3], as: UTF8.self) + "\u{1F}" + String(decoding: parts[4], as: UTF8.self)
  }

  /// The part of a line's key that all the lines of one filing share.
  static func keyPrefix(issuerID: Int64, ownerGroup: String) -> String {
    String(issuerID) + "\u{1F}" + ownerGroup
  }
}

/// The figures one row contributes to its line.
public struct EntryFacts: Hashable, Sendable {
  public var validDate: LedgerDate
  public var code: TransactionCode?
  public var acquiredDisposed: AcquiredDisposed?
  /// The row's own amount: shares, or dollars on a value line.
  public var amount: Amount?
  /// `amount` signed by the A/D flag, when it is in the line's unit.
  public var delta: Amount?
  /// The reported amount owned after the row (the filer's running tally), when reported.
  public var post: Amount?
  public var price: Amount?
  public var underlyingAmount: Amount?

  public init(row r: TableRow, unit: LineFacts.Unit, periodOfReport: LedgerDate) {
    let row = r.row
    switch r.kind {
    case .transaction:
      validDate = row.transactionDate?.value ?? periodOfReport
      code = row.transactionCoding?.transactionCode
      acquiredDisposed = row.transactionAmounts?.transactionAcquiredDisposedCode?.value
      let shares = row.transactionAmounts?.transactionShares?.value
      let value = row.transactionAmounts?.transactionTotalValue?.value
      amount = unit == .value ? (value ?? shares) : (shares ?? value)
      let inUnit = unit == .value ? value : shares
      if let inUnit, let ad = acquiredDisposed {
        delta = ad == .acquired ? inUnit : -inUnit
      }
      price = row.transactionAmounts?.transactionPricePerShare?.value
    case .holding:
      validDate = periodOfReport
    }
    let p = row.postTransactionAmounts
    post = unit == .value ? p?.valueOwnedFollowingTransaction?.value : p?.sharesOwnedFollowingTransaction?.value
    if r.sharesFromUnderlying { post = row.underlyingSecurity?.underlyingSecurityShares?.value }
    underlyingAmount = row.underlyingSecurity?.underlyingSecurityShares?.value ?? row.underlyingSecurity?.underlyingSecurityValue?.value
  }
}

extension TableRow {
  /// A derivative holding that reports no amount of its own, only the underlying amount (Form
  /// 3's Table II has no other amount column): its line's amount is the underlying amount. A
  /// post amount given only by a footnote is not absent: it stays unknown.
  public var sharesFromUnderlying: Bool {
    guard table == .derivative, kind == .holding else { return false }
    let p = row.postTransactionAmounts
    return (p?.sharesOwnedFollowingTransaction?.isEmpty ?? true) && (p?.valueOwnedFollowingTransaction?.isEmpty ?? true)
      && row.underlyingSecurity?.underlyingSecurityShares?.value != nil
  }
}

import Foundation

/// What a person beneficially owns of one class of an issuer's equity under Rule 13d-3: the
/// shares held (directly and indirectly) plus the shares they have the right to acquire within
/// 60 days, through open derivative lines exercisable by then. This is the figure a proxy
/// statement's ownership table reports.
public struct BeneficialOwnership: Sendable {
  public var owner: PartyRef
  public var issuer: IssuerRef
  /// The class, as titled on the person's latest-sorted line of it.
  public var security: String
  /// Non-derivative balance in the class.
  public var shares: Amount
  /// Underlying shares of open derivative lines exercisable within 60 days.
  public var rightToAcquire: Amount
  public var total: Amount
  /// Lines counted.
  public var lines: Int
  /// Lines of the class left out because their balance or exercisability is unknown.
  public var unknownLines: Int

  /// One summary per owner, issuer and class, from every line as of the date (zero and expired
  /// lines add nothing). Classes match by title ignoring case and spacing: a non-derivative
  /// line's security, a derivative line's underlying security. "Common Stock" and "common
  /// stock" are one class; "Class A Common Stock" is another. For a person, every line they own
  /// (alone or jointly) counts for them; for an issuer listing, for each of the line's owners.
  static func summarise(_ positions: [Position], person: PartyRef?) -> [BeneficialOwnership] {
    struct Key: Hashable {
      var owner: Int64
      var issuer: Int64
      var title: String
    }
    var byKey: [Key: BeneficialOwnership] = [:]
    byKey.reserveCapacity(positions.count)
    var order: [Key] = []
    // A holder's positions repeat a few titles: each is keyed once.
    var titleKeys: [String: String] = [:]
    func titleKey(_ title: String) -> String {
      if let known = titleKeys[title] { return known }
      let key = NameKey.title(title)
      titleKeys[title] = key
      return key
    }
    // Positions are read in place, not copied out of the array one by one (each copy retains
    // a few dozen fields).
    for i in positions.indices where positions[i].unit == .shares {
      guard let title = positions[i].derivative ? positions[i].underlying : positions[i].security else { continue }
      let holders = person.map { [$0] } ?? positions[i].owners
      for owner in holders {
        let key = Key(owner: owner.id, issuer: positions[i].issuer.id, title: titleKey(title))
        if byKey[key] == nil {
          order.append(key)
          byKey[key] = BeneficialOwnership(
            owner: owner, issuer: positions[i].issuer, security: title, shares: .zero, rightToAcquire: .zero, total: .zero, lines: 0,
            unknownLines: 0)
        }
        byKey[key]!.add(positions[i])
      }
    }
    return order.compactMap { k -> (BeneficialOwnership, Key)? in
      guard var b = byKey[k], b.lines + b.unknownLines > 0 else { return nil }
      b.total = b.shares + b.rightToAcquire
      return (b, k)
    }
    .sorted {
      ($0.0.owner.name, $0.0.issuer.name, $0.0.issuer.cik?.rawValue ?? "", $0.1.title)
        < ($1.0.owner.name, $1.0.issuer.name, $1.0.issuer.cik?.rawValue ?? "", $1.1.title)
    }
    .map(\.0)
  }

  /// Counts a position of this owner's class: a held balance, or a right to acquire.
  private mutating func add(_ p: Position) {
    if !p.derivative {
      if let balance = p.balance {
        if !balance.isZero {
          shares = shares + balance
          lines += 1
        }
      } else {
        unknownLines += 1
      }
    } else if p.status == .open, !(p.balance?.isZero ?? false) {
      if let r = p.rightToAcquire {
        rightToAcquire = rightToAcquire + r
        lines += 1
      } else {
        unknownLines += 1
      }
    }
  }
}

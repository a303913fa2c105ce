import Foundation

/// A line only its Form 3 ever reported, while later filings reported the same owners' other
/// lines at the issuer: typically the same position worded differently later (preferred stock
/// converted at the IPO, a title reworded), whose Form 3 balance would otherwise live on.
public struct StaleLine: Sendable {
  public var owners: [PartyRef]
  public var issuer: IssuerRef
  public var security: String
  public var derivative: Bool
  public var ownership: DirectOrIndirect
  public var nature: String
  /// The footnotes the nature cites on the Form 3 (for "See Footnote", they name the holder).
  public var natureFootnotes: [FootnoteRef]
  public var exercisePrice: Amount?
  public var expirationDate: LedgerDate?
  public var underlying: String?
  /// The balance the Form 3 left (nil when unknown).
  public var balance: Amount?
  /// The Form 3 that opened the line.
  public var filing: FilingID
  public var filedAt: LedgerDate
  /// A sibling line reported later, and its first row after the Form 3.
  public var laterSecurity: String
  public var laterDate: LedgerDate
  public var laterFiling: FilingID

  public var reason: String {
    "reported only on the Form 3 \(filing.rawValue) of \(filedAt); later filings report the owners' other lines at this issuer (\(laterSecurity) on \(laterDate), \(laterFiling.rawValue)) but never this one"
  }

  var sortKey: [String] {
    [
      issuer.name, security, derivative ? "1" : "0", ownership.rawValue, nature, natureFootnotes.sortKey, exercisePrice?.sortKey ?? "",
      expirationDate?.description ?? "",
    ]
  }

  /// The stale lines among `lines` (each with its entries in force and its balance), with their
  /// line ids, in the order of `lines`. A line is stale when all its rows come from one Form 3
  /// (or 3/A), its balance is not zero, and a line of the same owners, issuer and table has a
  /// row in a filing filed after that Form 3.
  static func find(_ lines: [(LineRecord, [EntryRecord], Amount?)], _ reader: inout LedgerReader) throws -> [(line: Int64, stale: StaleLine)] {
    // Siblings are looked for among the lines of the same issuer, owners and table only: a
    // holder of thousands of lines is not compared pairwise.
    struct Siblings: Hashable {
      var issuer: Int64
      var owners: String
      var derivative: Bool
      init(_ line: LineRecord) { (issuer, owners, derivative) = (line.issuerID, line.ownerGroup, line.derivative) }
    }
    var groups: [Siblings: [Int]] = [:]
    for (i, (line, _, _)) in lines.enumerated() { groups[Siblings(line), default: []].append(i) }
    var out: [(line: Int64, stale: StaleLine)] = []
    for (line, entries, balance) in lines {
      guard let first = entries.first, entries.allSatisfy({ $0.filingID == first.filingID }), !(balance?.isZero ?? false) else { continue }
      let opening = try reader.filing(first.filingID)
      guard opening.form.family == "3" else { continue }
      var later: (sibling: Int, entry: EntryRecord)?
      for j in groups[Siblings(line)] ?? [] where lines[j].0.id != line.id {
        if let e = lines[j].1.first(where: { $0.filedAt > opening.filedAt }), later.map({ EntryRecord.precedes(e, $0.entry) }) ?? true {
          later = (j, e)
        }
      }
      guard let (j, e) = later else { continue }
      let sibling = lines[j].0
      out.append((
        line.id,
        StaleLine(
          owners: try reader.parties(line.ownerGroup), issuer: try reader.issuer(line.issuerID), security: line.security,
          derivative: line.derivative, ownership: line.ownership, nature: line.nature,
          natureFootnotes: try reader.natureFootnotes(line, last: entries.last), exercisePrice: line.exercisePrice,
          expirationDate: line.expirationDate, underlying: line.underlying, balance: balance, filing: opening.filing,
          filedAt: opening.filedAt, laterSecurity: sibling.security, laterDate: e.validDate, laterFiling: e.filing)))
    }
    return out
  }
}

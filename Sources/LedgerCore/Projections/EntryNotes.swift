import EdgarOwnership
import Foundation

/// What reports show of a row beyond the entry's own columns, kept in the entry's `notes`
/// column so that no report decodes the row's event: the footnote ids of each field, its dates
/// and timeliness, and the reported amounts the entry's columns do not give back by the rules
/// below. A row with none of these (most generated rows; few real ones, which cite footnotes)
/// stores NULL.
///
/// The text is items separated by `;`:
/// - `<field>:<id>,<id>`: the footnote ids a field cites, `<field>` its number in `Field`;
/// - `x=<date>`: the date exercisable, when it is a date;
/// - `d=<date>`: the deemed execution date, when there is one;
/// - `l=E` or `l=L`: the transaction's timeliness, when given;
/// - `g=<date>` or `g=`: the transaction date, when it is not the entry's valid date (a
///   transaction's) or none (a holding's), and `f=<form>` or `f=`: the transaction's form type,
///   when it is not `4` (a transaction's) or none (a holding's);
/// - `u`: a derivative holding whose amount is its underlying amount;
/// - `nt`: a security title given by footnotes only;
/// - `s=`, `v=`, `p=`, `sa=`, `va=` (an amount, or nothing for none): transaction shares, value
///   and price, shares and value owned after, where they differ from what the entry's amount,
///   price and post give on the line's unit (`reported(kind:valueLine:amount:price:post:)`).
/// Footnote ids and form types escape `%`, `;`, `,` and `:` as `%25`, `%3B`, `%2C`, `%3A`.
public struct EntryNotes: Hashable, Sendable {
  /// The fields that cite footnotes, in the order reports list a row's footnotes.
  public enum Field: Int, CaseIterable, Sendable {
    case securityTitle, exercisePrice, transactionDate, deemedExecutionDate, coding, timeliness, shares, value, pricePerShare,
      acquiredDisposed, exerciseDate, expirationDate, underlyingTitle, underlyingShares, underlyingValue, sharesAfter, valueAfter,
      directOrIndirect, nature
  }

  /// The reported amounts, as the row gives them.
  public struct Amounts: Hashable, Sendable {
    public var shares: Amount?
    public var value: Amount?
    public var price: Amount?
    public var sharesAfter: Amount?
    public var valueAfter: Amount?
  }

  /// Each field's footnote ids, for the fields that cite any.
  public var footnotes: [Field: [String]] = [:]
  public var exerciseDate: LedgerDate?
  public var deemedExecutionDate: LedgerDate?
  public var timeliness: Timeliness?
  public var sharesFromUnderlying = false
  /// The security title is given by footnotes only (the line shows them, `[F1]`).
  public var titleByFootnote = false
  /// The transaction date and form type where they differ from `transactionDate(kind:validDate:)`
  /// and `formType(kind:)`'s rule.
  var transactionDate: LedgerDate??
  var formType: String??
  /// The amounts that differ from `reported(kind:valueLine:amount:price:post:)`'s rule; nil where the rule gives them.
  var shares: Amount??
  var value: Amount??
  var price: Amount??
  var sharesAfter: Amount??
  var valueAfter: Amount??

  public init() {}

  /// The transaction date: a transaction's is its valid date, a holding has none, unless stored.
  public func transactionDate(kind: RowKind, validDate: LedgerDate) -> LedgerDate? {
    transactionDate ?? (kind == .transaction ? validDate : nil)
  }

  /// The transaction's form type: a transaction's is `4`, a holding has none, unless stored.
  public func formType(kind: RowKind) -> String? {
    formType ?? (kind == .transaction ? "4" : nil)
  }

  /// The footnote ids a field cites.
  public func ids(_ field: Field) -> [String] { footnotes[field] ?? [] }

  /// Every footnote id the row cites, in field order, each once.
  public var allFootnoteIds: [String] {
    var ids: [String] = []
    // The fields that cite any, in field order (a row cites few of the nineteen).
    for (_, cited) in footnotes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      for id in cited where !ids.contains(id) { ids.append(id) }
    }
    return ids
  }

  /// The reported amounts: those stored, else by the rule: a transaction's amount is its shares
  /// (on a value line its value), the amount after is the entry's post in the line's unit
  /// (none when it is the underlying amount), the price is the entry's.
  public func reported(kind: RowKind, valueLine: Bool, amount: Amount?, price entryPrice: Amount?, post: Amount?) -> Amounts {
    let transaction = kind == .transaction
    let after = sharesFromUnderlying ? nil : post
    return Amounts(
      shares: shares ?? (transaction && !valueLine ? amount : nil),
      value: value ?? (transaction && valueLine ? amount : nil),
      price: price ?? entryPrice,
      sharesAfter: sharesAfter ?? (valueLine ? nil : after),
      valueAfter: valueAfter ?? (valueLine ? after : nil))
  }
}

// MARK: - From a row

extension EntryNotes {
  /// The notes of a row whose entry is `entry` on a line of `unit`.
  init(_ r: TableRow, entry: EntryFacts, unit: LineFacts.Unit) {
    let row = r.row
    let cited: [(Field, [String]?)] = [
      (.securityTitle, row.securityTitle.footnoteIds),
      (.exercisePrice, row.conversionOrExercisePrice?.footnoteIds),
      (.transactionDate, row.transactionDate?.footnoteIds),
      (.deemedExecutionDate, row.deemedExecutionDate?.footnoteIds),
      (.coding, row.transactionCoding?.footnoteIds),
      (.timeliness, row.transactionTimeliness?.footnoteIds),
      (.shares, row.transactionAmounts?.transactionShares?.footnoteIds),
      (.value, row.transactionAmounts?.transactionTotalValue?.footnoteIds),
      (.pricePerShare, row.transactionAmounts?.transactionPricePerShare?.footnoteIds),
      (.acquiredDisposed, row.transactionAmounts?.transactionAcquiredDisposedCode?.footnoteIds),
      (.exerciseDate, row.exerciseDate?.footnoteIds),
      (.expirationDate, row.expirationDate?.footnoteIds),
      (.underlyingTitle, row.underlyingSecurity?.underlyingSecurityTitle?.footnoteIds),
      (.underlyingShares, row.underlyingSecurity?.underlyingSecurityShares?.footnoteIds),
      (.underlyingValue, row.underlyingSecurity?.underlyingSecurityValue?.footnoteIds),
      (.sharesAfter, row.postTransactionAmounts?.sharesOwnedFollowingTransaction?.footnoteIds),
      (.valueAfter, row.postTransactionAmounts?.valueOwnedFollowingTransaction?.footnoteIds),
      (.directOrIndirect, row.ownershipNature.directOrIndirectOwnership.footnoteIds),
      (.nature, row.ownershipNature.natureOfOwnership?.footnoteIds),
    ]
    for (field, ids) in cited where !(ids ?? []).isEmpty { footnotes[field] = ids }
    exerciseDate = row.exerciseDate?.value
    deemedExecutionDate = row.deemedExecutionDate?.value
    timeliness = row.transactionTimeliness?.value
    let date = row.transactionDate?.value
    if date != transactionDate(kind: r.kind, validDate: entry.validDate) { transactionDate = .some(date) }
    let form = row.transactionCoding?.transactionFormType
    if form != formType(kind: r.kind) { formType = .some(form) }
    sharesFromUnderlying = r.sharesFromUnderlying
    titleByFootnote = row.securityTitle.value?.nonEmptyTrimmed == nil
    let given = Amounts(
      shares: row.transactionAmounts?.transactionShares?.value, value: row.transactionAmounts?.transactionTotalValue?.value,
      price: row.transactionAmounts?.transactionPricePerShare?.value,
      sharesAfter: row.postTransactionAmounts?.sharesOwnedFollowingTransaction?.value,
      valueAfter: row.postTransactionAmounts?.valueOwnedFollowingTransaction?.value)
    let rule = reported(kind: r.kind, valueLine: unit == .value, amount: entry.amount, price: entry.price, post: entry.post)
    if given.shares != rule.shares { shares = .some(given.shares) }
    if given.value != rule.value { value = .some(given.value) }
    if given.price != rule.price { price = .some(given.price) }
    if given.sharesAfter != rule.sharesAfter { sharesAfter = .some(given.sharesAfter) }
    if given.valueAfter != rule.valueAfter { valueAfter = .some(given.valueAfter) }
  }

  /// The text stored, or nil when there is nothing to store.
  var encoded: String? {
    var items: [String] = []
    for field in Field.allCases {
      guard let ids = footnotes[field] else { continue }
      items.append("\(field.rawValue):" + ids.map(Self.escape).joined(separator: ","))
    }
    if let exerciseDate { items.append("x=\(exerciseDate)") }
    if let deemedExecutionDate { items.append("d=\(deemedExecutionDate)") }
    if let timeliness { items.append("l=\(timeliness.rawValue)") }
    if let transactionDate { items.append("g=\(transactionDate?.description ?? "")") }
    if let formType { items.append("f=" + (formType.map(Self.escape) ?? "")) }
    if sharesFromUnderlying { items.append("u") }
    if titleByFootnote { items.append("nt") }
    for (name, amount) in [("s", shares), ("v", value), ("p", price), ("sa", sharesAfter), ("va", valueAfter)] {
      if let amount { items.append("\(name)=\(amount?.description ?? "")") }
    }
    return items.isEmpty ? nil : items.joined(separator: ";")
  }

  /// The notes a stored text gives, or nil when it is not one this version writes.
  init?(encoded text: String) {
    // Read as bytes: reports decode one of these per row shown, thousands for a big holder.
    for item in Self.pieces(Substring(text), UInt8(ascii: ";")) {
      guard read(item) else { return nil }
    }
  }

  /// Reads one item into the notes; false when it is not one this version writes.
  private mutating func read(_ item: Substring) -> Bool {
    let bytes = item.utf8
    if bytes.elementsEqual("u".utf8) {
      sharesFromUnderlying = true
    } else if bytes.elementsEqual("nt".utf8) {
      titleByFootnote = true
    } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
      guard let n = Int(item[..<colon]), let field = Field(rawValue: n) else { return false }
      footnotes[field] = Self.pieces(item[bytes.index(after: colon)...], UInt8(ascii: ",")).map(Self.unescape)
    } else if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
      let rest = item[bytes.index(after: equals)...]
      func amount() -> Amount?? { rest.isEmpty ? .some(nil) : Amount(rest).map { .some($0) } }
      func date() -> LedgerDate?? { rest.isEmpty ? .some(nil) : LedgerDate(rest).map { .some($0) } }
      switch String(item[..<equals]) {
      case "x": guard let d = LedgerDate(rest) else { return false }; exerciseDate = d
      case "d": guard let d = LedgerDate(rest) else { return false }; deemedExecutionDate = d
      case "l": guard let t = Timeliness(rawValue: String(rest)) else { return false }; timeliness = t
      case "g": guard let d = date() else { return false }; transactionDate = d
      case "f": formType = .some(rest.isEmpty ? nil : Self.unescape(rest))
      case "s": guard let a = amount() else { return false }; shares = a
      case "v": guard let a = amount() else { return false }; value = a
      case "p": guard let a = amount() else { return false }; price = a
      case "sa": guard let a = amount() else { return false }; sharesAfter = a
      case "va": guard let a = amount() else { return false }; valueAfter = a
      default: return false
      }
    } else {
      return false
    }
    return true
  }

  /// The parts of `text` between ASCII `separator`s, empty ones included.
  private static func pieces(_ text: Substring, _ separator: UInt8) -> [Substring] {
    var out: [Substring] = []
    let bytes = text.utf8
    var start = bytes.startIndex
    while let end = bytes[start...].firstIndex(of: separator) {
      out.append(text[start..<end])
      start = bytes.index(after: end)
    }
    out.append(text[start...])
    return out
  }

  private static func escape(_ id: String) -> String {
    guard id.utf8.contains(where: { $0 == 0x25 || $0 == 0x3B || $0 == 0x2C || $0 == 0x3A }) else { return id }
    var out = ""
    for c in id {
      switch c {
      case "%": out += "%25"
      case ";": out += "%3B"
      case ",": out += "%2C"
      case ":": out += "%3A"
      default: out.append(c)
      }
    }
    return out
  }

  private static func unescape(_ id: Substring) -> String {
    guard id.utf8.contains(UInt8(ascii: "%")) else { return String(id) }
    return String(id).replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
      .replacingOccurrences(of: "%3B", with: ";").replacingOccurrences(of: "%25", with: "%")
  }
}

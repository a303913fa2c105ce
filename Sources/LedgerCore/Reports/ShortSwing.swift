import Foundation
import GRDB

/// What `ledger shortswing` asks.
public struct ShortSwingRequest: Sendable {
  public enum Method: String, Sendable, CaseIterable {
    /// The largest total over all matchings.
    case max
    /// Lowest-in, highest-out.
    case liho
  }

  public var person: PersonSelector
  public var issuer: String
  public var from: LedgerDate?
  public var to: LedgerDate?
  public var knownAt: LedgerDate?
  public var method: Method
  /// Codes matched besides P and S; their A/D flag says purchase or sale.
  public var codes: Set<TransactionCode>

  public init(
    person: PersonSelector, issuer: String, from: LedgerDate? = nil, to: LedgerDate? = nil, knownAt: LedgerDate? = nil, method: Method = .max,
    codes: Set<TransactionCode> = []
  ) {
    self.person = person
    self.issuer = issuer
    self.from = from
    self.to = to
    self.knownAt = knownAt
    self.method = method
    self.codes = codes
  }
}

/// Section 16(b) short-swing profit: purchases and sales of one class, less than six months
/// apart, matched by the chosen method, with both methods' totals.
public struct ShortSwingReport: Sendable {
  public var request: ShortSwingRequest
  public var person: PartyRef
  public var issuer: IssuerRef
  public var pairs: [ShortSwingPair]
  public var total: Amount
  public var lihoTotal: Amount
  public var maxTotal: Amount
  public var excluded: [ShortSwingRow]
  /// Rows considered (purchases and sales with known shares and price).
  public var matched: Int
  public static let limits =
    "Non-derivative rows only: derivative securities are not matched. Whether the person was an insider (a 10% owner) at both ends is not determined."
}

/// A purchase or sale as the report shows it.
public struct ShortSwingRow: Sendable {
  public var date: LedgerDate
  public var security: String
  public var code: TransactionCode?
  public var acquiredDisposed: AcquiredDisposed?
  public var shares: Amount?
  public var price: Amount?
  public var ownership: DirectOrIndirect
  public var filing: FilingID
  public var form: FormType
  public var filedAt: LedgerDate
  public var row: String
  /// Why an excluded row was left out.
  public var reason: String?
}

public struct ShortSwingPair: Sendable {
  public var purchase: ShortSwingRow
  public var sale: ShortSwingRow
  public var shares: Amount
  public var profitPerShare: Amount
  public var profit: Amount
}

enum ShortSwing {
  static func compute(_ request: ShortSwingRequest, _ db: Database, statements: StatementCache = StatementCache()) throws -> ShortSwingReport {
    let person = try Lookup.person(request.person, db)
    let issuer = try Lookup.issuer(request.issuer, db)
    var reader = LedgerReader(db, statements: statements)
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    let codes = request.codes.union([.P, .S])
    var rows: [ShortSwingRow] = []
    var excluded: [ShortSwingRow] = []
    for line in try reader.lines(person: person.id, issuer: issuer.id) {
      let entries = try reader.entries(line: line.id, asOf: request.to, knownAt: request.knownAt).filter { e in
        e.kind == .transaction && e.code.map(codes.contains) == true && request.from.map { e.validDate >= $0 } ?? true
      }
      for e in try scope.filter(entries) {
        let f = try reader.filing(e.filingID)
        var row = ShortSwingRow(
          date: e.validDate, security: line.security, code: e.code, acquiredDisposed: e.acquiredDisposed, shares: e.amount, price: e.price,
          ownership: line.ownership, filing: f.filing, form: f.form, filedAt: f.filedAt, row: e.rowPath)
        if line.derivative {
          row.reason = "derivative security: not matched"
        } else if line.unit != .shares {
          row.reason = "reported as a value, not shares"
        } else if e.amount == nil {
          row.reason = "shares unknown (given only by a footnote)"
        } else if e.price == nil {
          row.reason = "price unknown (given only by a footnote)"
        } else if e.acquiredDisposed == nil {
          row.reason = "acquired or disposed unknown"
        } else if e.code == .P && e.acquiredDisposed == .disposed || e.code == .S && e.acquiredDisposed == .acquired {
          row.reason = "code \(e.code!.rawValue) contradicts its A/D flag"
        }
        if row.reason == nil { rows.append(row) } else { excluded.append(row) }
      }
    }
    let order: (ShortSwingRow, ShortSwingRow) -> Bool = {
      ($0.date, $0.filedAt, $0.filing.rawValue, $0.row) < ($1.date, $1.filedAt, $1.filing.rawValue, $1.row)
    }
    rows.sort(by: order)
    excluded.sort(by: order)
    // One class at a time: equal titles, ignoring case and spacing.
    var liho: [ShortSwingPair] = []
    var max: [ShortSwingPair] = []
    let classes = Dictionary(grouping: rows.indices) { NameKey.title(rows[$0].security) }
    for key in classes.keys.sorted() {
      let trades = classes[key]!.map { i in
        ShortSwingMatcher.Trade(id: i, date: rows[i].date, shares: rows[i].shares!, price: rows[i].price!, isPurchase: rows[i].acquiredDisposed == .acquired)
      }
      let pair: (ShortSwingMatcher.Pair) -> ShortSwingPair = { p in
        ShortSwingPair(purchase: rows[p.purchase], sale: rows[p.sale], shares: p.shares, profitPerShare: p.profitPerShare, profit: p.profit)
      }
      liho += ShortSwingMatcher.lowestInHighestOut(trades).map(pair)
      max += ShortSwingMatcher.maximum(trades).map(pair)
    }
    let pairOrder: (ShortSwingPair, ShortSwingPair) -> Bool = { a, b in
      order(a.purchase, b.purchase) || (!order(b.purchase, a.purchase) && order(a.sale, b.sale))
    }
    let chosen = (request.method == .liho ? liho : max).sorted(by: pairOrder)
    let total: ([ShortSwingPair]) -> Amount = { $0.reduce(Amount.zero) { $0 + $1.profit } }
    return ShortSwingReport(
      request: request, person: person, issuer: issuer, pairs: chosen, total: total(chosen), lihoTotal: total(liho), maxTotal: total(max),
      excluded: excluded, matched: rows.count)
  }
}

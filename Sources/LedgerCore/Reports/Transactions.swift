import Foundation
import GRDB

/// What `ledger transactions` asks.
public struct TransactionsRequest: Sendable {
  public enum Sort: String, Sendable, CaseIterable {
    /// Date, then filing date, accession and row.
    case date
    /// Value, largest first (rows of unknown value last), then date.
    case value
  }

  public enum Grouping: String, Sendable, CaseIterable {
    case person, issuer
  }

  public var person: PersonSelector?
  public var issuer: String?
  public var from: LedgerDate?
  public var to: LedgerDate?
  /// Only these codes (all when empty).
  public var codes: Set<TransactionCode>
  /// Only rows whose value (shares × price) is at least this; rows of unknown value are left out.
  public var minValue: Amount?
  public var knownAt: LedgerDate?
  public var sort: Sort
  public var groupBy: Grouping?
  /// Report clusters: several insiders transacting at one issuer within this many days.
  public var cluster: Int?

  public init(
    person: PersonSelector? = nil, issuer: String? = nil, from: LedgerDate? = nil, to: LedgerDate? = nil, codes: Set<TransactionCode> = [],
    minValue: Amount? = nil, knownAt: LedgerDate? = nil, sort: Sort = .date, groupBy: Grouping? = nil, cluster: Int? = nil
  ) {
    self.person = person
    self.issuer = issuer
    self.from = from
    self.to = to
    self.codes = codes
    self.minValue = minValue
    self.knownAt = knownAt
    self.sort = sort
    self.groupBy = groupBy
    self.cluster = cluster
  }
}

/// Transactions across people: every transaction row in force that the request selects, with
/// its owner and the owner's role on the filing, and totals or clusters when asked.
public struct TransactionsReport: Sendable {
  public var request: TransactionsRequest
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var transactions: TransactionList
  public var groups: [TransactionGroup]?
  public var clusters: [TransactionCluster]?
}

/// One transaction row.
public struct Transaction: Sendable {
  public var date: LedgerDate
  public var owner: PartyRef
  public var jointOwners: [PartyRef]
  /// The owner's relationship to the issuer on this filing: director, officer (title), 10%
  /// owner, other.
  public var role: String
  public var issuer: IssuerRef
  public var security: String
  public var derivative: Bool
  public var code: TransactionCode?
  public var acquiredDisposed: AcquiredDisposed?
  public var shares: Amount?
  public var price: Amount?
  /// Shares × price, when both are known.
  public var value: Amount?
  public var sharesAfter: Amount?
  public var filing: FilingID
  public var form: FormType
  public var filedAt: LedgerDate
  /// `nonDerivativeTable.transactions[2]`: made from the row's place when asked, as a whole
  /// ledger's listing holds millions of transactions.
  public var row: String { EntryRecord.rowPath(order: rowOrder) }
  var rowOrder: Int

  /// Date, then filing date, accession and row.
  static func precedes(_ a: Transaction, _ b: Transaction) -> Bool {
    (a.date.dayNumber, a.filedAt.dayNumber, a.filing.rawValue, a.rowOrder) < (b.date.dayNumber, b.filedAt.dayNumber, b.filing.rawValue, b.rowOrder)
  }
}

/// Totals per person or per issuer.
public struct TransactionGroup: Sendable {
  public var key: String
  public var cik: CIK?
  public var transactions: Int
  public var sharesAcquired: Amount
  public var sharesDisposed: Amount
  public var valueAcquired: Amount
  public var valueDisposed: Amount
  /// Transactions whose value is unknown (price or shares given only by a footnote).
  public var unknownValues: Int
}

/// Several insiders transacting at one issuer within a window of days.
public struct TransactionCluster: Sendable {
  public var issuer: IssuerRef
  public var from: LedgerDate
  public var to: LedgerDate
  public var insiders: [PartyRef]
  public var transactions: Int
  public var shares: Amount
  public var value: Amount
}

enum Transactions {
  /// Entries of the whole ledger read and made into transactions at a time.
  static let scanChunk = 20_000

  static func compute(
    _ request: TransactionsRequest, _ db: Database, statements: StatementCache = StatementCache(), scanChunk: Int = Transactions.scanChunk
  ) throws -> TransactionsReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    // Each chunk's transactions apart: the listing keeps them so (`TransactionList`).
    var parts: [[Transaction]] = []
    // Roles are few: each is kept once, not once per transaction.
    var roles = Set<String>()
    // A chunk's transactions, from the entries of its lines that the request selects: their
    // filings and owners' roles read in a few statements, and dropped before the next chunk.
    func make(_ chunk: [(LineRecord, [EntryRecord])]) throws {
      let selected = chunk.compactMap { line, entries -> (LineRecord, [EntryRecord])? in
        let kept = entries.filter { e in
          e.kind == .transaction && request.from.map { e.validDate >= $0 } ?? true
            && (request.codes.isEmpty || e.code.map(request.codes.contains) == true)
        }
        return kept.isEmpty ? nil : (line, kept)
      }
      try scope.prefetch(familiesOf: selected.flatMap(\.1))
      let filingIDs = selected.flatMap { $0.1.map(\.filingID) }
      reader.filingCache.removeAll(keepingCapacity: true)
      reader.roleCache.removeAll(keepingCapacity: true)
      try reader.prefetch(filings: filingIDs, footnotes: false, roles: true)
      try reader.prefetch(issuers: selected.map(\.0.issuerID))
      var made: [Transaction] = []
      for (line, entries) in selected {
        let owners = try reader.parties(line.ownerGroup)
        let owner = person ?? owners[0]
        for e in try scope.filter(entries) {
          let value = e.amount.flatMap { a in e.price.map { a * $0 } }
          if let min = request.minValue, (value ?? .zero) < min || value == nil { continue }
          let filing = try reader.filing(e.filingID)
          made.append(
            Transaction(
              date: e.validDate, owner: owner, jointOwners: owners.filter { $0 != owner },
              role: roles.insert(try reader.role(of: owner, filing: e.filingID)).memberAfterInsert,
              issuer: try reader.issuer(line.issuerID), security: line.security, derivative: line.derivative, code: e.code,
              acquiredDisposed: e.acquiredDisposed, shares: e.amount, price: e.price, value: value, sharesAfter: e.post,
              filing: filing.filing, form: filing.form, filedAt: filing.filedAt, rowOrder: e.rowOrder))
        }
      }
      parts.append(made)
    }
    if person == nil && issuer == nil {
      // The whole ledger: its transactions in the dates asked, from one pass over the entries.
      try LedgerReader.forEachTransactionChunk(db, from: request.from, to: request.to, knownAt: request.knownAt, chunk: scanChunk, make)
    } else {
      // A person's or an issuer's lines a chunk at a time, their entries in a statement per 500
      // lines.
      let lines = try reader.lines(person: person?.id, issuer: issuer?.id)
      for start in stride(from: 0, to: lines.count, by: Holdings.chunkLines) {
        let part = lines[start..<min(start + Holdings.chunkLines, lines.count)]
        let byLine = try reader.entriesByLine(lines: part.map(\.id), asOf: request.to, knownAt: request.knownAt)
        try make(part.map { ($0, byLine[$0.id] ?? []) })
      }
    }
    let out = TransactionList(parts, by: request.sort)
    var report = TransactionsReport(request: request, person: person, issuer: issuer, transactions: out)
    if let grouping = request.groupBy { report.groups = groups(out, by: grouping) }
    if let days = request.cluster { report.clusters = clusters(out, within: days) }
    return report
  }

  /// Totals per person (by CIK, else name) or per issuer, largest value first.
  static func groups(_ rows: TransactionList, by grouping: TransactionsRequest.Grouping) -> [TransactionGroup] {
    var byKey: [String: TransactionGroup] = [:]
    for t in rows {
      let (key, label, cik) =
        grouping == .person
        ? (t.owner.cik?.rawValue ?? "name:" + t.owner.name, t.owner.name, t.owner.cik)
        : (t.issuer.cik?.rawValue ?? "name:" + t.issuer.name, t.issuer.name, t.issuer.cik)
      var g =
        byKey[key]
        ?? TransactionGroup(
          key: label, cik: cik, transactions: 0, sharesAcquired: .zero, sharesDisposed: .zero, valueAcquired: .zero, valueDisposed: .zero,
          unknownValues: 0)
      g.transactions += 1
      let disposed = t.acquiredDisposed == .disposed
      if let s = t.shares {
        if disposed { g.sharesDisposed = g.sharesDisposed + s } else { g.sharesAcquired = g.sharesAcquired + s }
      }
      if let v = t.value {
        if disposed { g.valueDisposed = g.valueDisposed + v } else { g.valueAcquired = g.valueAcquired + v }
      } else {
        g.unknownValues += 1
      }
      byKey[key] = g
    }
    return byKey.values.sorted {
      let a = $0.valueAcquired + $0.valueDisposed
      let b = $1.valueAcquired + $1.valueDisposed
      return a != b ? a > b : ($0.key, $0.cik?.rawValue ?? "") < ($1.key, $1.cik?.rawValue ?? "")
    }
  }

  /// Runs of transactions at one issuer whose dates fall within `days` of the run's first, by
  /// at least two different insiders.
  static func clusters(_ rows: TransactionList, within days: Int) -> [TransactionCluster] {
    var out: [TransactionCluster] = []
    let byIssuer = Dictionary(grouping: rows) { $0.issuer.id }
    for (_, list) in byIssuer {
      let sorted = list.sorted(by: Transaction.precedes)
      var i = 0
      while i < sorted.count {
        let start = sorted[i].date
        var j = i
        while j + 1 < sorted.count, sorted[j + 1].date.dayNumber - start.dayNumber <= days { j += 1 }
        let run = sorted[i...j]
        var insiders: [PartyRef] = []
        for t in run where !insiders.contains(t.owner) { insiders.append(t.owner) }
        if insiders.count >= 2 {
          out.append(
            TransactionCluster(
              issuer: run.first!.issuer, from: start, to: run.last!.date, insiders: insiders.sorted(), transactions: run.count,
              shares: run.reduce(Amount.zero) { $0 + ($1.shares ?? .zero) }, value: run.reduce(Amount.zero) { $0 + ($1.value ?? .zero) }))
          i = j + 1
        } else {
          i += 1
        }
      }
    }
    return out.sorted { ($0.from, $0.issuer.name) < ($1.from, $1.issuer.name) }
  }
}

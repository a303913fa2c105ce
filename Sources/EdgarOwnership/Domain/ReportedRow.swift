import Foundation

// MARK: - Tables and rows

/// Table I (non-derivative) or Table II (derivative).
public enum TableKind: String, Codable, Sendable, CaseIterable, Comparable {
  case nonDerivative
  case derivative

  public var isDerivative: Bool { self == .derivative }
  public static func < (l: TableKind, r: TableKind) -> Bool { !l.isDerivative && r.isDerivative }
}

/// A transaction (a change) or a holding (a balance at the period of report).
public enum RowKind: String, Codable, Sendable, CaseIterable, Comparable {
  case transaction
  case holding

  public static func < (l: RowKind, r: RowKind) -> Bool { l == .transaction && r == .holding }
}

/// One of the two tables: its transactions and holdings.
public struct Table: Hashable, Sendable, Codable {
  public var transactions: [ReportedRow]
  public var holdings: [ReportedRow]

  public enum CodingKeys: String, CodingKey, CaseIterable { case transactions, holdings }

  public init(transactions: [ReportedRow] = [], holdings: [ReportedRow] = []) {
    self.transactions = transactions
    self.holdings = holdings
  }

  public var isEmpty: Bool { transactions.isEmpty && holdings.isEmpty }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    transactions = try c.decodeIfPresent([ReportedRow].self, forKey: .transactions) ?? []
    holdings = try c.decodeIfPresent([ReportedRow].self, forKey: .holdings) ?? []
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    if !transactions.isEmpty { try c.encode(transactions, forKey: .transactions) }
    if !holdings.isEmpty { try c.encode(holdings, forKey: .holdings) }
  }
}

/// A row of either table, with the element names of the XML. Which fields a row may carry
/// depends on its table and kind; `FilingValidator` checks that.
public struct ReportedRow: Hashable, Sendable, Codable {
  public var securityTitle: Reported<String>
  public var conversionOrExercisePrice: Reported<Amount>?
  public var transactionDate: Reported<LedgerDate>?
  public var deemedExecutionDate: Reported<LedgerDate>?
  public var transactionCoding: TransactionCoding?
  public var transactionTimeliness: Reported<Timeliness>?
  public var transactionAmounts: TransactionAmounts?
  public var exerciseDate: Reported<LedgerDate>?
  public var expirationDate: Reported<LedgerDate>?
  public var underlyingSecurity: UnderlyingSecurity?
  public var postTransactionAmounts: PostTransactionAmounts?
  public var ownershipNature: OwnershipNature

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case securityTitle, conversionOrExercisePrice, transactionDate, deemedExecutionDate
    case transactionCoding, transactionTimeliness, transactionAmounts, exerciseDate, expirationDate
    case underlyingSecurity, postTransactionAmounts, ownershipNature
  }

  public init(securityTitle: Reported<String>, ownershipNature: OwnershipNature) {
    self.securityTitle = securityTitle
    self.ownershipNature = ownershipNature
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    securityTitle = try c.decode(Reported<String>.self, forKey: .securityTitle)
    conversionOrExercisePrice = try c.decodeIfPresent(Reported<Amount>.self, forKey: .conversionOrExercisePrice)
    transactionDate = try c.decodeIfPresent(Reported<LedgerDate>.self, forKey: .transactionDate)
    deemedExecutionDate = try c.decodeIfPresent(Reported<LedgerDate>.self, forKey: .deemedExecutionDate)
    transactionCoding = try c.decodeIfPresent(TransactionCoding.self, forKey: .transactionCoding)
    transactionTimeliness = try c.decodeIfPresent(Reported<Timeliness>.self, forKey: .transactionTimeliness)
    transactionAmounts = try c.decodeIfPresent(TransactionAmounts.self, forKey: .transactionAmounts)
    exerciseDate = try c.decodeIfPresent(Reported<LedgerDate>.self, forKey: .exerciseDate)
    expirationDate = try c.decodeIfPresent(Reported<LedgerDate>.self, forKey: .expirationDate)
    underlyingSecurity = try c.decodeIfPresent(UnderlyingSecurity.self, forKey: .underlyingSecurity)
    postTransactionAmounts = try c.decodeIfPresent(PostTransactionAmounts.self, forKey: .postTransactionAmounts)
    ownershipNature = try c.decode(OwnershipNature.self, forKey: .ownershipNature)
  }
}

public struct TransactionCoding: Hashable, Sendable, Codable {
  public var transactionFormType: String?
  public var transactionCode: TransactionCode?
  public var equitySwapInvolved: Flag?
  public var footnoteIds: [String]?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case transactionFormType, transactionCode, equitySwapInvolved, footnoteIds
  }

  public init(transactionFormType: String? = nil, transactionCode: TransactionCode? = nil, equitySwapInvolved: Flag? = nil, footnoteIds: [String]? = nil) {
    self.transactionFormType = transactionFormType
    self.transactionCode = transactionCode
    self.equitySwapInvolved = equitySwapInvolved
    self.footnoteIds = footnoteIds
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    if let n = try? c.decodeIfPresent(Int.self, forKey: .transactionFormType) {
      transactionFormType = String(n)
    } else {
      transactionFormType = try c.decodeIfPresent(String.self, forKey: .transactionFormType)
    }
    transactionCode = try c.decodeIfPresent(TransactionCode.self, forKey: .transactionCode)
    equitySwapInvolved = try c.decodeIfPresent(Flag.self, forKey: .equitySwapInvolved)
    footnoteIds = try c.decodeIfPresent([String].self, forKey: .footnoteIds)
  }
}

public struct TransactionAmounts: Hashable, Sendable, Codable {
  public var transactionShares: Reported<Amount>?
  public var transactionTotalValue: Reported<Amount>?
  public var transactionPricePerShare: Reported<Amount>?
  public var transactionAcquiredDisposedCode: Reported<AcquiredDisposed>?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case transactionShares, transactionTotalValue, transactionPricePerShare, transactionAcquiredDisposedCode
  }

  public init() {}

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    transactionShares = try c.decodeIfPresent(Reported<Amount>.self, forKey: .transactionShares)
    transactionTotalValue = try c.decodeIfPresent(Reported<Amount>.self, forKey: .transactionTotalValue)
    transactionPricePerShare = try c.decodeIfPresent(Reported<Amount>.self, forKey: .transactionPricePerShare)
    transactionAcquiredDisposedCode = try c.decodeIfPresent(
      Reported<AcquiredDisposed>.self, forKey: .transactionAcquiredDisposedCode)
  }
}

public struct PostTransactionAmounts: Hashable, Sendable, Codable {
  public var sharesOwnedFollowingTransaction: Reported<Amount>?
  public var valueOwnedFollowingTransaction: Reported<Amount>?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case sharesOwnedFollowingTransaction, valueOwnedFollowingTransaction
  }

  public init(sharesOwnedFollowingTransaction: Reported<Amount>? = nil, valueOwnedFollowingTransaction: Reported<Amount>? = nil) {
    self.sharesOwnedFollowingTransaction = sharesOwnedFollowingTransaction
    self.valueOwnedFollowingTransaction = valueOwnedFollowingTransaction
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    sharesOwnedFollowingTransaction = try c.decodeIfPresent(Reported<Amount>.self, forKey: .sharesOwnedFollowingTransaction)
    valueOwnedFollowingTransaction = try c.decodeIfPresent(Reported<Amount>.self, forKey: .valueOwnedFollowingTransaction)
  }
}

public struct UnderlyingSecurity: Hashable, Sendable, Codable {
  public var underlyingSecurityTitle: Reported<String>?
  public var underlyingSecurityShares: Reported<Amount>?
  public var underlyingSecurityValue: Reported<Amount>?

  public enum CodingKeys: String, CodingKey, CaseIterable {
    case underlyingSecurityTitle, underlyingSecurityShares, underlyingSecurityValue
  }

  public init() {}

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    underlyingSecurityTitle = try c.decodeIfPresent(Reported<String>.self, forKey: .underlyingSecurityTitle)
    underlyingSecurityShares = try c.decodeIfPresent(Reported<Amount>.self, forKey: .underlyingSecurityShares)
    underlyingSecurityValue = try c.decodeIfPresent(Reported<Amount>.self, forKey: .underlyingSecurityValue)
  }
}

public struct OwnershipNature: Hashable, Sendable, Codable {
  public var directOrIndirectOwnership: Reported<DirectOrIndirect>
  public var natureOfOwnership: Reported<String>?

  public enum CodingKeys: String, CodingKey, CaseIterable { case directOrIndirectOwnership, natureOfOwnership }

  public init(directOrIndirectOwnership: Reported<DirectOrIndirect>, natureOfOwnership: Reported<String>? = nil) {
    self.directOrIndirectOwnership = directOrIndirectOwnership
    self.natureOfOwnership = natureOfOwnership
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.strictContainer(CodingKeys.self)
    directOrIndirectOwnership = try c.decode(Reported<DirectOrIndirect>.self, forKey: .directOrIndirectOwnership)
    natureOfOwnership = try c.decodeIfPresent(Reported<String>.self, forKey: .natureOfOwnership)
  }
}

/// A row with its place in the filing: table, kind and index within that kind.
public struct TableRow: Hashable, Sendable {
  public var table: TableKind
  public var kind: RowKind
  public var index: Int
  public var row: ReportedRow

  public init(table: TableKind, kind: RowKind, index: Int, row: ReportedRow) {
    self.table = table
    self.kind = kind
    self.index = index
    self.row = row
  }

  /// `nonDerivativeTable.transactions[0]`: how messages and provenance name the row.
  public var path: String {
    "\(table == .derivative ? "derivativeTable" : "nonDerivativeTable").\(kind == .transaction ? "transactions" : "holdings")[\(index)]"
  }

  /// Sort key inside a filing: transactions before holdings, then document order.
  public var orderKey: Int { (kind == .transaction ? 0 : 1_000_000) + index }
}

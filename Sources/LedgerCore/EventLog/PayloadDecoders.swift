import Foundation

// MARK: - Decoders

extension PayloadScanner {
  struct Failure: Error {}

  /// A reported value: bare, or `{"footnoteIds": [...], "value": ...}`.
  func reported<V>(_ t: Int, _ parse: (Int) throws -> V?) throws -> Reported<V> {
    if tokens[t].kind == .object {
      var value: V?
      var ids: [String] = []
      for (k, v) in members(t) {
        if isKey(k, "value") {
          value = try parse(v)
        } else if isKey(k, "footnoteIds") {
          ids = try elements(v).map { try string($0) ?? { throw Failure() }() }
        } else {
          throw Failure()
        }
      }
      return Reported(value, footnoteIds: ids)
    }
    return Reported(try parse(t))
  }

  func text(_ t: Int) throws -> String { guard let s = string(t) else { throw Failure() }; return s }
  func amount(_ t: Int) throws -> Amount { guard let s = string(t), let a = Amount(s) else { throw Failure() }; return a }
  func date(_ t: Int) throws -> LedgerDate { guard let s = string(t), let d = LedgerDate(s) else { throw Failure() }; return d }
  func flag(_ t: Int) throws -> Flag { guard let b = bool(t) else { throw Failure() }; return Flag(b) }
  func raw<E: RawRepresentable>(_ t: Int, _: E.Type) throws -> E where E.RawValue == String {
    guard let s = string(t), let e = E(rawValue: s) else { throw Failure() }
    return e
  }

  /// A `RowReported` payload.
  static func rowReported(_ payload: UnsafeBufferPointer<UInt8>) -> RowReported? {
    guard let s = PayloadScanner(payload), s.tokens.first?.kind == .object else { return nil }
    return try? s.decodeRowReported()
  }

  func decodeRowReported() throws -> RowReported {
    var table: TableKind?
    var kind: RowKind?
    var index: Int?
    var row: ReportedRow?
    for (k, v) in members(0) {
      if isKey(k, "table") {
        table = try raw(v, TableKind.self)
      } else if isKey(k, "kind") {
        kind = try raw(v, RowKind.self)
      } else if isKey(k, "index") {
        index = int(v)
      } else if isKey(k, "row") {
        row = try decodeRow(v)
      } else {
        throw Failure()
      }
    }
    guard let table, let kind, let index, let row else { throw Failure() }
    return RowReported(table: table, kind: kind, index: index, row: row)
  }

  func decodeRow(_ t: Int) throws -> ReportedRow {
    var title: Reported<String>?
    var nature: OwnershipNature?
    var r = ReportedRow(securityTitle: Reported(nil), ownershipNature: OwnershipNature(directOrIndirectOwnership: Reported(nil)))
    for (k, v) in members(t) {
      if isKey(k, "securityTitle") {
        title = try reported(v, text)
      } else if isKey(k, "ownershipNature") {
        var direct: Reported<DirectOrIndirect>?
        var natureOf: Reported<String>?
        for (k2, v2) in members(v) {
          if isKey(k2, "directOrIndirectOwnership") {
            direct = try reported(v2) { try raw($0, DirectOrIndirect.self) }
          } else if isKey(k2, "natureOfOwnership") {
            natureOf = try reported(v2, text)
          } else {
            throw Failure()
          }
        }
        guard let direct else { throw Failure() }
        nature = OwnershipNature(directOrIndirectOwnership: direct, natureOfOwnership: natureOf)
      } else if isKey(k, "conversionOrExercisePrice") {
        r.conversionOrExercisePrice = try reported(v, amount)
      } else if isKey(k, "transactionDate") {
        r.transactionDate = try reported(v, date)
      } else if isKey(k, "deemedExecutionDate") {
        r.deemedExecutionDate = try reported(v, date)
      } else if isKey(k, "exerciseDate") {
        r.exerciseDate = try reported(v, date)
      } else if isKey(k, "expirationDate") {
        r.expirationDate = try reported(v, date)
      } else if isKey(k, "transactionTimeliness") {
        r.transactionTimeliness = try reported(v) { try raw($0, Timeliness.self) }
      } else if isKey(k, "transactionCoding") {
        var c = TransactionCoding()
        for (k2, v2) in members(v) {
          if isKey(k2, "transactionFormType") {
            c.transactionFormType = try text(v2)
          } else if isKey(k2, "transactionCode") {
            c.transactionCode = try raw(v2, TransactionCode.self)
          } else if isKey(k2, "equitySwapInvolved") {
            c.equitySwapInvolved = try flag(v2)
          } else if isKey(k2, "footnoteIds") {
            c.footnoteIds = try elements(v2).map(text)
          } else {
            throw Failure()
          }
        }
        r.transactionCoding = c
      } else if isKey(k, "transactionAmounts") {
        var a = TransactionAmounts()
        for (k2, v2) in members(v) {
          if isKey(k2, "transactionShares") {
            a.transactionShares = try reported(v2, amount)
          } else if isKey(k2, "transactionTotalValue") {
            a.transactionTotalValue = try reported(v2, amount)
          } else if isKey(k2, "transactionPricePerShare") {
            a.transactionPricePerShare = try reported(v2, amount)
          } else if isKey(k2, "transactionAcquiredDisposedCode") {
            a.transactionAcquiredDisposedCode = try reported(v2) { try raw($0, AcquiredDisposed.self) }
          } else {
            throw Failure()
          }
        }
        r.transactionAmounts = a
      } else if isKey(k, "underlyingSecurity") {
        var u = UnderlyingSecurity()
        for (k2, v2) in members(v) {
          if isKey(k2, "underlyingSecurityTitle") {
            u.underlyingSecurityTitle = try reported(v2, text)
          } else if isKey(k2, "underlyingSecurityShares") {
            u.underlyingSecurityShares = try reported(v2, amount)
          } else if isKey(k2, "underlyingSecurityValue") {
            u.underlyingSecurityValue = try reported(v2, amount)
          } else {
            throw Failure()
          }
        }
        r.underlyingSecurity = u
      } else if isKey(k, "postTransactionAmounts") {
        var p = PostTransactionAmounts()
        for (k2, v2) in members(v) {
          if isKey(k2, "sharesOwnedFollowingTransaction") {
            p.sharesOwnedFollowingTransaction = try reported(v2, amount)
          } else if isKey(k2, "valueOwnedFollowingTransaction") {
            p.valueOwnedFollowingTransaction = try reported(v2, amount)
          } else {
            throw Failure()
          }
        }
        r.postTransactionAmounts = p
      } else {
        throw Failure()
      }
    }
    guard let title, let nature else { throw Failure() }
    r.securityTitle = title
    r.ownershipNature = nature
    return r
  }
}

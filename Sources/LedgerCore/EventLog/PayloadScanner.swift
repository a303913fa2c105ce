import Foundation

/// Reads event payloads fast, for rebuilds and verification: a tokenizer over the JSON bytes
/// (in the manner of jsmn: one flat array of tokens, each knowing where its subtree ends) and
/// decoders for the two events that make up nearly all of the log. They build the same typed
/// values as JSONDecoder (a test holds them to that) so that the projection logic stays one.
/// Anything unexpected makes them return nil, and the caller falls back to JSONDecoder.
struct PayloadScanner {
  enum Kind: UInt8 { case object, array, string, primitive }

  struct Token {
    var kind: Kind
    var start: Int
    var end: Int
    /// Index of the token after this one's subtree.
    var next: Int
    var escaped: Bool
  }

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var tokens: [Token] = []

  /// Tokenizes `bytes`; nil if they are not well-formed JSON.
  init?(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    tokens.reserveCapacity(128)
    var i = 0
    guard parseValue(&i), skipSpace(i) == bytes.count else { return nil }
  }

  private func skipSpace(_ from: Int) -> Int {
    var i = from
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    return i
  }

  private mutating func parseValue(_ i: inout Int) -> Bool {
    i = skipSpace(i)
    guard i < bytes.count else { return false }
    switch bytes[i] {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      let isObject = bytes[i] == UInt8(ascii: "{")
      let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
      let me = tokens.count
      tokens.append(Token(kind: isObject ? .object : .array, start: i, end: 0, next: 0, escaped: false))
      i += 1
      i = skipSpace(i)
      if i < bytes.count, bytes[i] == close {
        i += 1
      } else {
        while true {
          if isObject {
            i = skipSpace(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), parseString(&i) else { return false }
            i = skipSpace(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
          }
          guard parseValue(&i) else { return false }
          i = skipSpace(i)
          guard i < bytes.count else { return false }
          if bytes[i] == UInt8(ascii: ",") {
            i += 1
            continue
          }
          guard bytes[i] == close else { return false }
          i += 1
          break
        }
      }
      tokens[me].end = i
      tokens[me].next = tokens.count
      return true
    case UInt8(ascii: "\""):
      return parseString(&i)
    default:
      let start = i
      while i < bytes.count {
        let b = bytes[i]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
        i += 1
      }
      guard i > start else { return false }
      tokens.append(Token(kind: .primitive, start: start, end: i, next: tokens.count + 1, escaped: false))
      return true
    }
  }

  private mutating func parseString(_ i: inout Int) -> Bool {
    let start = i + 1
    var j = start
    var escaped = false
    while j < bytes.count {
      let b = bytes[j]
      if b == UInt8(ascii: "\\") {
        escaped = true
        j += 2
        continue
      }
      if b == UInt8(ascii: "\"") { break }
      j += 1
    }
    guard j < bytes.count else { return false }
    tokens.append(Token(kind: .string, start: start, end: j, next: tokens.count + 1, escaped: escaped))
    i = j + 1
    return true
  }

  // MARK: - Reading

  /// The key/value token pairs of an object, walked in place (no array is built).
  func members(_ t: Int) -> Members { Members(tokens: tokens, k: t + 1, end: tokens[t].next) }

  /// The elements of an array, walked in place.
  func elements(_ t: Int) -> Elements { Elements(tokens: tokens, k: t + 1, end: tokens[t].next) }

  struct Members: Sequence, IteratorProtocol {
    let tokens: [Token]
    var k: Int
    let end: Int

    mutating func next() -> (key: Int, value: Int)? {
      guard k < end else { return nil }
      let key = k
      k = tokens[key + 1].next
      return (key, key + 1)
    }
  }

  struct Elements: Sequence, IteratorProtocol {
    let tokens: [Token]
    var k: Int
    let end: Int

    mutating func next() -> Int? {
      guard k < end else { return nil }
      let element = k
      k = tokens[element].next
      return element
    }
  }

  /// Whether token `t` is the key string `key`.
  func isKey(_ t: Int, _ key: StaticString) -> Bool {
    let tok = tokens[t]
    let n = key.utf8CodeUnitCount
    guard tok.end - tok.start == n else { return false }
    let p = key.utf8Start
    for i in 0..<n where bytes[tok.start + i] != p[i] { return false }
    return true
  }

  func string(_ t: Int) -> String? {
    let tok = tokens[t]
    guard tok.kind == .string else { return nil }
    if !tok.escaped { return String(decoding: UnsafeBufferPointer(rebasing: bytes[tok.start..<tok.end]), as: UTF8.self) }
    // Rare: let Foundation unescape it.
    let quoted = Data(UnsafeBufferPointer(rebasing: bytes[(tok.start - 1)..<(tok.end + 1)]))
    return try? JSONDecoder().decode(String.self, from: quoted)
  }

  func int(_ t: Int) -> Int? {
    let tok = tokens[t]
    guard tok.kind == .primitive else { return nil }
    return Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[tok.start..<tok.end]), as: UTF8.self))
  }

  func bool(_ t: Int) -> Bool? {
    let tok = tokens[t]
    guard tok.kind == .primitive else { return nil }
    switch tok.end - tok.start {
    case 4: return true
    case 5: return false
    default: return nil
    }
  }

  func isNull(_ t: Int) -> Bool { tokens[t].kind == .primitive && bytes[tokens[t].start] == UInt8(ascii: "n") }
}

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

  /// What the projector needs from a `FilingRecorded` payload.
  static func filingFacts(_ payload: UnsafeBufferPointer<UInt8>) -> FilingFacts? {
    guard let s = PayloadScanner(payload), s.tokens.first?.kind == .object else { return nil }
    return try? s.decodeFilingFacts()
  }

  func decodeFilingFacts() throws -> FilingFacts {
    var filing: String?
    var filedAt: LedgerDate?
    var estimated: Bool?
    var contentKey: String?
    var documentSha256: String?
    var sourceName: String?
    var rowCount: Int?
    var form: FormType?
    var period: LedgerDate?
    var originalDate: LedgerDate?
    var amends: AccessionNumber?
    var issuer = Issuer()
    var owners: [ReportingOwner.ReportingOwnerID] = []
    for (k, v) in members(0) {
      if isKey(k, "filing") {
        filing = try text(v)
      } else if isKey(k, "filedAt") {
        filedAt = try date(v)
      } else if isKey(k, "filedAtEstimated") {
        estimated = bool(v)
      } else if isKey(k, "contentKey") {
        contentKey = try text(v)
      } else if isKey(k, "documentSha256") {
        documentSha256 = try text(v)
      } else if isKey(k, "rowCount") {
        rowCount = int(v)
      } else if isKey(k, "source") {
        for (k2, v2) in members(v) where isKey(k2, "name") { sourceName = try text(v2) }
      } else if isKey(k, "document") {
        for (k2, v2) in members(v) {
          if isKey(k2, "documentType") {
            form = try raw(v2, FormType.self)
          } else if isKey(k2, "periodOfReport") {
            period = try date(v2)
          } else if isKey(k2, "dateOfOriginalSubmission") {
            originalDate = try date(v2)
          } else if isKey(k2, "amends") {
            amends = AccessionNumber(try text(v2))
          } else if isKey(k2, "issuer") {
            for (k3, v3) in members(v2) {
              if isKey(k3, "issuerCik") {
                issuer.issuerCik = CIK(try text(v3))
              } else if isKey(k3, "issuerName") {
                issuer.issuerName = try text(v3)
              } else if isKey(k3, "issuerTradingSymbol") {
                issuer.issuerTradingSymbol = try text(v3)
              }
            }
          } else if isKey(k2, "reportingOwners") {
            for o in elements(v2) {
              var id = ReportingOwner.ReportingOwnerID()
              for (k3, v3) in members(o) where isKey(k3, "reportingOwnerId") {
                for (k4, v4) in members(v3) {
                  if isKey(k4, "rptOwnerCik") {
                    id.rptOwnerCik = CIK(try text(v4))
                  } else if isKey(k4, "rptOwnerName") {
                    id.rptOwnerName = try text(v4)
                  } else if isKey(k4, "rptOwnerCcc") {
                    id.rptOwnerCcc = try text(v4)
                  }
                }
              }
              owners.append(id)
            }
          }
        }
      }
    }
    guard let filing, let filedAt, let estimated, let contentKey, let documentSha256, let sourceName, let rowCount, let form, let period
    else { throw Failure() }
    var facts = FilingFacts(
      filing: FilingID(rawValue: filing), filedAt: filedAt, filedAtEstimated: estimated, contentKey: contentKey,
      documentSha256: documentSha256, sourceName: sourceName, form: form, period: period, originalDate: originalDate,
      amends: amends, issuer: issuer, owners: owners, rowCount: rowCount)
    facts.keyNames()
    return facts
  }
}

extension PayloadScanner {
  /// The footnotes of a `FilingRecorded` payload, by id.
  static func footnotes(_ payload: UnsafeBufferPointer<UInt8>) -> [String: String]? {
    guard let s = PayloadScanner(payload), s.tokens.first?.kind == .object else { return nil }
    var out: [String: String] = [:]
    for (k, v) in s.members(0) where s.isKey(k, "document") {
      for (k2, v2) in s.members(v) where s.isKey(k2, "footnotes") {
        for f in s.elements(v2) {
          var id: String?
          var text: String?
          for (k3, v3) in s.members(f) {
            if s.isKey(k3, "id") { id = s.string(v3) } else if s.isKey(k3, "text") { text = s.string(v3) }
          }
          if let id, let text, out[id] == nil { out[id] = text }
        }
      }
    }
    return out
  }
}

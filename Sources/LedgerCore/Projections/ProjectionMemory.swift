import Foundation
import GRDB

enum ProjectionError: Error {
  case rowWithoutFiling(seq: Int64)
  case undecodable(seq: Int64, type: String)
}

/// What the projectors of one append learn about the ledger's people, issuers and lines, kept
/// from one transaction to the next: a bulk append's batches would otherwise look the same
/// people and lines up again in every transaction (each lookup a statement the plain inserts do
/// not run). Valid only while no other connection has written: `PRAGMA data_version`, read at
/// the start of each transaction, says whether one has; then, or after a transaction that did
/// not commit, everything is forgotten. Each map is forgotten too when it outgrows `limit`
/// entries, so that memory stays the same whatever the size of the input.
final class ProjectionMemory: @unchecked Sendable {
  /// A name already in the alias tables: a person's name, an issuer's name, or a ticker.
  struct NameSeen: Hashable {
    enum Kind: UInt8 {
      case personName, issuerName, ticker
    }

    var kind: Kind
    var id: Int64
    var name: String
  }

  struct Maps {
    var people: [String: Int64] = [:]
    var issuers: [String: Int64] = [:]
    var lines: [String: (id: Int64, rank: String)] = [:]
    var names = Set<NameSeen>()

    mutating func trim(to limit: Int) {
      if people.count > limit { people = [:] }
      if issuers.count > limit { issuers = [:] }
      if lines.count > limit { lines = [:] }
      if names.count > limit { names = [] }
    }
  }

  /// Entries per map: a few MB at most, whatever the input.
  static let limit = 16_384

  private var maps = Maps()
  /// The data version at the start of the last transaction that committed.
  private var version: Int64?

  /// The maps for a transaction that began at data version `now`.
  func take(at now: Int64) -> Maps {
    let taken = version == now ? maps : Maps()
    maps = Maps()
    version = nil
    return taken
  }

  /// The maps of a transaction that committed, which began at data version `began`.
  func keep(_ maps: Maps, began: Int64) {
    self.maps = maps
    self.maps.trim(to: ProjectionMemory.limit)
    version = began
  }

  static func dataVersion(_ db: Database) throws -> Int64 {
    try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
  }
}

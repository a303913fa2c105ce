import Foundation
import GRDB

/// People and issuers a text names: what the web view's search page lists, and the candidates
/// a selector that matches several stands for.
public struct SearchReport: Sendable {
  public var text: String
  /// The people whose CIK is the text, or whom `--person` with the text matches, sorted.
  public var people: [PartyRef]
  /// The issuers `--issuer` with the text names (CIK, ticker, exact name, else part of the name).
  public var issuers: [IssuerRef]
}

enum Search {
  static func compute(_ text: String, _ db: Database) throws -> SearchReport {
    var people: [PartyRef] = []
    if let cik = CIK(text.trimmed),
      let row = try Row.fetchOne(db, cached: "SELECT id, cik, name FROM person WHERE cik = ?", arguments: [cik.rawValue])
    {
      people = [Lookup.party(row)]
    } else {
      people = try Lookup.people(named: text, db)
    }
    return SearchReport(text: text, people: people, issuers: try Lookup.issuers(matching: text, db).issuers)
  }
}

extension SearchReport {
  public func json() -> JSONValue {
    .object([
      "issuers": .array(issuers.map(\.json)),
      "people": .array(people.map(\.json)),
      "text": .string(text),
    ])
  }
}

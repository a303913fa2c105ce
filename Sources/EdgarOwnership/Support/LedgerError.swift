import Foundation

/// Everything that can go wrong for a user, each with a one-line, plain-English message.
///
/// No case carries a raw SQLite message: the store translates database failures into these.
public enum LedgerError: Error, Equatable, Sendable, LocalizedError {
  /// A field of an input file is wrong: `filing.json: issuer.issuerCik: "12x" is not a CIK`.
  case invalidField(file: String, path: String, message: String)
  /// An input file cannot be read or is not a filing at all.
  case invalidFile(file: String, message: String)
  /// An input file does not exist.
  case fileMissing(file: String)
  /// The file is not a filing at all (a folder append skips it; naming it explicitly is an error).
  case notAFiling(file: String, reason: String)
  /// Another document is already recorded under this accession number.
  case accessionConflict(file: String, accession: String, recordedFrom: String)
  /// The database file does not exist (query commands never create one).
  case databaseMissing(path: String)
  /// The database cannot be opened or used.
  case databaseUnavailable(path: String, reason: String)
  /// No person or issuer matches the selector.
  case noMatch(what: String)
  /// Several people match `--person`; each with its CIK.
  case ambiguousPerson(query: String, matches: [String])
  /// Several issuers match `--issuer`; each with its CIK (and when it used the ticker).
  case ambiguousIssuer(query: String, matches: [String])
  /// An option's value is wrong.
  case invalidOption(option: String, message: String)

  /// The input file the error is about, when it is about one.
  public var file: String? {
    switch self {
    case .invalidField(let file, _, _), .invalidFile(let file, _), .notAFiling(let file, _), .accessionConflict(let file, _, _),
      .fileMissing(let file):
      file
    default: nil
    }
  }

  /// For an error about an input file, what is wrong with it (the field and the problem),
  /// without the file's name; else the whole message.
  public var reason: String {
    switch self {
    case .invalidField(_, let path, let message): path.isEmpty ? message : "\(path): \(message)"
    case .invalidFile(_, let message): message
    case .fileMissing: "no such file"
    case .notAFiling(_, let reason): "not a filing: \(reason)"
    case .accessionConflict(_, let accession, let recordedFrom):
      "accession \(accession) is already recorded from \(recordedFrom) with different content; refused"
    default: errorDescription ?? ""
    }
  }

  public var errorDescription: String? {
    switch self {
    case .invalidField(let file, _, _), .invalidFile(let file, _), .notAFiling(let file, _), .accessionConflict(let file, _, _),
      .fileMissing(let file):
      return "\(file): \(reason)"
    case .databaseMissing(let path):
      return "\(path): no ledger database here (run 'ledger append FILE' to create one, or pass --db)"
    case .databaseUnavailable(let path, let reason):
      return "\(path): \(reason)"
    case .noMatch(let what):
      return "no \(what)"
    case .ambiguousPerson(let query, let matches):
      // The first ones only: a common surname matches thousands of people in the full history.
      return "\(quoted(query)) matches \(matches.count) people: \(LedgerError.firstOnes(matches)); use --cik or a longer name"
    case .ambiguousIssuer(let query, let matches):
      // Likewise a common name, or a ticker reused over the years.
      return "\(quoted(query)) matches \(matches.count) issuers: \(LedgerError.firstOnes(matches)); use --issuer CIK"
    case .invalidOption(let option, let message):
      return "\(option): \(message)"
    }
  }
}

extension LedgerError {
  /// How many of the people or issuers an ambiguous `--person` or `--issuer` matches are named
  /// in the message.
  public static let ambiguousListed = 20

  /// The first `ambiguousListed` matches, and how many more there are.
  static func firstOnes(_ matches: [String]) -> String {
    let shown = matches.prefix(ambiguousListed).joined(separator: "; ")
    return matches.count > ambiguousListed ? shown + "; and \(matches.count - ambiguousListed) more" : shown
  }
}

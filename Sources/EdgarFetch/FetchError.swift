import Foundation

/// What can go wrong in a fetch. A usage error stops the command before any request; a failed
/// item is reported and the rest goes on.
public enum FetchError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Bad arguments or a missing User-Agent: a one-line message saying what to give.
  case usage(String)
  /// A ticker the SEC's list does not hold.
  case noSuchTicker(String, list: String)
  /// One URL could not be fetched, or its body is not what was expected.
  case failed(url: String, reason: String)
  /// The cache folder cannot be written.
  case cache(path: String, reason: String)

  public var description: String {
    switch self {
    case .usage(let message): message
    case .noSuchTicker(let ticker, let list): "no ticker \(ticker) in the SEC's ticker list (\(list))"
    case .failed(let url, let reason): "\(url): \(reason)"
    case .cache(let path, let reason): "cache \(path): \(reason)"
    }
  }
}

import Foundation

/// Spaces requests so that no second holds more than `rate` of them, across every concurrent
/// download: each request takes the next free start time, at least `1/rate` seconds (plus a
/// tenth, a margin for the network's own jitter) after the one before. When a server asks for a
/// pause (`Retry-After`), every request waits until it is over, not only the one that was told.
public actor RequestPacer {
  public let interval: Duration
  private var nextStart: ContinuousClock.Instant
  private var pausedUntil: ContinuousClock.Instant
  private let clock = ContinuousClock()

  public init(rate: Int) {
    precondition(rate > 0)
    interval = .seconds(1.1 / Double(rate))
    nextStart = clock.now
    pausedUntil = clock.now
  }

  /// Waits for this request's turn.
  public func turn() async throws {
    while true {
      let start = max(clock.now, nextStart, pausedUntil)
      nextStart = start + interval
      try await clock.sleep(until: start)
      // A pause asked for while this request waited moves it past the pause.
      if clock.now >= pausedUntil { return }
    }
  }

  /// Holds every request until `seconds` from now.
  public func pause(for seconds: Double) {
    pausedUntil = max(pausedUntil, clock.now + .seconds(seconds))
  }
}

/// How often and how long to try again. A 429 or 503 waits what its `Retry-After` says (or the
/// backoff, when it says nothing readable); other 5xx responses, network errors and time-outs
/// wait an exponential backoff with jitter. Never a tight loop: every retry waits at least
/// `base / 2`.
public struct RetryPolicy: Sendable {
  /// Tries after the first.
  public var retries: Int
  /// The first backoff; each next one doubles, up to `longest`.
  public var base: Double
  public var longest: Double
  /// The longest `Retry-After` honoured; a server asking for more fails the item instead.
  public var longestPause: Double

  public init(retries: Int = 4, base: Double = 1, longest: Double = 30, longestPause: Double = 600) {
    self.retries = retries
    self.base = base
    self.longest = longest
    self.longestPause = longestPause
  }

  /// The wait before retry number `retry` (1 for the first): between half and all of
  /// `base * 2^(retry-1)`, capped at `longest`.
  public func backoff(retry: Int) -> Double {
    let full = min(longest, base * pow(2, Double(max(0, retry - 1))))
    return full * Double.random(in: 0.5...1.0)
  }

  /// Reads `Retry-After`: seconds, or an HTTP date.
  public static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
    guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
    if let seconds = Double(v), seconds >= 0 { return seconds }
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "GMT")
    f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = f.date(from: v) else { return nil }
    return max(0, date.timeIntervalSince(now))
  }
}

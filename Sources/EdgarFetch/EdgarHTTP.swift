import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// HTTP GETs as the SEC's fair-access policy asks: a User-Agent naming the requester, paced
/// requests (`RequestPacer`), bounded retries (`RetryPolicy`), gzip accepted. TLS certificates
/// are verified against the system's roots; redirects are followed only within the same
/// scheme, host and port; a connection that does not open, or a body that stops arriving, times
/// out.
public final class EdgarHTTP: Sendable {
  public struct Settings: Sendable {
    /// `Name email@domain`.
    public var userAgent: String
    /// Requests per second, at most.
    public var rate: Int
    public var retry: RetryPolicy
    /// Seconds to open a connection.
    public var connectTimeout: Int
    /// Seconds without a byte of the response before it counts as stalled.
    public var stallTimeout: Int

    public init(userAgent: String, rate: Int = 5, retry: RetryPolicy = .init(), connectTimeout: Int = 10, stallTimeout: Int = 30) {
      self.userAgent = userAgent
      self.rate = rate
      self.retry = retry
      self.connectTimeout = connectTimeout
      self.stallTimeout = stallTimeout
    }

    /// The most requests per second the SEC allows.
    public static let maximumRate = 10

    /// Why `userAgent` does not name a requester with an email address, or nil when it does.
    public static func problem(userAgent: String?) -> String? {
      guard let ua = userAgent?.trimmingCharacters(in: .whitespaces), !ua.isEmpty else {
        return "the SEC's fair-access policy requires a User-Agent naming you and your email address: give --user-agent \"Name email@domain\" or set LEDGER_USER_AGENT"
      }
      let words = ua.split(separator: " ")
      guard words.contains(where: { $0.contains("@") && $0.contains(".") && !$0.hasPrefix("@") && !$0.hasSuffix("@") }), words.count >= 2 else {
        return "--user-agent \"\(ua)\": the SEC's fair-access policy asks for your name and email address, as in \"Jane Doe jane@example.com\""
      }
      guard ua.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
        return "--user-agent: use printable ASCII only (HTTP headers allow no more)"
      }
      return nil
    }
  }

  /// What the fetch reports while it works, for a progress display.
  public enum Activity: Sendable {
    case requested(URL)
    case received(bytes: Int)
    /// A retry is waiting `seconds` (why: the server asked, or the backoff).
    case waiting(seconds: Double, url: URL, reason: String)
  }

  /// A download's result: kept in the cache (`fetched` says whether it came over the network
  /// now, or was already there and unchanged).
  public struct Download: Sendable {
    public var file: URL
    public var fetched: Bool
    public var bytes: Int
  }

  public let settings: Settings
  private let client: HTTPClient
  private let pacer: RequestPacer
  private let activity: @Sendable (Activity) -> Void

  public init(settings: Settings, activity: @escaping @Sendable (Activity) -> Void = { _ in }) {
    self.settings = settings
    self.activity = activity
    pacer = RequestPacer(rate: settings.rate)
    var configuration = HTTPClient.Configuration(
      redirectConfiguration: .disallow,
      timeout: .init(connect: .seconds(Int64(settings.connectTimeout)), read: .seconds(Int64(settings.stallTimeout))),
      decompression: .enabled(limit: .ratio(200)))
    configuration.httpVersion = .http1Only
    client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  public func shutdown() async {
    try? await client.shutdown()
  }

  /// Fetches `url` into `cache`, unless it is there and `immutable`. A mutable file (an index)
  /// is asked for again with its validators; a 304 keeps the cached copy. A body that is not
  /// `expect` is refused and not kept.
  public func download(_ url: URL, expect: ExpectedBody, cache: DownloadCache, immutable: Bool) async throws(FetchError) -> Download {
    if immutable, let file = cache.cached(url) { return Download(file: file, fetched: false, bytes: 0) }
    let validators = immutable ? nil : cache.validators(for: url)
    var retry = 0
    while true {
      let attempt = await self.attempt(url, cache: cache, validators: validators)
      switch attempt {
      case .body(let temporary, let handle, let bytes, let newValidators):
        // The partial file stays open, and so locked, until it is in place or gone.
        defer { try? handle.close() }
        if let problem = expect.problem(in: temporary) {
          try? FileManager.default.removeItem(at: temporary)
          throw .failed(url: url.absoluteString, reason: problem)
        }
        let file = try cache.keep(temporary, for: url)
        if !immutable { try cache.keep(newValidators, for: url) }
        return Download(file: file, fetched: true, bytes: bytes)
      case .notModified:
        guard let file = cache.cached(url) else { throw .failed(url: url.absoluteString, reason: "HTTP 304 for a file not in the cache") }
        return Download(file: file, fetched: false, bytes: 0)
      case .failed(let reason):
        throw .failed(url: url.absoluteString, reason: reason)
      case .retry(let asked, let reason):
        retry += 1
        guard retry <= settings.retry.retries else {
          throw .failed(url: url.absoluteString, reason: "\(reason), \(settings.retry.retries + 1) tries")
        }
        let wait: Double
        if let asked {
          guard asked <= settings.retry.longestPause else {
            throw .failed(url: url.absoluteString, reason: "\(reason); the server asks to wait \(Int(asked)) s, longer than \(Int(settings.retry.longestPause)) s")
          }
          // Every request waits out a pause the server asked for.
          await pacer.pause(for: asked)
          wait = asked
        } else {
          wait = settings.retry.backoff(retry: retry)
        }
        activity(.waiting(seconds: wait, url: url, reason: reason))
        try? await Task.sleep(for: .seconds(wait))
      }
    }
  }

  private enum Attempt {
    case body(URL, FileHandle, bytes: Int, DownloadCache.Validators)
    case notModified
    /// Worth another try after the wait the server asked for (nil: the backoff's).
    case retry(after: Double?, reason: String)
    case failed(String)
  }

  private static let redirects: Set<UInt> = [301, 302, 303, 307, 308]

  private func attempt(_ url: URL, cache: DownloadCache, validators: DownloadCache.Validators?) async -> Attempt {
    var current = url
    for _ in 0...5 {
      do {
        try await pacer.turn()
      } catch {
        return .failed("cancelled")
      }
      activity(.requested(current))
      var request = HTTPClientRequest(url: current.absoluteString)
      request.headers.add(name: "User-Agent", value: settings.userAgent)
      request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
      if let etag = validators?.etag { request.headers.add(name: "If-None-Match", value: etag) }
      if let since = validators?.lastModified { request.headers.add(name: "If-Modified-Since", value: since) }
      let response: HTTPClientResponse
      do {
        response = try await client.execute(request, deadline: .now() + .hours(2))
      } catch {
        return .retry(after: nil, reason: Self.describe(error, settings))
      }
      let code = response.status.code
      switch code {
      case 200:
        do {
          let (temporary, handle, bytes) = try await receive(response, for: url, cache: cache)
          let v = DownloadCache.Validators(etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified"))
          return .body(temporary, handle, bytes: bytes, v)
        } catch let e as FetchError {
          if case .failed(_, let reason) = e { return .retry(after: nil, reason: reason) }
          return .failed(e.description)
        } catch {
          return .retry(after: nil, reason: Self.describe(error, settings))
        }
      case 304 where validators != nil:
        await discard(response)
        return .notModified
      case _ where Self.redirects.contains(code):
        await discard(response)
        guard let location = response.headers.first(name: "Location"), let next = URL(string: location, relativeTo: current)?.absoluteURL else {
          return .failed("HTTP \(code) without a usable Location")
        }
        guard next.scheme == current.scheme, next.host == current.host, next.port == current.port else {
          return .failed("redirected to another host (\(next.absoluteString)), which the fetch does not follow")
        }
        current = next
        continue
      case 429, 503:
        await discard(response)
        return .retry(after: RetryPolicy.retryAfter(response.headers.first(name: "Retry-After")), reason: "HTTP \(code)")
      case 500...599:
        await discard(response)
        return .retry(after: nil, reason: "HTTP \(code)")
      case 404:
        await discard(response)
        return .failed("not found (HTTP 404)")
      default:
        await discard(response)
        return .failed("HTTP \(code) \(response.status.reasonPhrase)")
      }
    }
    return .failed("more than 5 redirects")
  }

  /// Streams a 200 response's body to a partial file of the cache, returned open (and so
  /// locked). A body shorter than its `Content-Length` (when not compressed) is cut short.
  private func receive(_ response: HTTPClientResponse, for url: URL, cache: DownloadCache) async throws -> (URL, FileHandle, Int) {
    let (temporary, handle) = try cache.partial(for: url)
    func drop() {
      try? FileManager.default.removeItem(at: temporary)
      try? handle.close()
    }
    var bytes = 0
    do {
      for try await buffer in response.body {
        try buffer.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
        bytes += buffer.readableBytes
        activity(.received(bytes: buffer.readableBytes))
      }
    } catch {
      drop()
      throw error
    }
    if response.headers.first(name: "Content-Encoding") == nil, let declared = response.headers.first(name: "Content-Length").flatMap(Int.init),
      declared != bytes
    {
      drop()
      throw FetchError.failed(url: url.absoluteString, reason: "a body cut short (\(bytes) of \(declared) bytes)")
    }
    return (temporary, handle, bytes)
  }

  private func discard(_ response: HTTPClientResponse) async {
    _ = try? await response.body.collect(upTo: 1 << 20)
  }

  /// A network failure in a few words.
  static func describe(_ error: any Error, _ settings: Settings) -> String {
    if let e = error as? HTTPClientError {
      switch e {
      case .readTimeout: return "no data for \(settings.stallTimeout) s (stalled)"
      case .connectTimeout: return "no connection within \(settings.connectTimeout) s"
      case .remoteConnectionClosed: return "the connection closed before the body ended"
      case .deadlineExceeded: return "took longer than 2 hours"
      default: return "HTTP client error: \(e.shortDescription)"
      }
    }
    if let e = error as? HTTPParserError {
      if e == .invalidEOFState { return "the connection closed before the body ended" }
      return "a malformed HTTP response (\(e))"
    }
    if String(describing: type(of: error)) == "NIOConnectionError" || (error as? IOError)?.errnoCode == ECONNREFUSED {
      return "no connection (refused or unreachable)"
    }
    let text = String(describing: error)
    if let first = text.split(separator: "\n").first { return "network error: \(first)" }
    return "network error"
  }
}

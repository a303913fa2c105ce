import EdgarOwnership
import Foundation

/// Downloads kept on disk, by URL: `ROOT/HOST[:PORT]/PATH`. A file is written whole or not at
/// all (a partial file in the same folder, then a rename), so a fetch killed at any moment
/// leaves only complete files, and a partial one that the next download of it takes over.
/// Filings and data sets never change once published, so a cached one is used as it is; an
/// index is asked for again, with the validators its response gave (`ETag`, `Last-Modified`),
/// kept beside it in a dot file.
public struct DownloadCache: Sendable {
  public let root: URL

  public init(root: URL) { self.root = root }

  /// `$XDG_CACHE_HOME/ledger/edgar`, else `~/.cache/ledger/edgar`.
  public static func defaultRoot(xdgCacheHome: String?, home: String?) -> URL {
    if let x = xdgCacheHome, !x.isEmpty, x.hasPrefix("/") {
      return URL(fileURLWithPath: x).appendingPathComponent("ledger/edgar")
    }
    let h = home.flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: h).appendingPathComponent(".cache/ledger/edgar")
  }

  /// Where `url` is kept. Path segments that could leave the root (`..`, `.`, empty) are refused.
  public func file(for url: URL) throws(FetchError) -> URL {
    guard let host = url.host, !host.isEmpty else { throw .failed(url: url.absoluteString, reason: "has no host") }
    var folder = host
    if let port = url.port { folder += ":\(port)" }
    let segments = url.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
      throw .failed(url: url.absoluteString, reason: "has a path the cache cannot hold")
    }
    return segments.reduce(root.appendingPathComponent(folder)) { $0.appendingPathComponent(String($1)) }
  }

  /// The cached file for `url`, when there is one.
  public func cached(_ url: URL) -> URL? {
    guard let f = try? file(for: url), FileManager.default.fileExists(atPath: f.path) else { return nil }
    return f
  }

  /// A file beside where `url` is kept, open for a download in progress (`partial(beside:)`).
  public func partial(for url: URL) throws(FetchError) -> (URL, FileHandle) {
    try partial(beside: try file(for: url))
  }

  /// A file beside `target`, empty and open for writing, that `keep` later renames into place
  /// (`PartialFile`: a download killed at any moment leaves its partial file to the next
  /// download of the same file, which takes it over).
  func partial(beside target: URL) throws(FetchError) -> (URL, FileHandle) {
    let folder = target.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw .cache(path: folder.path, reason: "cannot be created")
    }
    do throws(PartialFile.Failure) {
      return try PartialFile.open(beside: target)
    } catch {
      throw .cache(path: error.path, reason: "cannot be written (\(error.reason))")
    }
  }

  /// Puts a complete download in place, replacing what was there, in one rename.
  public func keep(_ temporary: URL, for url: URL) throws(FetchError) -> URL {
    let target = try file(for: url)
    guard rename(temporary.path, target.path) == 0 else {
      try? FileManager.default.removeItem(at: temporary)
      throw .cache(path: target.path, reason: "cannot be written (\(String(cString: strerror(errno))))")
    }
    return target
  }

  /// What the server said identifies its version of an index, to ask for it again conditionally.
  public struct Validators: Codable, Equatable, Sendable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String?, lastModified: String?) {
      self.etag = etag
      self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }
  }

  private func validatorsFile(for url: URL) throws(FetchError) -> URL {
    let f = try file(for: url)
    return f.deletingLastPathComponent().appendingPathComponent(".\(f.lastPathComponent).validators")
  }

  /// The validators of the cached copy of `url`, when both exist.
  public func validators(for url: URL) -> Validators? {
    guard cached(url) != nil, let f = try? validatorsFile(for: url), let data = try? Data(contentsOf: f) else { return nil }
    return try? JSONDecoder().decode(Validators.self, from: data)
  }

  /// Keeps the validators of `url`'s cached copy (written whole, like the copy itself).
  public func keep(_ validators: Validators, for url: URL) throws(FetchError) {
    let target = try validatorsFile(for: url)
    if validators.isEmpty {
      try? FileManager.default.removeItem(at: target)
      return
    }
    let (temporary, handle) = try partial(beside: target)
    // Open, and so locked, until it is in place or gone.
    defer { try? handle.close() }
    do {
      try handle.write(contentsOf: try JSONEncoder().encode(validators))
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .cache(path: temporary.path, reason: "cannot be written")
    }
    guard rename(temporary.path, target.path) == 0 else {
      try? FileManager.default.removeItem(at: temporary)
      throw .cache(path: target.path, reason: "cannot be written")
    }
  }
}

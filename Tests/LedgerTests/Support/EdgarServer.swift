import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1, on a port of its own, serving files from memory, for
/// `ledger fetch` to talk to in tests. It answers one request per connection (`Connection:
/// close`), logs each request with the time it arrived, answers conditional requests with 304,
/// gzips JSON for clients that accept it, and injects the failures a test asks for.
final class EdgarServer: @unchecked Sendable {
  /// A failure to serve instead of the file, once per request, in the order given.
  enum Fault {
    case status(Int, retryAfter: String? = nil)
    /// An HTML error page with status 200.
    case html
    /// Headers announcing the whole body, half of it, then the connection closes.
    case truncate
    /// Headers and a little of the body, then nothing for this long.
    case stall(seconds: Double)
    case redirect(to: String)
  }

  struct Request {
    /// Seconds since the server started, when the request's headers were read.
    var time: Double
    var path: String
    var status: Int
    var headers: [String: String]
  }

  private let lock = NSLock()
  private var files: [String: Data]
  private var faults: [String: [Fault]] = [:]
  private var logged: [Request] = []
  private let listener: Int32
  private let started = DispatchTime.now()
  private(set) var port: Int = 0

  var base: String { "http://127.0.0.1:\(port)" }

  init(files: [String: Data]) throws {
    self.files = files
    listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var yes: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard bound == 0, listen(listener, 128) == 0 else { throw ServerError.cannotListen }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
    port = Int(UInt16(bigEndian: address.sin_port))
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  enum ServerError: Error { case cannotListen }

  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  /// Serves `faults` for the next requests of `path`, one each, before the file again.
  func inject(_ faults: [Fault], at path: String) {
    lock.withLock { self.faults[path, default: []] += faults }
  }

  func replace(_ path: String, with data: Data?) {
    lock.withLock { files[path] = data }
  }

  /// The requests so far, in arrival order.
  var requests: [Request] { lock.withLock { logged } }

  func clearLog() { lock.withLock { logged = [] } }

  private func acceptLoop() {
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 {
        if errno == EINTR { continue }
        return
      }
      let thread = Thread { [self] in
        handle(client)
        close(client)
      }
      thread.start()
    }
  }

  private func handle(_ client: Int32) {
    var received = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while received.range(of: Data("\r\n\r\n".utf8)) == nil {
      let n = recv(client, &buffer, buffer.count, 0)
      guard n > 0 else { return }
      received.append(contentsOf: buffer[0..<n])
    }
    let head = String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
    let requestLine = head[0].split(separator: " ")
    guard requestLine.count >= 2 else { return }
    let path = String(requestLine[1])
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let time = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    let (fault, file): (Fault?, Data?) = lock.withLock {
      var fault: Fault?
      if var queue = faults[path], !queue.isEmpty {
        fault = queue.removeFirst()
        faults[path] = queue
      }
      return (fault, files[path])
    }
    func log(_ status: Int) { lock.withLock { logged.append(Request(time: time, path: path, status: status, headers: headers)) } }

    switch fault {
    case .status(let code, let retryAfter)?:
      log(code)
      var extra = ""
      if let retryAfter { extra = "Retry-After: \(retryAfter)\r\n" }
      respond(client, code, extra: extra, body: Data("<html><body>error \(code)</body></html>".utf8), type: "text/html")
      return
    case .html?:
      log(200)
      respond(client, 200, body: Data("<!DOCTYPE html>\n<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head><body>Slow down.</body></html>\n".utf8), type: "text/html")
      return
    case .redirect(let location)?:
      log(301)
      respond(client, 301, extra: "Location: \(location)\r\n", body: Data())
      return
    case .truncate?:
      log(200)
      guard let file else { return }
      send(client, Data("HTTP/1.1 200 OK\r\nContent-Length: \(file.count)\r\nConnection: close\r\n\r\n".utf8) + file.prefix(file.count / 2))
      return
    case .stall(let seconds)?:
      log(200)
      guard let file else { return }
      send(client, Data("HTTP/1.1 200 OK\r\nContent-Length: \(file.count)\r\nConnection: close\r\n\r\n".utf8) + file.prefix(16))
      Thread.sleep(forTimeInterval: seconds)
      return
    case nil:
      break
    }
    guard let file else {
      log(404)
      respond(client, 404, body: Data("<html><body>Not found</body></html>".utf8), type: "text/html")
      return
    }
    let etag = "\"\(file.count)-\(Self.crc32(file))\""
    if headers["if-none-match"] == etag {
      log(304)
      respond(client, 304, extra: "ETag: \(etag)\r\n", body: nil)
      return
    }
    log(200)
    var extra = "ETag: \(etag)\r\nLast-Modified: Tue, 01 Dec 2026 10:00:00 GMT\r\n"
    var body = file
    if path.hasSuffix(".json"), headers["accept-encoding"]?.contains("gzip") == true {
      body = Self.gzip(file)
      extra += "Content-Encoding: gzip\r\n"
    }
    respond(client, 200, extra: extra, body: body, type: path.hasSuffix(".json") ? "application/json" : "application/octet-stream")
  }

  private func respond(_ client: Int32, _ status: Int, extra: String = "", body: Data?, type: String = "text/plain") {
    let reason = [200: "OK", 301: "Moved Permanently", 304: "Not Modified", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"][status] ?? "Status"
    var head = "HTTP/1.1 \(status) \(reason)\r\nConnection: close\r\n\(extra)"
    if let body { head += "Content-Type: \(type)\r\nContent-Length: \(body.count)\r\n" }
    send(client, Data((head + "\r\n").utf8) + (body ?? Data()))
  }

  private func send(_ client: Int32, _ data: Data) {
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        if n <= 0 { return }
        offset += n
      }
    }
  }

  // MARK: - gzip, with stored (uncompressed) deflate blocks: valid for any gzip reader.

  static func gzip(_ data: Data) -> Data {
    var out = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
    var offset = 0
    repeat {
      let n = min(65_535, data.count - offset)
      let final: UInt8 = offset + n == data.count ? 1 : 0
      out.append(final)
      out.append(contentsOf: [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)])
      out.append(data[data.startIndex + offset..<data.startIndex + offset + n])
      offset += n
    } while offset < data.count
    let crc = crc32(data), size = UInt32(truncatingIfNeeded: data.count)
    for v in [crc, size] { out.append(contentsOf: (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) }) }
    return out
  }

  private static let crcTable: [UInt32] = (0..<256).map { i in
    var c = UInt32(i)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ data: Data) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in data { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}

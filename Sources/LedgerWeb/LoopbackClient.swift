import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal HTTP/1.1 GET over a fresh IPv4 connection, one request per connection: what the
/// tests and the benchmark's load test use to talk to `ledger serve` as any client would,
/// without an HTTP stack of their own.
public enum LoopbackClient {
  public struct Answer: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data
    public var text: String { String(decoding: body, as: UTF8.self) }
  }

  public enum Failure: Error { case connect, send, malformed }

  public static func get(host: String = "127.0.0.1", port: Int, _ target: String, method: String = "GET") throws -> Answer {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure.connect }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr(host)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw Failure.connect }
    let request = Array("\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
    var sent = 0
    while sent < request.count {
      let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard n > 0 else { throw Failure.send }
      sent += n
    }
    var received = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { break }
      received.append(contentsOf: buffer[0..<n])
      if let answer = parse(received, method: method, closed: false), answer.complete { return answer.answer }
    }
    guard let answer = parse(received, method: method, closed: true) else { throw Failure.malformed }
    return answer.answer
  }

  /// The answer in `data`, and whether its body (by Content-Length, or to the last chunk of a
  /// chunked one) is all there.
  private static func parse(_ data: Data, method: String, closed: Bool) -> (answer: Answer, complete: Bool)? {
    guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let statusLine = head[0].split(separator: " ")
    guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let body = Data(data[end.upperBound...])
    if method != "HEAD", headers["transfer-encoding"]?.lowercased() == "chunked" {
      // Decoded once the last chunk may have come (the body ends as the last chunk does) or the
      // server closed, not at every read of a body of megabytes.
      guard closed || body.suffix(5).elementsEqual("0\r\n\r\n".utf8) else { return (Answer(status: status, headers: headers, body: body), false) }
      let (decoded, complete) = dechunk(body)
      return (Answer(status: status, headers: headers, body: decoded), complete)
    }
    let length = method == "HEAD" ? 0 : Int(headers["content-length"] ?? "") ?? body.count
    return (Answer(status: status, headers: headers, body: body.prefix(length)), body.count >= length)
  }

  /// A chunked body's data (RFC 9112, 7.1: a hexadecimal size line, that many bytes, CRLF; a
  /// size of 0 ends it), and whether that last chunk has come.
  private static func dechunk(_ body: Data) -> (Data, Bool) {
    var out = Data()
    var i = body.startIndex
    let crlf = Data("\r\n".utf8)
    while let lineEnd = body.range(of: crlf, in: i..<body.endIndex) {
      let line = String(decoding: body[i..<lineEnd.lowerBound], as: UTF8.self)
      guard let size = Int(line.split(separator: ";").first.map(String.init) ?? "", radix: 16) else { return (out, false) }
      if size == 0 { return (out, true) }
      let start = lineEnd.upperBound
      guard body.distance(from: start, to: body.endIndex) >= size + 2 else { return (out, false) }
      let stop = body.index(start, offsetBy: size)
      out.append(body[start..<stop])
      i = body.index(stop, offsetBy: 2)
    }
    return (out, false)
  }
}

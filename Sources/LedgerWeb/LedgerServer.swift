import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import Logging
import NIOCore
import NIOPosix

/// `ledger serve`: the routes of `LedgerSite` over HTTP/1.1, on Hummingbird. Queries are
/// blocking SQLite reads, so each runs on a thread pool of its own, never on an event loop. The
/// pool has more threads than cores: a small question is then not queued behind a large one
/// (a serial holder's whole history is megabytes of JSON), the system shares the cores.
public enum LedgerServer {
  static let queries: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: 8)
    pool.start()
    return pool
  }()

  /// The headers of every answer.
  static func fields(_ contentType: String) -> HTTPFields {
    var fields: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
    // Pages carry no script: a policy that forbids any keeps a filer's text inert even if an
    // escape were missed.
    fields[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'"
    fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
    return fields
  }

  /// Serves until interrupted (SIGINT or SIGTERM). `ready` receives the bound address once
  /// the server listens (with the port the system chose when `port` is 0).
  public static func run(site: LedgerSite, host: String, port: Int, ready: @escaping @Sendable (String, Int) -> Void) async throws {
    var logger = Logger(label: "ledger.serve")
    logger.logLevel = .error
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
      let headers: HTTPFields = [.allow: "GET, HEAD"]
      guard request.method == .get || request.method == .head else {
        return Response(status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "only GET and HEAD\n")))
      }
      let path = request.uri.path, query = request.uri.query
      guard request.method == .get else {
        // HEAD: the report is made for its status, its body dropped as it comes.
        let answer = try await queries.runIfActive { site.respond(path: path, query: query, streaming: .init(write: { _ in })) }
        return Response(status: .init(code: answer.status), headers: fields(answer.contentType), body: .init(byteBuffer: ByteBuffer()))
      }
      // A report written as it is made goes out as it comes (see `StreamedBody`).
      var body: StreamedBody?
      let head = await withCheckedContinuation { (head: CheckedContinuation<StreamedBody.Head, Never>) in
        let stream = StreamedBody(head: head)
        body = stream
        queries.submit { state in
          guard case .active = state else { return stream.end(WebResponse(status: 503, contentType: WebResponse.json, body: "")) }
          stream.end(site.respond(path: path, query: query, streaming: .init(write: stream.write, stopped: { stream.isCancelled })))
        }
      }
      switch head {
      case .whole(let answer):
        return Response(status: .init(code: answer.status), headers: fields(answer.contentType), body: .init(byteBuffer: ByteBuffer(string: answer.body)))
      case .streaming:
        let stream = body!
        return Response(
          status: .ok, headers: fields(WebResponse.json),
          body: ResponseBody { writer in
            do {
              for try await group in stream.groups {
                try await writer.write(group)
                stream.sent()
              }
              try await writer.finish(nil)
            } catch {
              stream.cancel()
              throw error
            }
          })
      }
    }
    let app = Application(
      responder: responder,
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in ready(host, channel.localAddress?.port ?? port) },
      logger: logger)
    do {
      try await app.runService()
    } catch let error as IOError {
      // "bind(descriptor:ptr:bytes:): Address already in use (errno: 98)" becomes its plain reason.
      throw LedgerError.databaseUnavailable(path: "\(host):\(port)", reason: "cannot listen here: " + String(cString: strerror(error.errnoCode)).lowercased())
    }
  }
}

import Foundation
import LedgerCore

/// The web view's routes over one ledger, opened read-only: the search and report pages, and a
/// JSON API that answers exactly what the CLI's `--format json` prints for the same selectors.
///
/// Every route is a GET. Its query parameters are the CLI options of the same name; an
/// unknown one is refused. Errors are JSON (`WebError`): 400 a bad parameter, 404 no such
/// person or issuer, 300 a selector that matches several (with the candidates).
public final class LedgerSite: Sendable {
  let pool: StorePool

  public init(path: String, configuration: LedgerConfiguration = .init()) throws(LedgerError) {
    pool = try StorePool(path: path, configuration: configuration)
  }

  /// The JSON routes: each one's parameters, in the order the OpenAPI document lists them.
  static let apiRoutes: [(path: String, parameters: [String])] = [
    ("/api/holdings", ["person", "cik", "issuer", "asof", "known-at", "all"]),
    ("/api/history", ["person", "cik", "issuer", "security", "known-at", "vesting"]),
    ("/api/reconcile", ["person", "cik", "issuer", "known-at"]),
    ("/api/amendments", ["person", "cik", "issuer", "status", "known-at"]),
    ("/api/late", ["person", "cik", "issuer", "from", "to", "known-at", "all"]),
    ("/api/shortswing", ["person", "cik", "issuer", "from", "to", "known-at", "method", "codes"]),
    ("/api/people", ["issuer", "asof"]),
    ("/api/issuers", []),
    ("/api/filings", ["person", "cik", "issuer"]),
    ("/api/search", ["q"]),
  ]

  /// Answers a GET of `path` with the raw (still percent-encoded) `query`.
  public func respond(path: String, query: String?) -> WebResponse {
    respond(path: path, query: query, streaming: nil)
  }

  /// What a streamed answer's body goes to: `write` takes each piece; `stopped` says when no
  /// one reads them any more (the report is then cut short).
  public struct Stream {
    public var write: (String) -> Void
    public var stopped: () -> Bool

    public init(write: @escaping (String) -> Void, stopped: @escaping () -> Bool = { false }) {
      self.write = write
      self.stopped = stopped
    }
  }

  /// Answers as `respond(path:query:)` does; with `streaming`, the routes whose reports are
  /// written as they are made (history, amendments, filings) hand their body to it a piece at
  /// a time instead, and answer 200 with an empty body. Nothing is handed over before the
  /// report's first element, so an error before it (no such person, several) is answered
  /// whole; an error answered after pieces were handed over ends a body already begun.
  public func respond(path: String, query: String?, streaming: Stream?) -> WebResponse {
    do {
      switch path {
      case "/", "/index.html":
        let q = try QueryParameters(query: query, allowed: ["q"])
        let report = try q.text("q").map { text in try pool.withStore { try $0.search(text) } }
        return .html(Pages.search(report))
      case "/report":
        return .html(try reportPage(try QueryParameters(query: query, allowed: ["person", "cik", "issuer", "asof", "known-at"])))
      case "/issuer":
        let q = try QueryParameters(query: query, allowed: ["issuer", "asof"])
        guard let issuer = q.text("issuer") else { throw WebError.badParameter("issuer", "is required") }
        let asOf = try q.date("asof") ?? LedgerDate.today()
        let report = try pool.withStore { try $0.people(PeopleRequest(issuer: issuer, asOf: asOf)) }
        return .html(Pages.issuer(report))
      case "/api/openapi.json":
        _ = try QueryParameters(query: query, allowed: [])
        return .json(OpenAPIDocument.json)
      default:
        guard let route = Self.apiRoutes.first(where: { $0.path == path }) else {
          let error = WebError(status: 404, "no such page: \(quoted(path))")
          return path.hasPrefix("/api/") ? error.response : .html(Pages.error(error), status: 404)
        }
        return .json(try api(route.path, try QueryParameters(query: query, allowed: route.parameters), streaming: streaming))
      }
    } catch let error as WebError {
      return path.hasPrefix("/api/") ? error.response : .html(Pages.error(error), status: error.status)
    } catch {
      let web = translate(error)
      return path.hasPrefix("/api/") ? web.response : .html(Pages.error(web), status: web.status)
    }
  }

  /// The JSON the CLI prints for the same command and options (for a streamed report, handed
  /// to `streaming` when given).
  private func api(_ path: String, _ q: QueryParameters, streaming: Stream?) throws -> String {
    func streamed(_ report: (_ write: @escaping (String) -> Void, _ stopped: () -> Bool) throws -> Void) throws -> String {
      if let streaming {
        try report(streaming.write, streaming.stopped)
        return ""
      }
      var out = ""
      try report({ out += $0 }, { false })
      return out
    }
    let (person, issuer) = try q.selection()
    let knownAt = try q.date("known-at")
    func requireSelection() throws(WebError) {
      if person == nil && issuer == nil { throw .badParameter("person", "say whose positions: person, cik or issuer") }
    }
    return try pool.withStore { store -> String in
      switch path {
      case "/api/holdings":
        try requireSelection()
        let request = HoldingsRequest(
          person: person, issuer: issuer, asOf: try q.date("asof") ?? LedgerDate.today(), knownAt: knownAt, includeZero: try q.flag("all"))
        return try store.holdings(request).json().rendered()
      case "/api/history":
        try requireSelection()
        let request = HistoryRequest(person: person, issuer: issuer, security: q.text("security"), knownAt: knownAt, vesting: try q.flag("vesting"))
        return try streamed { try store.historyJSON(request, stopped: $1, write: $0) }
      case "/api/reconcile":
        try requireSelection()
        return try store.reconcile(ReconcileRequest(person: person, issuer: issuer, knownAt: knownAt)).json().rendered()
      case "/api/amendments":
        let status = try q.choice("status", AmendmentResolved.Status.allCases.map(\.rawValue)).flatMap(AmendmentResolved.Status.init(rawValue:))
        return try streamed { write, _ in try store.amendmentsJSON(AmendmentsRequest(person: person, issuer: issuer, status: status, knownAt: knownAt), write: write) }
      case "/api/late":
        let request = LateRequest(person: person, issuer: issuer, from: try q.date("from"), to: try q.date("to"), knownAt: knownAt, all: try q.flag("all"))
        return try store.late(request).json().rendered()
      case "/api/shortswing":
        guard let person else { throw WebError.badParameter("person", "say whose trades: person or cik") }
        guard let issuer else { throw WebError.badParameter("issuer", "say at which issuer: its CIK, ticker or name") }
        let method = try q.choice("method", ["max", "liho"]).flatMap(ShortSwingRequest.Method.init(rawValue:)) ?? .max
        var codes = Set<TransactionCode>()
        for c in (q.text("codes") ?? "").split(separator: ",") {
          let text = c.trimmingCharacters(in: .whitespaces).uppercased()
          guard let code = TransactionCode(rawValue: text) else { throw WebError.badParameter("codes", "\(quoted(text)) is not a transaction code") }
          codes.insert(code)
        }
        let request = ShortSwingRequest(
          person: person, issuer: issuer, from: try q.date("from"), to: try q.date("to"), knownAt: knownAt, method: method, codes: codes)
        return try store.shortSwing(request).json().rendered()
      case "/api/people":
        return try store.people(PeopleRequest(issuer: issuer, asOf: try q.date("asof") ?? LedgerDate.today())).json().rendered()
      case "/api/issuers":
        return try store.issuers().json().rendered()
      case "/api/filings":
        return try streamed { write, _ in try store.filingsJSON(FilingsRequest(person: person, issuer: issuer), write: write) }
      default:
        guard let text = q.text("q") else { throw WebError.badParameter("q", "is required: a name, CIK or ticker") }
        return try store.search(text).json().rendered()
      }
    }
  }

  private func reportPage(_ q: QueryParameters) throws -> String {
    let (person, issuer) = try q.selection()
    guard let person else { throw WebError.badParameter("person", "say whose report: person or cik") }
    let asOf = try q.date("asof") ?? LedgerDate.today()
    let knownAt = try q.date("known-at")
    let report = try pool.withStore { try $0.audit(AuditRequest(person: person, issuer: issuer, asOf: asOf, knownAt: knownAt)) }
    return report.html(navigation: Pages.reportForm(person: person, issuer: issuer, asOf: asOf, knownAt: knownAt))
  }

  /// A ledger error as the web view answers it.
  private func translate(_ error: any Error) -> WebError {
    guard let error = error as? LedgerError else { return WebError(status: 500, "unexpected failure") }
    let message = error.errorDescription ?? "error"
    switch error {
    case .invalidOption(let option, _):
      let name = option.hasPrefix("--") ? String(option.dropFirst(2)) : option
      return WebError(status: 400, message.replacingOccurrences(of: option, with: name), parameter: name)
    case .noMatch:
      return WebError(status: 404, message)
    case .ambiguousPerson(let query, _):
      let candidates = (try? pool.withStore { try $0.search(query) })?.people.map(\.json) ?? []
      return WebError(status: 300, message.replacingOccurrences(of: "use --cik", with: "use cik"), parameter: "person", candidates: candidates)
    case .ambiguousIssuer(let query, let matches):
      let candidates = (try? pool.withStore { try $0.search(query) })?.issuers.map(\.json) ?? matches.map { .string($0) }
      return WebError(status: 300, message.replacingOccurrences(of: "use --issuer", with: "use issuer="), parameter: "issuer", candidates: candidates)
    case .databaseMissing, .databaseUnavailable:
      return WebError(status: 503, message)
    default:
      return WebError(status: 500, message)
    }
  }
}

import LedgerCore

/// What the web view answers: a status, a media type and a body. Kept apart from the HTTP
/// server so that the routes can be exercised and reasoned about without one.
public struct WebResponse: Sendable, Equatable {
  public var status: Int
  public var contentType: String
  public var body: String

  public init(status: Int = 200, contentType: String, body: String) {
    self.status = status
    self.contentType = contentType
    self.body = body
  }

  static let json = "application/json; charset=utf-8"
  static let html = "text/html; charset=utf-8"

  static func json(_ body: String, status: Int = 200) -> WebResponse {
    WebResponse(status: status, contentType: json, body: body)
  }

  static func html(_ body: String, status: Int = 200) -> WebResponse {
    WebResponse(status: status, contentType: html, body: body)
  }
}

/// A request the web view refuses or cannot answer, as a status and a JSON body:
/// `{"error": "...", "parameter": "asof"}`, with `"candidates"` when a selector matches several.
public struct WebError: Error, Sendable, Equatable {
  public var status: Int
  public var message: String
  /// The query parameter at fault, when one is.
  public var parameter: String?
  /// For 300: the people or issuers the selector matches.
  public var candidates: [JSONValue]?

  init(status: Int, _ message: String, parameter: String? = nil, candidates: [JSONValue]? = nil) {
    self.status = status
    self.message = message
    self.parameter = parameter
    self.candidates = candidates
  }

  static func badParameter(_ name: String, _ message: String) -> WebError {
    WebError(status: 400, "\(name): \(message)", parameter: name)
  }

  var json: JSONValue {
    var fields: [String: JSONValue] = ["error": .string(message), "status": .number(String(status))]
    if let parameter { fields["parameter"] = .string(parameter) }
    if let candidates { fields["candidates"] = .array(candidates) }
    return .object(fields)
  }

  var response: WebResponse { .json(json.rendered(), status: status) }
}

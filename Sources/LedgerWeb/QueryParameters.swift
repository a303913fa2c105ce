import Foundation
import LedgerCore

/// A request's query parameters: each named once, each one the route knows. The names and
/// values are those of the CLI's options (`person`, `cik`, `issuer`, `asof`, `known-at`, ...),
/// so that a URL reads like the command it stands for.
struct QueryParameters {
  private var values: [String: String] = [:]

  /// Parses `a=1&b=two` (`+` is a space, `%XX` a byte of UTF-8). An unknown, repeated or
  /// undecodable parameter is refused with 400 naming it: a misspelt `asOf` must not be
  /// silently ignored and answer for today.
  init(query: String?, allowed: [String]) throws(WebError) {
    for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = Self.decode(parts[0]) else { throw .badParameter(String(parts[0]), "is not valid percent-encoded UTF-8") }
      guard let value = Self.decode(parts.count > 1 ? parts[1] : "") else { throw .badParameter(name, "is not valid percent-encoded UTF-8") }
      guard allowed.contains(name) else {
        throw .badParameter(name, "unknown parameter; this route takes " + (allowed.isEmpty ? "none" : allowed.joined(separator: ", ")))
      }
      guard values[name] == nil else { throw .badParameter(name, "is given more than once") }
      values[name] = value
    }
  }

  private static func decode(_ text: Substring) -> String? {
    text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
  }

  /// The value, or nil when absent or empty (an empty form field means "not given").
  func text(_ name: String) -> String? {
    guard let value = values[name], !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return value
  }

  func date(_ name: String) throws(WebError) -> LedgerDate? {
    guard let text = text(name) else { return nil }
    guard let date = LedgerDate(text.trimmingCharacters(in: .whitespaces)) else {
      throw .badParameter(name, "\(quoted(text)) is not a date: use YYYY-MM-DD (for example 2005-06-01)")
    }
    return date
  }

  /// A flag: absent or `false`/`0` is off; `true`/`1`, or the name alone, is on.
  func flag(_ name: String) throws(WebError) -> Bool {
    guard let value = values[name] else { return false }
    switch value.lowercased() {
    case "", "true", "1", "on": return true
    case "false", "0", "off": return false
    default: throw .badParameter(name, "\(quoted(value)) is not true or false")
    }
  }

  /// One of `choices`, or nil when absent.
  func choice(_ name: String, _ choices: [String]) throws(WebError) -> String? {
    guard let value = text(name) else { return nil }
    guard choices.contains(value) else { throw .badParameter(name, "\(quoted(value)) is not one of \(choices.joined(separator: ", "))") }
    return value
  }

  /// `person` or `cik` (not both) as a selector, and `issuer`.
  func selection() throws(WebError) -> (person: PersonSelector?, issuer: String?) {
    let person = text("person"), cik = text("cik")
    if person != nil && cik != nil { throw .badParameter("cik", "give person or cik, not both") }
    if let cik {
      guard let c = CIK(cik.trimmingCharacters(in: .whitespaces)) else { throw .badParameter("cik", "\(quoted(cik)) is not a CIK (1 to 10 digits)") }
      return (.cik(c), text("issuer"))
    }
    return (person.map { .name($0) }, text("issuer"))
  }
}

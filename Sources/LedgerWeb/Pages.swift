import Foundation
import LedgerCore

/// The web view's own pages: search, an issuer's insiders, the date form over a report, and
/// errors. Plain HTML with no script; everything from a filing or a request is escaped.
enum Pages {
  static let style = """
    <style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}nav form{display:flex;gap:.8em;align-items:end;flex-wrap:wrap;\
    margin-bottom:1.5em}label{display:flex;flex-direction:column;font-size:12px}ul{padding-left:1.2em}@media print{nav{display:none}}</style>
    """

  static func page(title: String, _ body: String) -> String {
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(HTML.escape(title))</title>\(style)</head><body>\n"
      + "<nav><a href=\"/\">Search</a></nav>\n" + body + "</body></html>\n"
  }

  /// A query string with each value percent-encoded.
  static func query(_ pairs: [(String, String?)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return pairs.compactMap { name, value in
      value.map { name + "=" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") }
    }.joined(separator: "&")
  }

  static func personLink(_ p: PartyRef, issuer: IssuerRef? = nil) -> String {
    let who: (String, String?) = p.cik.map { ("cik", $0.rawValue) } ?? ("person", p.name)
    let href = "/report?" + query([who, ("issuer", issuer?.cik?.rawValue)])
    return "<a href=\"\(HTML.escape(href))\">\(HTML.name(p.name))</a> (CIK \(HTML.escape(p.cik?.rawValue ?? "none")))"
  }

  static func search(_ report: SearchReport?) -> String {
    var h = "<h1>Search the ledger</h1><form method=\"get\" action=\"/\"><label>Person or issuer: name, CIK or ticker"
    h += "<input name=\"q\" value=\"\(HTML.escape(report?.text ?? ""))\" autofocus></label> <button>Search</button></form>\n"
    guard let report else { return page(title: "Ledger search", h) }
    h += "<section id=\"people\"><h2>People</h2>"
    h += report.people.isEmpty ? "<p>None.</p>" : "<ul>" + report.people.map { "<li>\(personLink($0))</li>" }.joined() + "</ul>"
    h += "</section><section id=\"issuers\"><h2>Issuers</h2>"
    h += report.issuers.isEmpty ? "<p>None.</p>" : "<ul>" + report.issuers.map { i in
      let href = "/issuer?" + query([("issuer", i.cik?.rawValue ?? i.name)])
      return "<li><a href=\"\(HTML.escape(href))\">\(HTML.name(i.name))</a>\(i.ticker.map { " (\(HTML.escape($0)))" } ?? "") (CIK \(HTML.escape(i.cik?.rawValue ?? "none")))</li>"
    }.joined() + "</ul>"
    h += "</section>\n"
    return page(title: "Ledger search: \(report.text)", h)
  }

  static func issuer(_ report: PeopleReport) -> String {
    let name = report.issuer?.name ?? "?"
    var h = "<h1>\(HTML.name(name))</h1><p>Insiders as of \(report.asOf), with their role in the latest filing by then.</p>"
    h += report.people.isEmpty ? "<p>None.</p>" : "<ul>" + report.people.map { p in
      "<li>\(personLink(p.person, issuer: p.issuer)): \(HTML.escape(p.role))</li>"
    }.joined() + "</ul>"
    return page(title: name, h + "\n")
  }

  /// The form above a report page: the same person and issuer at other dates.
  static func reportForm(person: PersonSelector, issuer: String?, asOf: LedgerDate, knownAt: LedgerDate?) -> String {
    var hidden: [(String, String)] = []
    switch person {
    case .cik(let cik): hidden.append(("cik", cik.rawValue))
    case .name(let name): hidden.append(("person", name))
    }
    if let issuer { hidden.append(("issuer", issuer)) }
    var h = style + "<nav><a href=\"/\">Search</a><form method=\"get\" action=\"/report\">"
    h += hidden.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\(HTML.escape($0.1))\">" }.joined()
    h += "<label>As of<input type=\"date\" name=\"asof\" value=\"\(asOf)\"></label>"
    h += "<label>Known at<input type=\"date\" name=\"known-at\" value=\"\(knownAt?.description ?? "")\"></label>"
    h += "<button>Show</button></form></nav>\n"
    return h
  }

  static func error(_ error: WebError) -> String {
    var h = "<h1>\(error.status == 300 ? "Several match" : "Not answered")</h1><p id=\"error\">\(HTML.escape(error.message))</p>"
    if let candidates = error.candidates {
      h += "<ul>" + candidates.map { "<li>\(HTML.escape($0.rendered(indent: 0)))</li>" }.joined() + "</ul>"
    }
    return page(title: "Error \(error.status)", h + "\n")
  }
}

import Foundation

/// Text made safe for HTML and SVG: `&`, `<`, `>`, quotes escaped; a control character other
/// than tab and newline written as a visible `\u{…}` (HTML cannot carry it); everything else,
/// right-to-left text included, kept (names are set in `<bdi>` so that it stays in place).
public enum HTML {
  public static func escape(_ s: String) -> String {
    // Most text has nothing to escape: its bytes are checked first and the string returned as
    // it is (a big holder's report escapes millions of strings).
    if !s.utf8.contains(where: needsLook) { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n": out.unicodeScalars.append(u)
      default:
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
          out += String(format: "\\u{%X}", u.value)
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out
  }

  /// A byte of a character `escape` changes: a markup character, a C0 control other than tab
  /// and newline, DEL, or the lead byte of U+0080 to U+00BF (the C1 controls among them).
  private static func needsLook(_ b: UInt8) -> Bool {
    switch b {
    case 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x7F, 0xC2: true
    case 0x09, 0x0A: false
    default: b < 0x20
    }
  }

  public static func name(_ s: String) -> String { "<bdi>\(escape(s))</bdi>" }
}

extension AuditReport {
  /// One self-contained HTML page: no script, no external asset, print CSS. `navigation`, HTML
  /// the caller made safe, goes first in the body (the web view's date form).
  public func html(navigation: String = "") -> String {
    var out = ""
    writeHTML(navigation: navigation) { out += $0 }
    return out
  }

  /// The page of `html(navigation:)`, handed to `write` in pieces of about 64 KiB as it is
  /// made: a big holder's page runs to hundreds of megabytes.
  public func writeHTML(navigation: String = "", to write: @escaping (String) -> Void) {
    var h = Pieces(write)
    let person = holdings.person ?? history.person
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    h += "<title>Holdings of \(HTML.escape(person?.name ?? "?")) as of \(request.asOf)</title>"
    h += "<style>\(Self.css)</style></head><body>\n" + navigation
    // Header: who, what, as of when, from which state of the log.
    h += "<header><h1>\(HTML.name(person?.name ?? "?"))</h1><dl>"
    h += "<dt>CIK</dt><dd>\(HTML.escape(person?.cik?.rawValue ?? "none"))</dd>"
    let issuers = Array(Set(history.entries.map { $0.issuer.name + ($0.issuer.ticker.map { " (\($0))" } ?? "") })).sorted()
    h += "<dt>Issuers</dt><dd>\(issuers.map(HTML.name).joined(separator: "; "))</dd>"
    h += "<dt>As of</dt><dd>\(request.asOf)</dd><dt>Known at</dt><dd>\(request.knownAt?.description ?? "everything recorded")</dd>"
    h += "<dt>Ledger digest</dt><dd><code id=\"digest\">\(HTML.escape(digest))</code> (head hash and event count, as <code>ledger verify --digest</code> prints)</dd></dl></header>\n"
    holdingsSection(&h)
    chartsSection(&h)
    historySection(&h)
    notesSection(&h)
    h += "</body></html>\n"
    h.finish()
  }

  /// Text gathered and handed on in pieces of about 64 KiB.
  struct Pieces {
    private var text = ""
    private let write: (String) -> Void

    init(_ write: @escaping (String) -> Void) { self.write = write }

    static func += (pieces: inout Pieces, s: String) {
      pieces.text += s
      if pieces.text.utf8.count >= 1 << 16 { pieces.finish() }
    }

    mutating func finish() {
      if !text.isEmpty { write(text) }
      text = ""
    }
  }

  static let css = """
    body{font:13px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:.5em 0 1.5em}\
    th,td{border-bottom:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}\
    dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}\
    .chart .grid{stroke:#eee}.chart .tick{font-size:10px;fill:#555}.chart .balance{fill:none;stroke:#1f4e99;stroke-width:2}\
    .chart .row circle{fill:#1f4e99}.chart .superseded circle{fill:#fff;stroke:#1f4e99}.chart .code{font-size:9px}\
    .chart .break circle{fill:none;stroke:#c00;stroke-width:2}.chart .expiry{stroke:#999;stroke-dasharray:4 3}\
    .chart .vesting{fill:none;stroke:#2a8;stroke-dasharray:2 2}figure{margin:0 0 1.5em;break-inside:avoid}\
    @media print{body{margin:0;font-size:10px}a{color:inherit;text-decoration:none}table,figure{break-inside:avoid}}
    """

  func holdingsSection(_ h: inout Pieces) {
    h += "<section id=\"holdings\"><h2>Holdings as of \(request.asOf)</h2><table><thead><tr>"
    h += "<th>Issuer</th><th>Security</th><th>Held</th><th>Shares</th><th>Exercisable</th><th>Exercise</th><th>Expires</th><th>Status</th><th>Since</th><th>Filing</th></tr></thead><tbody>"
    for p in holdings.positions {
      h += "<tr><td>\(HTML.name(p.issuer.name))</td><td>\(HTML.name(p.security))</td>"
      h += "<td>\(p.ownership.rawValue)\(p.nature.isEmpty ? "" : ": " + HTML.name(p.nature + p.natureFootnotes.marker))</td>"
      h += "<td class=\"n\">\(p.balance?.grouped ?? "unknown")</td><td class=\"n\">\(p.exercisable?.grouped ?? (p.derivative ? "unknown" : ""))</td>"
      h += "<td class=\"n\">\(p.exercisePrice?.description ?? "")</td><td>\(p.expirationDate?.description ?? "")</td><td>\(p.status.rawValue)</td>"
      h += "<td>\(p.since)</td><td>\(Self.filingLink(p.filing, issuer: p.issuer))\(p.filedAtEstimated ? " (estimated)" : "")</td></tr>"
    }
    h += "</tbody></table>"
    if !holdings.beneficialOwnership.isEmpty {
      h += "<h3>Beneficial ownership (Rule 13d-3)</h3><table><thead><tr><th>Issuer</th><th>Class</th><th>Shares</th><th>Right to acquire</th><th>Total</th></tr></thead><tbody>"
      for b in holdings.beneficialOwnership {
        h += "<tr><td>\(HTML.name(b.issuer.name))</td><td>\(HTML.name(b.security))</td><td class=\"n\">\(b.shares.grouped)</td>"
        h += "<td class=\"n\">\(b.rightToAcquire.grouped)</td><td class=\"n\">\(b.total.grouped)</td></tr>"
      }
      h += "</tbody></table>"
    }
    h += "</section>\n"
  }

  /// A chart per line, in the order of the lines' first rows; each line's breaks and position
  /// found by the line's id: two lines can read alike (a fund's "See Footnote" holdings, told
  /// apart by the footnotes that name each holder; a line held alone and one held jointly).
  func chartsSection(_ h: inout Pieces) {
    var order: [Int64] = []
    var byLine: [Int64: [HistoryEntry]] = [:]
    for e in history.entries {
      if byLine[e.lineID] == nil { order.append(e.lineID) }
      byLine[e.lineID, default: []].append(e)
    }
    let breaksOf = Dictionary(reconcile.lines.map { ($0.lineID, $0.breaks) }, uniquingKeysWith: { first, _ in first })
    let positionOf = Dictionary(holdings.positions.map { ($0.lineID, $0) }, uniquingKeysWith: { first, _ in first })
    h += "<section id=\"charts\"><h2>Balances over time</h2>"
    for key in order {
      let entries = byLine[key]!
      let first = entries[0]
      let breaks = breaksOf[key] ?? []
      let position = positionOf[key]
      let last = entries[entries.count - 1]
      var cumulative = Amount.zero
      let vesting = (position?.vesting?.schedule ?? []).map { i -> (date: LedgerDate, cumulative: Amount) in
        cumulative = cumulative + i.shares
        return (i.date, cumulative)
      }
      let held = first.ownership == .direct ? "direct" : "indirect \(first.nature)\(last.natureFootnoteIds.marker)"
      let title = "\(first.issuer.name): \(first.security), \(held)"
      // The footnotes that name the holder, as the line's last row cites them.
      let holder = last.footnotes.filter { last.natureFootnoteIds.contains($0.id) }.compactMap(\.text)
      let chart = SVGChart(
        title: title,
        description: "Balance of \(first.security) after each of \(entries.count) reported rows, with \(breaks.count) reconcile breaks.",
        steps: entries.compactMap { e in
          guard let value = e.balance ?? e.sharesAfter ?? e.valueAfter else { return nil }
          return SVGChart.Point(
            date: e.date, value: value, label: e.code?.rawValue ?? "H", hollow: e.status == .superseded,
            title: "\(e.date) \(e.code?.rawValue ?? "holding") \(e.filing) \(e.row)\(e.status == .superseded ? " (superseded)" : "")")
        },
        breaks: breaks.map { SVGChart.Mark(date: $0.date, value: $0.reported, title: "\($0.date) \($0.filing): \($0.cause?.text ?? "unexplained")") },
        expiry: first.expirationDate, vesting: vesting)
      let caption = title + (holder.isEmpty ? "" : ": " + holder.joined(separator: " "))
      h += "<figure>\(chart.rendered())<figcaption>\(HTML.escape(caption))</figcaption></figure>"
    }
    h += "</section>\n"
  }

  func historySection(_ h: inout Pieces) {
    h += "<section id=\"history\"><h2>History, with provenance</h2><table><thead><tr>"
    h += "<th>Date</th><th>Filing</th><th>Form</th><th>Filed</th><th>Row</th><th>Security</th><th>Code</th><th>A/D</th><th>Shares</th><th>Price</th><th>After</th><th>Balance</th><th>Status</th></tr></thead><tbody>"
    for e in history.entries {
      h += "<tr><td>\(e.date)</td><td>\(Self.filingLink(e.filing, issuer: e.issuer))</td><td>\(e.form.rawValue)</td>"
      h += "<td>\(e.filedAt)\(e.filedAtEstimated ? " (estimated)" : "")</td><td><code>\(e.row)</code></td><td>\(HTML.name(e.security))</td>"
      h += "<td>\(e.code?.rawValue ?? "")</td><td>\(e.acquiredDisposed?.rawValue ?? "")</td><td class=\"n\">\((e.shares ?? e.value)?.grouped ?? "")</td>"
      h += "<td class=\"n\">\(e.price?.description ?? "")</td><td class=\"n\">\((e.sharesAfter ?? e.valueAfter)?.grouped ?? "")</td>"
      h += "<td class=\"n\">\(e.balance?.grouped ?? "")</td><td>\(e.status.rawValue)\(e.supersededBy.map { " by \($0)" } ?? "")</td></tr>"
    }
    h += "</tbody></table></section>\n"
  }

  func notesSection(_ h: inout Pieces) {
    var seen = Set<String>()
    h += "<section id=\"footnotes\"><h2>Footnotes</h2><dl>"
    for e in history.entries {
      for f in e.footnotes where seen.insert("\(e.filing) \(f.id)").inserted {
        h += "<dt>\(HTML.escape(e.filing.rawValue)) [\(HTML.escape(f.id))]</dt><dd>\(HTML.escape(f.text ?? "(no text)"))</dd>"
      }
    }
    h += "</dl></section>\n<section id=\"amendments\"><h2>Amendments</h2><table><thead><tr><th>Amendment</th><th>Form</th><th>Filed</th><th>Status</th><th>Amends</th><th>Why</th></tr></thead><tbody>"
    for a in amendments.amendments {
      h += "<tr><td>\(Self.filingLink(a.filing, issuer: a.issuer))</td><td>\(a.form.rawValue)</td><td>\(a.filedAt)</td><td>\(a.status.rawValue)</td>"
      h += "<td>\(a.original.map { Self.filingLink($0, issuer: a.issuer) } ?? "")</td><td>\(HTML.escape(a.reason))</td></tr>"
    }
    h += "</tbody></table></section>\n"
  }

  /// A real accession links to the filing's EDGAR index page; an estimated identity is text.
  static func filingLink(_ filing: FilingID, issuer: IssuerRef) -> String {
    guard let accession = filing.accession, let cik = issuer.cik else { return HTML.escape(filing.rawValue) }
    let bare = accession.rawValue.replacingOccurrences(of: "-", with: "")
    let folder = String(Int(cik.rawValue) ?? 0)
    return "<a href=\"https://www.sec.gov/Archives/edgar/data/\(folder)/\(bare)/\(accession.rawValue)-index.htm\">\(accession.rawValue)</a>"
  }
}

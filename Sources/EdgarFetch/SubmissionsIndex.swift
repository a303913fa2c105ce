import EdgarOwnership
import Foundation

/// A submissions index page (`submissions/CIK##########.json`, and the older pages it names):
/// columns of the filings, one entry per filing in each. The first page keeps them under
/// `filings.recent` and lists the older pages under `filings.files`; an older page holds the
/// columns at its top level.
public struct SubmissionsPage: Sendable {
  /// One filing the index lists.
  public struct Listed: Hashable, Sendable {
    public var accession: AccessionNumber
    public var filingDate: LedgerDate
    public var form: String
  }

  /// An older page, by name, with the span of filing dates it holds when the index says.
  public struct Older: Hashable, Sendable {
    public var name: String
    public var from: LedgerDate?
    public var to: LedgerDate?
  }

  public var filings: [Listed]
  public var older: [Older]

  private struct Columns: Decodable {
    var accessionNumber: [String]
    var filingDate: [String]
    var form: [String]
  }

  private struct File: Decodable {
    var name: String
    var filingFrom: String?
    var filingTo: String?
  }

  private struct First: Decodable {
    struct Filings: Decodable {
      var recent: Columns
      var files: [File]?
    }
    var filings: Filings
  }

  /// Reads a page; `url` names it in errors.
  public init(_ data: Data, url: URL) throws(FetchError) {
    let decoder = JSONDecoder()
    let columns: Columns
    var files: [File] = []
    if let first = try? decoder.decode(First.self, from: data) {
      columns = first.filings.recent
      files = first.filings.files ?? []
    } else if let page = try? decoder.decode(Columns.self, from: data) {
      columns = page
    } else {
      throw .failed(url: url.absoluteString, reason: "not a submissions index (no accessionNumber, filingDate and form columns)")
    }
    let n = columns.accessionNumber.count
    guard columns.filingDate.count == n, columns.form.count == n else {
      throw .failed(url: url.absoluteString, reason: "a submissions index whose columns differ in length")
    }
    var listed: [Listed] = []
    for i in 0..<n {
      guard let a = AccessionNumber(columns.accessionNumber[i]) else {
        throw .failed(url: url.absoluteString, reason: "accessionNumber[\(i)] \"\(columns.accessionNumber[i])\" is not an accession number")
      }
      guard let d = LedgerDate(columns.filingDate[i]) else {
        throw .failed(url: url.absoluteString, reason: "filingDate[\(i)] \"\(columns.filingDate[i])\" is not a date")
      }
      listed.append(Listed(accession: a, filingDate: d, form: columns.form[i]))
    }
    filings = listed
    var older: [Older] = []
    for f in files {
      guard EdgarAddresses.isPageName(f.name) else {
        throw .failed(url: url.absoluteString, reason: "names an older page \"\(f.name)\" that is not a plain file name")
      }
      older.append(Older(name: f.name, from: f.filingFrom.flatMap { LedgerDate($0) }, to: f.filingTo.flatMap { LedgerDate($0) }))
    }
    self.older = older
  }
}

/// Which filings a fetch wants: forms 3, 4, 5 (each with its amendment) filed within a span.
public struct FilingSelection: Sendable {
  public var forms: Set<String>
  public var from: LedgerDate?
  public var to: LedgerDate?

  /// `forms` as the user gives them: `3,4,5`, `4`, `4/A`. A base form brings its amendment.
  public init(forms: String = "3,4,5", from: LedgerDate? = nil, to: LedgerDate? = nil) throws(FetchError) {
    var set = Set<String>()
    for f in forms.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) {
      switch f {
      case "3", "4", "5":
        set.insert(f)
        set.insert(f + "/A")
      case "3/A", "4/A", "5/A": set.insert(f)
      default: throw .usage("--forms \(forms): \"\(f)\" is not one of 3, 4, 5, 3/A, 4/A, 5/A")
      }
    }
    if let from, let to, to < from { throw .usage("--to \(to) is before --from \(from)") }
    self.forms = set
    self.from = from
    self.to = to
  }

  public func wants(_ f: SubmissionsPage.Listed) -> Bool {
    forms.contains(f.form.uppercased()) && from.map { f.filingDate >= $0 } != false && to.map { f.filingDate <= $0 } != false
  }

  /// Whether an older page may hold wanted filings (it may when it does not say its span).
  public func wants(_ page: SubmissionsPage.Older) -> Bool {
    if let from, let pageTo = page.to, pageTo < from { return false }
    if let to, let pageFrom = page.from, pageFrom > to { return false }
    return true
  }
}

/// The SEC's ticker list (`files/company_tickers.json`): `{"0": {"cik_str": 1318605,
/// "ticker": "TSLA", "title": "Tesla, Inc."}, ...}`.
public struct TickerList: Sendable {
  public struct Company: Sendable, Equatable {
    public var cik: CIK
    public var ticker: String
    public var title: String
  }

  private var byTicker: [String: Company] = [:]

  private struct Entry: Decodable {
    var cik_str: CIK
    var ticker: String
    var title: String
  }

  public init(_ data: Data, url: URL) throws(FetchError) {
    guard let entries = try? JSONDecoder().decode([String: Entry].self, from: data) else {
      throw .failed(url: url.absoluteString, reason: "not the SEC's ticker list (entries of cik_str, ticker and title)")
    }
    for e in entries.values.sorted(by: { $0.cik_str < $1.cik_str }) {
      let key = Self.key(e.ticker)
      if byTicker[key] == nil { byTicker[key] = Company(cik: e.cik_str, ticker: e.ticker, title: e.title) }
    }
  }

  /// Tickers compare without case, and with `.` and `-` alike (`BRK.B` is listed as `BRK-B`).
  static func key(_ ticker: String) -> String { ticker.uppercased().replacingOccurrences(of: ".", with: "-") }

  public func company(_ ticker: String) -> Company? { byTicker[Self.key(ticker.trimmingCharacters(in: .whitespaces))] }
}

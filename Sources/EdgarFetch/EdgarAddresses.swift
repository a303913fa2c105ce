import EdgarOwnership
import Foundation

/// Where EDGAR keeps what the ledger fetches. Two bases, as on the SEC's own servers: the
/// archives (filings, the ticker list, the data sets) and the API (submissions indexes). A
/// mirror, or a test server, replaces either.
public struct EdgarAddresses: Sendable {
  public static let secArchives = "https://www.sec.gov"
  public static let secAPI = "https://data.sec.gov"

  public let archives: URL
  public let api: URL

  /// Bases must be absolute http or https URLs; a trailing slash is ignored.
  public init(archives: String = secArchives, api: String = secAPI) throws(FetchError) {
    self.archives = try Self.base(archives, option: "--archives-url")
    self.api = try Self.base(api, option: "--api-url")
  }

  private static func base(_ text: String, option: String) throws(FetchError) -> URL {
    var t = text
    while t.hasSuffix("/") { t.removeLast() }
    guard let url = URL(string: t), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
      url.host != nil
    else { throw .usage("\(option) \(text): give an http or https address, such as \(option == "--api-url" ? secAPI : secArchives)") }
    return url
  }

  private func join(_ base: URL, _ path: String) -> URL { URL(string: base.absoluteString + path)! }

  /// A person's or company's submissions index: its recent filings, and the older pages it names.
  public func submissions(_ cik: CIK) -> URL { join(api, "/submissions/CIK\(cik.rawValue).json") }

  /// An older page of a submissions index, by the name the index gives it.
  public func submissionsPage(_ name: String) -> URL { join(api, "/submissions/\(name)") }

  /// A filing's full submission: its SGML header (accession number, filing date, acceptance
  /// time) and its documents. EDGAR's folder names the CIK without leading zeros.
  public func filing(_ accession: AccessionNumber, cik: CIK) -> URL {
    let folder = accession.rawValue.replacingOccurrences(of: "-", with: "")
    return join(archives, "/Archives/edgar/data/\(Int(cik.rawValue)!)/\(folder)/\(accession.rawValue).txt")
  }

  /// The SEC's list of tickers with their companies' CIKs.
  public var tickers: URL { join(archives, "/files/company_tickers.json") }

  /// One quarter of the SEC's Insider Transactions Data Sets.
  public func dataSet(_ quarter: Quarter) -> URL {
    join(archives, "/files/structureddata/data/insider-transactions-data-sets/\(quarter)_form345.zip")
  }

  /// Whether a submissions index names an older page by a plain file name (never a path).
  public static func isPageName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 100 && name.hasSuffix(".json") && !name.hasPrefix(".")
      && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }
  }
}

/// A calendar quarter, as the data sets name them: `2021q4`.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let number: Int

  /// The first quarter the SEC published a data set for.
  public static let first = Quarter(year: 2006, number: 1)

  public init(year: Int, number: Int) {
    self.year = year
    self.number = number
  }

  /// Parses `2021q4` (or `2021Q4`).
  public init?(_ text: some StringProtocol) {
    let t = text.lowercased()
    let parts = t.split(separator: "q", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), parts[1].count == 1, let q = Int(parts[1]), (1...4).contains(q)
    else { return nil }
    self.init(year: y, number: q)
  }

  public var description: String { "\(year)q\(number)" }
  public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
  public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }

  /// Parses a list of quarters and ranges: `2021q4`, `2006q1..2026q3`, `2020q1,2021q2..2021q4`.
  /// Quarters come back in order, each once.
  public static func list(_ text: String) throws(FetchError) -> [Quarter] {
    var quarters = Set<Quarter>()
    for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
      let ends = part.components(separatedBy: "..")
      guard (1...2).contains(ends.count), let from = Quarter(ends[0]), let to = Quarter(ends[ends.count - 1]) else {
        throw .usage("--datasets \(text): \(part.isEmpty ? "an empty item" : "\"\(part)\"") is not a quarter (2021q4) or a range of quarters (2006q1..2026q3)")
      }
      guard from <= to else { throw .usage("--datasets \(text): \(part) ends before it starts") }
      guard from >= first else { throw .usage("--datasets \(text): the SEC's data sets start at \(first)") }
      var q = from
      while q <= to {
        quarters.insert(q)
        q = q.next
      }
    }
    return quarters.sorted()
  }
}

import EdgarOwnership
import Foundation

/// What to fetch: the filings of people or issuers (by CIK, or an issuer by ticker) within a
/// selection, and quarters of the SEC's data sets.
public struct FetchRequest: Sendable {
  public var ciks: [CIK]
  public var tickers: [String]
  public var selection: FilingSelection
  public var quarters: [Quarter]

  public init(ciks: [CIK] = [], tickers: [String] = [], selection: FilingSelection, quarters: [Quarter] = []) {
    self.ciks = ciks
    self.tickers = tickers
    self.selection = selection
    self.quarters = quarters
  }
}

/// One download of a fetch: a filing's full submission, or a quarter's data set.
public struct FetchItem: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case filing(AccessionNumber, filed: LedgerDate, form: String)
    case dataSet(Quarter)
  }

  public var url: URL
  public var kind: Kind

  var expect: ExpectedBody {
    if case .dataSet = kind { return .zip }
    return .submission
  }
}

/// Plans a fetch from EDGAR's indexes and downloads it into the cache. It knows nothing of the
/// ledger: the caller appends what it delivers.
public struct EdgarFetcher: Sendable {
  public let addresses: EdgarAddresses
  public let http: EdgarHTTP
  public let cache: DownloadCache

  public init(addresses: EdgarAddresses, http: EdgarHTTP, cache: DownloadCache) {
    self.addresses = addresses
    self.http = http
    self.cache = cache
  }

  /// A plan: the items to download in order (filings by filing date, then accession; then data
  /// sets by quarter), each once, and the indexes that could not be read.
  public struct Plan: Sendable {
    public var items: [FetchItem] = []
    public var failures: [FetchError] = []
    /// Indexes downloaded, and indexes the server said had not changed since the cached copy.
    public var indexesFetched = 0
    public var indexesUnchanged = 0
  }

  /// Reads the ticker list (for tickers) and the submissions indexes, and selects the filings.
  /// An unknown ticker stops the plan; an index that cannot be read is a failure, and the rest
  /// goes on.
  public func plan(_ request: FetchRequest) async throws(FetchError) -> Plan {
    var plan = Plan()
    var ciks = request.ciks
    if !request.tickers.isEmpty {
      let list = try await tickers(&plan)
      for t in request.tickers {
        guard let company = list.company(t) else { throw .noSuchTicker(t.uppercased(), list: addresses.tickers.absoluteString) }
        ciks.append(company.cik)
      }
    }
    var seen = Set<AccessionNumber>()
    var filings: [(SubmissionsPage.Listed, CIK)] = []
    var ciksSeen = Set<CIK>()
    for cik in ciks where ciksSeen.insert(cik).inserted {
      let first: SubmissionsPage
      do {
        first = try await index(addresses.submissions(cik), &plan)
      } catch {
        plan.failures.append(error)
        continue
      }
      var pages = [first]
      for older in first.older where request.selection.wants(older) {
        do {
          pages.append(try await index(addresses.submissionsPage(older.name), &plan))
        } catch {
          plan.failures.append(error)
        }
      }
      for page in pages {
        for f in page.filings where request.selection.wants(f) && seen.insert(f.accession).inserted {
          filings.append((f, cik))
        }
      }
    }
    filings.sort { ($0.0.filingDate, $0.0.accession) < ($1.0.filingDate, $1.0.accession) }
    plan.items = filings.map { f, cik in
      FetchItem(url: addresses.filing(f.accession, cik: cik), kind: .filing(f.accession, filed: f.filingDate, form: f.form))
    }
    plan.items += request.quarters.map { FetchItem(url: addresses.dataSet($0), kind: .dataSet($0)) }
    return plan
  }

  private func tickers(_ plan: inout Plan) async throws(FetchError) -> TickerList {
    let url = addresses.tickers
    let d = try await http.download(url, expect: .json, cache: cache, immutable: false)
    if d.fetched { plan.indexesFetched += 1 } else { plan.indexesUnchanged += 1 }
    return try TickerList(try read(d.file, url), url: url)
  }

  private func index(_ url: URL, _ plan: inout Plan) async throws(FetchError) -> SubmissionsPage {
    let d = try await http.download(url, expect: .json, cache: cache, immutable: false)
    if d.fetched { plan.indexesFetched += 1 } else { plan.indexesUnchanged += 1 }
    return try SubmissionsPage(try read(d.file, url), url: url)
  }

  private func read(_ file: URL, _ url: URL) throws(FetchError) -> Data {
    do {
      return try Data(contentsOf: file)
    } catch {
      throw .cache(path: file.path, reason: "cannot be read")
    }
  }

  /// Downloads `items`, up to `concurrency` at a time (all paced by the one `EdgarHTTP`), and
  /// calls `deliver` with each result in item order, as soon as it and all before it are done.
  /// A filing or data set already in the cache is delivered without a request.
  public func download(
    _ items: [FetchItem], concurrency: Int = 4, deliver: @escaping @Sendable (Int, Result<EdgarHTTP.Download, FetchError>) -> Void
  ) async {
    let http = self.http, cache = self.cache
    await withTaskGroup(of: (Int, Result<EdgarHTTP.Download, FetchError>).self) { group in
      var next = 0
      func start() {
        guard next < items.count else { return }
        let i = next, item = items[i]
        next += 1
        group.addTask {
          do throws(FetchError) {
            return (i, .success(try await http.download(item.url, expect: item.expect, cache: cache, immutable: true)))
          } catch {
            return (i, .failure(error))
          }
        }
      }
      for _ in 0..<max(1, concurrency) { start() }
      var done: [Int: Result<EdgarHTTP.Download, FetchError>] = [:]
      var cursor = 0
      for await (i, result) in group {
        done[i] = result
        while let r = done.removeValue(forKey: cursor) {
          deliver(cursor, r)
          cursor += 1
        }
        start()
      }
    }
  }
}

import ArgumentParser
import EdgarFetch
import Foundation
import LedgerCore

struct Fetch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fetch",
    abstract: "Download filings from EDGAR and record them.",
    discussion: """
      With --cik or --ticker: reads the submissions index of each person or issuer (and the older pages it names), selects the Forms 3, 4, 5 and their amendments filed in the span, downloads each filing's full submission and appends it as 'ledger append' does. With --datasets: downloads quarters of the SEC's Insider Transactions Data Sets and appends them.
      Requests name you (--user-agent or $LEDGER_USER_AGENT, as the SEC's fair-access policy requires), keep to --rate per second, and are retried with backoff on 429, 5xx and network errors. Downloads are kept in a cache; a filing or data set in it is never fetched again, and an index is asked for again only if changed. A fetch stopped at any moment and run again downloads nothing twice and appends nothing twice. Needs internet access (or a mirror given by --archives-url and --api-url).
      Prints one summary line; on a terminal a progress bar shows. Exits 65 if any item failed, 3 for an unknown ticker, 64 without a User-Agent.
      """)

  @Option(name: .customLong("cik"), help: ArgumentHelp("A person's or issuer's CIK (repeatable).", valueName: "cik"))
  var ciks: [String] = []
  @Option(name: .customLong("ticker"), help: ArgumentHelp("An issuer's ticker, looked up in the SEC's ticker list (repeatable).", valueName: "ticker"))
  var tickers: [String] = []
  @Option(help: ArgumentHelp("Only filings filed on or after this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var from: LedgerDate?
  @Option(help: ArgumentHelp("Only filings filed on or before this date.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var to: LedgerDate?
  @Option(help: ArgumentHelp("The forms to fetch; each brings its amendment.", valueName: "3,4,5"))
  var forms = "3,4,5"
  @Option(help: ArgumentHelp("Quarters of the SEC's data sets: 2021q4, 2006q1..2026q3, or a comma list.", valueName: "quarters"))
  var datasets: String?
  @Option(name: .customLong("user-agent"), help: ArgumentHelp("Who is asking, as the SEC requires: \"Name email@domain\" (default: $LEDGER_USER_AGENT).", valueName: "text"))
  var userAgent: String?
  @Option(help: ArgumentHelp("Requests per second, 1 to 10.", valueName: "n"))
  var rate = 5
  @Option(help: ArgumentHelp("The download cache (default: $XDG_CACHE_HOME/ledger/edgar, else ~/.cache/ledger/edgar).", valueName: "dir"))
  var cache: String?
  @Option(name: .customLong("archives-url"), help: ArgumentHelp("Base address of filings, the ticker list and data sets.", valueName: "url"))
  var archivesURL = EdgarAddresses.secArchives
  @Option(name: .customLong("api-url"), help: ArgumentHelp("Base address of submissions indexes.", valueName: "url"))
  var apiURL = EdgarAddresses.secAPI
  @Option(help: ArgumentHelp("Retries of a failed request before its item fails.", valueName: "n"))
  var retries = 4
  @Option(help: ArgumentHelp("Seconds without data before a connection or a body counts as stalled.", valueName: "seconds"))
  var timeout = 30
  @OptionGroup var database: DatabaseOptions

  func validate() throws {
    if ciks.isEmpty && tickers.isEmpty && datasets == nil {
      throw ValidationError("Say what to fetch: --cik CIK, --ticker TICKER or --datasets QUARTERS.")
    }
    for c in ciks where CIK(c) == nil { throw ValidationError("--cik \(c): a CIK is 1 to 10 digits.") }
    if !(1...EdgarHTTP.Settings.maximumRate).contains(rate) {
      throw ValidationError("--rate \(rate): give 1 to \(EdgarHTTP.Settings.maximumRate) requests per second (the SEC allows at most \(EdgarHTTP.Settings.maximumRate)).")
    }
    if !(0...10).contains(retries) { throw ValidationError("--retries \(retries): give 0 to 10.") }
    if !(1...600).contains(timeout) { throw ValidationError("--timeout \(timeout): give 1 to 600 seconds.") }
  }

  func run() throws {
    try reporting {
      let request: FetchRequest
      let addresses: EdgarAddresses
      let settings: EdgarHTTP.Settings
      do throws(FetchError) {
        if let problem = EdgarHTTP.Settings.problem(userAgent: userAgent ?? Environment.userAgent) { throw .usage(problem) }
        settings = EdgarHTTP.Settings(
          userAgent: (userAgent ?? Environment.userAgent)!, rate: rate, retry: RetryPolicy(retries: retries), connectTimeout: min(timeout, 10),
          stallTimeout: timeout)
        addresses = try EdgarAddresses(archives: archivesURL, api: apiURL)
        request = FetchRequest(
          ciks: ciks.compactMap { CIK($0) }, tickers: tickers, selection: try FilingSelection(forms: forms, from: from, to: to),
          quarters: try datasets.map { s throws(FetchError) in try Quarter.list(s) } ?? [])
      } catch {
        Output.error("Error: \(error.description)")
        throw ExitCode.validationFailure
      }
      let root = cache.map { URL(fileURLWithPath: $0) } ?? DownloadCache.defaultRoot(xdgCacheHome: Environment.xdgCacheHome, home: Environment.home)
      do {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
      } catch {
        throw LedgerError.invalidOption(option: "--cache", message: "\(root.path) cannot be created")
      }
      let store = try database.open(.readWrite)
      let outcome = try fetch(request, into: store, from: addresses, settings: settings, cache: DownloadCache(root: root))
      if outcome.noSuchTicker {
        throw ExitCode(Exit.noMatch)
      }
      if outcome.failed { throw ExitCode(Exit.refused) }
    }
  }

  /// Plans and downloads on a task of their own while this thread appends what they deliver,
  /// a chunk at a time, each chunk committed as soon as it is appended.
  private func fetch(
    _ request: FetchRequest, into store: LedgerStore, from addresses: EdgarAddresses, settings: EdgarHTTP.Settings, cache: DownloadCache
  ) throws -> (failed: Bool, noSuchTicker: Bool) {
    let progress = FetchProgress()
    let http = EdgarHTTP(settings: settings) { progress.activity($0) }
    let fetcher = EdgarFetcher(addresses: addresses, http: http, cache: cache)
    let files = DownloadedFiles()
    let finished = DispatchSemaphore(value: 0)
    let stopped = Stopped()
    Task.detached {
      do throws(FetchError) {
        let plan = try await fetcher.plan(request)
        progress.planned(plan)
        await fetcher.download(plan.items) { i, result in
          progress.delivered(result)
          if case .success(let d) = result {
            let item = plan.items[i]
            files.push(d.file.path, url: item.url, dataSet: { if case .dataSet = item.kind { true } else { false } }())
          }
        }
      } catch {
        stopped.error = error
      }
      await http.shutdown()
      files.close()
      finished.signal()
    }
    var urls: [String: URL] = [:]
    var skipped = 0
    while let chunk = files.next() {
      for f in chunk { urls[f.path] = f.url }
      let sources = chunk.map { $0.dataSet ? InputSource.dataSet($0.path) : .file($0.path) }
      let ingestor = Ingestor(store: store, batchSize: 500)
      try ingestor.run(sources) { result in
        switch result.fate {
        case .appended(.recorded(_, let events)): progress.recorded(events: events)
        case .appended(.alreadyRecorded), .appended(.dated): progress.alreadyRecorded()
        case .refused(let error):
          let url = urls[result.input]?.absoluteString ?? result.input
          progress.refused("\(url): refused: \(error.reason)")
        case .skipped: skipped += 1
        }
      }
    }
    finished.wait()
    progress.clear()
    if case .noSuchTicker = stopped.error {
      Output.error(stopped.error!.description)
      return (false, true)
    }
    if let e = stopped.error { progress.refused(e.description) }
    var summary = progress.summary
    if skipped > 0 {
      summary.removeLast(2)
      summary += "; skipped \(skipped) without ownership XML.\n"
    }
    Output.print(summary)
    for f in progress.failures { Output.error("failed \(f)") }
    return (!progress.failures.isEmpty, false)
  }
}

/// The error that stopped a fetch's planning, set by its task before it signals the end.
private final class Stopped: @unchecked Sendable {
  var error: FetchError?
}

import ArgumentParser
import Foundation
import LedgerCore
import LedgerWeb

struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve a read-only web view of the ledger: search, report pages and the JSON API.",
    discussion: """
      Opens the database read-only and binds to 127.0.0.1 unless --host says otherwise. Pages: / (search by name, CIK or ticker), /issuer?issuer=CIK, /report?person=NAME|cik=CIK[&issuer=...][&asof=...][&known-at=...] (the page 'ledger report' writes, with date fields). JSON: /api/holdings, /api/history, /api/reconcile, /api/amendments, /api/late, /api/shortswing, /api/people, /api/issuers, /api/filings, /api/search, each answering what the command of the same name prints with --format json, its options as query parameters; /api/openapi.json describes them. Errors are JSON: 400 a bad parameter (named), 404 no match, 300 several matches (with the candidates). Each request reads one committed state of the log, so appends may run meanwhile. Stop with Ctrl-C.
      """)

  @Option(help: ArgumentHelp("The address to listen on (default: 127.0.0.1, this machine only).", valueName: "host"))
  var host = "127.0.0.1"
  @Option(help: ArgumentHelp("The port (default: 8080; 0 lets the system choose one).", valueName: "port"))
  var port = 8080
  @OptionGroup var database: DatabaseOptions

  func validate() throws {
    if !(0...65535).contains(port) { throw ValidationError("--port \(port): a port is 0 to 65535.") }
  }

  func run() async throws {
    var site: LedgerSite?
    try reporting { site = try LedgerSite(path: database.path, configuration: Environment.configuration) }
    guard let site else { return }
    let path = database.path
    do {
      try await LedgerServer.run(site: site, host: host, port: port) { host, port in
        let shown = host.contains(":") ? "[\(host)]" : host
        Output.print("Serving \(Terminal.escaped(path)) read-only at http://\(shown):\(port)/ (Ctrl-C to stop)\n")
      }
    } catch let error as LedgerError {
      Output.error(error.errorDescription ?? "cannot serve")
      throw ExitCode(Exit.database)
    } catch {
      Output.error("Error: cannot serve on \(host):\(port): \(error)")
      throw ExitCode(Exit.database)
    }
  }
}

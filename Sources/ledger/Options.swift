import ArgumentParser
import Foundation
import LedgerCore

/// `--db PATH`, else the database variable of `Environment`, else `ledger.sqlite` in the current directory.
struct DatabaseOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The ledger database file (default: $\(Environment.databaseVariable), else ./ledger.sqlite).", valueName: "path"))
  var db: String?

  var path: String { db ?? Environment.database ?? "ledger.sqlite" }

  func open(_ mode: LedgerStore.Mode) throws(LedgerError) -> LedgerStore {
    try LedgerStore(path: path, mode: mode, configuration: Environment.configuration)
  }
}

/// `--person NAME | --cik CIK` and `--issuer CIK|TICKER`.
struct SelectionOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Part of the person's name, any case (e.g. Notini).", valueName: "name"))
  var person: String?

  @Option(help: ArgumentHelp("The person's CIK.", valueName: "cik"))
  var cik: String?

  @Option(help: ArgumentHelp("Only this issuer: its CIK or ticker.", valueName: "cik-or-ticker"))
  var issuer: String?

  func validate() throws {
    if person != nil && cik != nil { throw ValidationError("Give --person or --cik, not both.") }
    if person == nil && cik == nil && issuer == nil {
      throw ValidationError("Say whose positions: --person NAME, --cik CIK or --issuer CIK|TICKER.")
    }
    if let cik, CIK(cik) == nil { throw ValidationError("--cik \(cik): a CIK is 1 to 10 digits.") }
  }

  var selector: PersonSelector? {
    if let cik, let c = CIK(cik) { return .cik(c) }
    if let person { return .name(person) }
    return nil
  }
}

struct FormatOption: ParsableArguments {
  @Option(help: ArgumentHelp("Output format: table (for people), json or csv (for programs).", valueName: "format"))
  var format: OutputFormat = .table
}

extension OutputFormat: ExpressibleByArgument {}

extension LedgerDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
}

extension AccessionNumber: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
}

/// Exit codes, documented in the README and in `ledger --help`.
enum Exit {
  static let ambiguous: Int32 = 2
  static let noMatch: Int32 = 3
  static let refused: Int32 = 65
  static let missing: Int32 = 66
  static let database: Int32 = 74

  static func code(for error: LedgerError) -> Int32 {
    switch error {
    case .invalidField, .invalidFile, .notAFiling, .accessionConflict: refused
    case .databaseMissing: missing
    case .databaseUnavailable: database
    case .noMatch: noMatch
    case .ambiguousPerson: ambiguous
    case .invalidOption: 64
    }
  }
}

/// Runs a command body; a `LedgerError` becomes its one-line message on standard error and its
/// exit code.
func reporting(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as LedgerError {
    Output.error(error.errorDescription ?? "error")
    throw ExitCode(Exit.code(for: error))
  }
}

/// Standard output written in chunks, for output made a piece at a time.
final class BufferedOutput {
  private var buffer = Data()

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  func flush() {
    FileHandle.standardOutput.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}

enum Output {
  static func print(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  static func render(json: JSONValue, csv: CSVTable, table: @autoclosure () -> String, as format: OutputFormat) {
    switch format {
    case .json: print(json.rendered())
    case .csv: print(csv.rendered())
    case .table: print(table())
    }
  }
}

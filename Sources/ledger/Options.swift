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
  @Option(help: ArgumentHelp("Part of the person's name, or its words in any order (e.g. Notini).", valueName: "name"))
  var person: String?

  @Option(help: ArgumentHelp("The person's CIK.", valueName: "cik"))
  var cik: String?

  @Option(help: ArgumentHelp("Only this issuer: its CIK, ticker or name.", valueName: "issuer"))
  var issuer: String?

  func validate() throws {
    if person != nil && cik != nil { throw ValidationError("Give --person or --cik, not both.") }
    if let cik, CIK(cik) == nil { throw ValidationError("--cik \(cik): a CIK is 1 to 10 digits.") }
  }

  /// That a selection was given: checked when the command runs, after the parser has said what
  /// it did not recognise (a misspelt `--persn` is then named, with the option meant, rather
  /// than reported as no selection).
  func required(by command: String) throws {
    if person == nil && cik == nil && issuer == nil {
      Output.error("Error: Say whose positions: --person NAME, --cik CIK or --issuer CIK|TICKER.")
      Output.error("  See 'ledger \(command) --help' for more information.")
      throw ExitCode.validationFailure
    }
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

  /// An option's date, refused with a message that says what is wrong and what is expected:
  /// `"06/01/2005" is not a date: use YYYY-MM-DD (for example 2005-06-01)`, or
  /// `"2005-02-30" is an impossible date: February 2005 has 28 days`.
  static func option(_ text: String) throws -> LedgerDate {
    if let date = LedgerDate(text) { return date }
    let digits = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
    let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    if digits.count == 3, digits[0].count == 4, let y = Int(digits[0]), let m = Int(digits[1]),
      text.range(of: #"^\s*\d{4}-\d{2}-\d{2}\s*$"#, options: .regularExpression) != nil
    {
      if (1...12).contains(m), (1...9999).contains(y) {
        let days = LedgerDate(year: y, month: m, day: 1).map { first in first.adding(months: 1).adding(days: -1).day } ?? 31
        throw ValidationError("\(quotedArgument(text)) is an impossible date: \(months[m - 1]) \(y) has \(days) days")
      }
      throw ValidationError("\(quotedArgument(text)) is an impossible date: there is no month \(m)")
    }
    // A US-style month/day/year: the same date written as it should be.
    var example = "2005-06-01"
    if digits.count == 3, digits[2].count == 4, let m = Int(digits[0]), let d = Int(digits[1]), let y = Int(digits[2]),
      let date = LedgerDate(year: y, month: m, day: d)
    {
      example = date.description
    }
    throw ValidationError("\(quotedArgument(text)) is not a date: use YYYY-MM-DD (for example \(example))")
  }
}

/// An argument quoted for a one-line message.
func quotedArgument(_ text: String) -> String {
  "\"" + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? String(format: "\\u{%X}", $0.value) : String($0) }.joined() + "\""
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
    case .databaseMissing, .fileMissing: missing
    case .databaseUnavailable: database
    case .noMatch: noMatch
    case .ambiguousPerson, .ambiguousIssuer: ambiguous
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

  /// One line on standard error, with any control character in it (from a file name or a
  /// filer's text) written visibly.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((Terminal.escaped(line) + "\n").utf8))
  }

  /// Writes the report in the format asked for, JSON and CSV a piece at a time as `json` and
  /// `csv` hand them over (a big report need not be held as text, let alone twice).
  static func write(json: (@escaping (String) -> Void) -> Void, csv: ((String) -> Void) -> Void, table: () -> String, as format: OutputFormat) {
    guard format != .table else { return print(table()) }
    let out = BufferedOutput()
    if format == .json { json(out.write) } else { csv(out.write) }
    out.flush()
  }

  /// Prints the report in the format asked for; only that one is built (each is a walk over
  /// every line of a big holder's report).
  static func render(json: @autoclosure () -> JSONValue, csv: @autoclosure () -> CSVTable, table: @autoclosure () -> String, as format: OutputFormat) {
    switch format {
    case .json: print(json().rendered())
    case .csv: print(csv().rendered())
    case .table: print(table())
    }
  }
}

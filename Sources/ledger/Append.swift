import ArgumentParser
import Foundation
import LedgerCore

/// `--accession`, `--filed`, `--amends`: envelope facts a bare document lacks.
struct EnvelopeOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The filing's accession number, for a file that lacks it.", valueName: "NNNNNNNNNN-YY-NNNNNN"))
  var accession: AccessionNumber?
  @Option(help: ArgumentHelp("The filing date, for a file that lacks it.", valueName: "yyyy-mm-dd"))
  var filed: LedgerDate?
  @Option(help: ArgumentHelp("For an amendment: the accession number of the filing it amends.", valueName: "accession"))
  var amends: AccessionNumber?

  var overrides: EnvelopeOverrides { EnvelopeOverrides(accession: accession, filedAt: filed, amends: amends) }
}

struct Append: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Record filings in the ledger.",
    discussion: """
      Each file is a filing JSON document, an EDGAR ownership XML document, or an EDGAR
      submission (.txt/.nc); - reads standard input. Each filing is recorded whole or not at all.
      A filing already in the ledger is reported as already recorded and adds nothing.
      Exits 65 if any file was refused.
      """)

  @Argument(help: ArgumentHelp("Filing files, or - for standard input.", valueName: "file"))
  var files: [String]

  @OptionGroup var envelope: EnvelopeOptions
  @OptionGroup var database: DatabaseOptions

  func validate() throws {
    if files.isEmpty { throw ValidationError("Give at least one file to append (or - for standard input).") }
    if !envelope.overrides.isEmpty && files.count != 1 {
      throw ValidationError("--accession, --filed and --amends apply to a single file.")
    }
  }

  func run() throws {
    try reporting {
      let store = try database.open(.readWrite)
      var refused = 0
      for file in files {
        do {
          let data = try Inputs.read(file)
          let filing = try FilingReader.read(data, file: file, overrides: envelope.overrides)
          switch try store.append(filing) {
          case .recorded(let id, let events):
            Output.print("\(file): recorded \(id.label) (\(events) events)\n")
          case .alreadyRecorded(let id):
            Output.print("\(file): already recorded as \(id.label)\n")
          case .dated(let id, let filedAt):
            Output.print("\(file): already recorded as \(id.label); filing date now \(filedAt)\n")
          }
        } catch let error as LedgerError {
          if case .databaseUnavailable = error { throw error }
          Output.error(error.errorDescription ?? "refused")
          refused += 1
        }
      }
      if refused > 0 { throw ExitCode(Exit.refused) }
    }
  }
}

enum Inputs {
  /// The bytes of a file, or of standard input for `-`.
  static func read(_ file: String) throws(LedgerError) -> Data {
    if file == "-" {
      return FileHandle.standardInput.readDataToEndOfFile()
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
      throw .invalidFile(file: file, message: "no such file")
    }
    if isDirectory.boolValue { throw .invalidFile(file: file, message: "is a folder") }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw .invalidFile(file: file, message: "cannot be read")
    }
    return data
  }
}

extension FilingID {
  /// The identity as people read it: `content-… (estimated)` for a filing without accession.
  var label: String { isEstimated ? "\(rawValue) (no accession number; identity from content)" : rawValue }
}

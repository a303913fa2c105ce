import ArgumentParser
import Foundation
import LedgerCore

/// `--accession`, `--filed`, `--amends`: envelope facts a bare document lacks.
struct EnvelopeOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The filing's accession number, for a file that lacks it.", valueName: "NNNNNNNNNN-YY-NNNNNN"))
  var accession: AccessionNumber?
  @Option(help: ArgumentHelp("The filing date, for a file that lacks it.", valueName: "yyyy-mm-dd"), transform: LedgerDate.option)
  var filed: LedgerDate?
  @Option(help: ArgumentHelp("For an amendment: the accession number of the filing it amends.", valueName: "accession"))
  var amends: AccessionNumber?

  var overrides: EnvelopeOverrides { EnvelopeOverrides(accession: accession, filedAt: filed, amends: amends) }
}

struct Append: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "append",
    abstract: "Record filings in the ledger.",
    discussion: """
      Each FILE is a filing JSON document, an EDGAR ownership XML document, an EDGAR submission (.txt/.nc), or a folder, walked recursively in name order; - reads standard input. Each filing is recorded whole or not at all; a filing already in the ledger adds nothing. In a folder, files that are not filings are skipped and counted. On a terminal a progress bar shows; at the end a summary lists what was appended, already recorded, skipped and refused. Exits 65 if any file was refused.
      """)

  @Argument(help: ArgumentHelp("Filing files or folders, or - for standard input.", valueName: "file"))
  var files: [String]

  @OptionGroup var envelope: EnvelopeOptions
  @ArgumentParser.Flag(
    name: .customLong("accession-from-path"),
    help: "Give a bare XML the accession its EDGAR folder names (.../NNNNNNNNNNYYNNNNNN/doc4.xml).")
  var accessionFromPath = false
  @Option(help: ArgumentHelp("A TSV manifest with file, accession and filingDate columns, for files that lack them.", valueName: "file.tsv"))
  var manifest: String?
  @ArgumentParser.Flag(help: "After a folder append, name each file already recorded and the filing it matched.")
  var verbose = false
  @OptionGroup var database: DatabaseOptions

  func validate() throws {
    if files.isEmpty { throw ValidationError("Give at least one file to append (or - for standard input).") }
    if !envelope.overrides.isEmpty && files.count != 1 {
      throw ValidationError("--accession, --filed and --amends apply to a single file.")
    }
  }

  func run() throws {
    try reporting {
      // A named input that does not exist is an error before anything is opened or created.
      for file in files where file != "-" && !FileManager.default.fileExists(atPath: file) {
        throw LedgerError.fileMissing(file: file)
      }
      let manifest = try self.manifest.map { path throws(LedgerError) in try FilingManifest(path: path) }
      let store = try database.open(.readWrite)
      let inputs = Inputs(files)
      // Files named one by one get a line each; folders and data sets get a progress bar on a
      // terminal and a summary.
      let bulk = files.contains { FileInput.isDirectory($0) || DataSetReader.isDataSet($0) }
      if bulk && !envelope.overrides.isEmpty {
        throw LedgerError.invalidOption(option: "--accession/--filed/--amends", message: "apply to a single file, not a folder or data set")
      }
      let progress = ProgressBar(total: bulk && ProgressBar.isTerminal ? inputs.count : 0, enabled: bulk && ProgressBar.isTerminal)
      var summary = Summary()
      let ingestor = Ingestor(store: store, overrides: envelope.overrides)
      if accessionFromPath || manifest != nil {
        let fromPath = accessionFromPath
        ingestor.overridesForFile = { file in
          var o = manifest?.overrides(for: file) ?? EnvelopeOverrides()
          if o.accession == nil, fromPath, let a = EdgarLayout.accession(inPath: file) {
            o.accession = a
            o.origin = "its folder"
          }
          return o
        }
      }
      // A large append (at least 10,000 filings, and at least half as many as the ledger holds)
      // builds the indexes only queries use once at the end instead of inserting into them at
      // random, unless the configuration says always or never.
      let deferIndexes: Bool
      switch store.configuration.deferIndexes {
      case .always: deferIndexes = true
      case .never: deferIndexes = false
      case .automatic:
        if bulk {
          let large = max(10_000, (try store.filingCount() + 1) / 2)
          deferIndexes = (progress.enabled ? progress.total : inputs.count(upTo: large)) >= large
        } else {
          deferIndexes = false
        }
      }
      if deferIndexes { try store.dropQueryIndexes() }
      var finished = false
      defer { if deferIndexes && !finished { try? store.restoreQueryIndexes() } }
      try ingestor.run(inputs) { result in
        summary.count(result.input)
        let file = result.file
        let shown = Terminal.escaped(file)
        switch result.fate {
        case .appended(let outcome):
          summary.record(outcome)
          progress.advance(filing: true)
          if verbose, case .alreadyRecorded(let id) = outcome { summary.matched.append((file, id.label)) }
          guard !bulk else { return }
          switch outcome {
          case .recorded(let id, let events): Output.print("\(shown): recorded \(id.label) (\(events) events)\n")
          case .alreadyRecorded(let id): Output.print("\(shown): already recorded as \(id.label)\n")
          case .dated(let id, let filedAt):
            Output.print("\(shown): already recorded as \(id.label); its filing date is now \(filedAt)\n")
          }
        case .refused(let error):
          if bulk {
            summary.refuse(file, error.reason)
          } else {
            Output.error(error.errorDescription ?? "refused")
            summary.refusedPrinted()
          }
          progress.advance(filing: false)
        case .skipped(let reason):
          if !bulk {
            // A file named on the command line that is not a filing is an error.
            Output.error(LedgerError.notAFiling(file: file, reason: reason).errorDescription ?? reason)
            summary.refusedPrinted()
          } else {
            summary.skip(file, reason)
          }
          progress.advance(filing: false)
        }
      }
      if deferIndexes {
        progress.status("building indexes")
        try store.restoreQueryIndexes()
      }
      finished = true
      progress.clear()
      if bulk || files.count > 1 {
        Output.print(summary.text)
        if bulk { for (file, filing) in summary.matched { Output.print("already recorded \(Terminal.escaped(file)): \(filing)\n") } }
        for (file, reason) in summary.refusals { Output.error("refused \(file): \(reason)") }
      }
      if summary.refusedCount > 0 { throw ExitCode(Exit.refused) }
    }
  }
}

/// Counts of what an append did, and the refusals with their reasons.
struct Summary {
  /// Inputs read: files, and data sets (each counted once, however many filings it holds).
  var files = 0
  private var lastInput: String?
  var appended = 0
  var events = 0
  var already = 0
  var dated = 0
  var skipped = 0
  var refusals: [(String, String)] = []
  /// With --verbose: each file already recorded, and the filing it matched.
  var matched: [(String, String)] = []
  private var printedRefusals = 0

  mutating func count(_ input: String) {
    if input != lastInput { files += 1 }
    lastInput = input
  }

  mutating func record(_ outcome: AppendOutcome) {
    switch outcome {
    case .recorded(_, let n):
      appended += 1
      events += n
    case .alreadyRecorded: already += 1
    case .dated:
      already += 1
      dated += 1
    }
  }

  mutating func skip(_ file: String, _ reason: String) {
    skipped += 1
  }

  /// A refusal to list after the summary: the file and what is wrong with it.
  mutating func refuse(_ file: String, _ reason: String) {
    refusals.append((file, reason))
  }

  /// A refusal already printed on its own line.
  mutating func refusedPrinted() {
    printedRefusals += 1
  }

  var refusedCount: Int { refusals.count + printedRefusals }

  var text: String {
    var s = "Appended \(appended) filing\(appended == 1 ? "" : "s") (\(events) events); already recorded \(already)"
    if dated > 0 { s += " (\(dated) given their filing date)" }
    s += "; skipped \(skipped) (not filings); refused \(refusedCount); \(files) file\(files == 1 ? "" : "s").\n"
    return s
  }
}

enum FileInput {
  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}

extension FilingID {
  /// The identity as people read it.
  var label: String { isEstimated ? "\(rawValue) (no accession number: identity from content, estimated)" : rawValue }
}

import ArgumentParser
import Foundation
import LedgerCore

struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Print a filing (JSON, EDGAR XML or submission) as filing JSON, without recording it.")

  @Argument(help: ArgumentHelp("The filing file, or - for standard input.", valueName: "file"))
  var file: String

  @OptionGroup var envelope: EnvelopeOptions

  func run() throws {
    try reporting {
      let data = try FileBytes.read(file)
      let filing = try FilingReader.read(data, file: file, overrides: envelope.overrides)
      Output.print(String(decoding: FilingJSON.encode(filing.document), as: UTF8.self) + "\n")
    }
  }
}

import ArgumentParser
import LedgerCore

struct Schema: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of the filing JSON format.")

  func run() throws {
    Output.print(FilingSchema.json + "\n")
  }
}

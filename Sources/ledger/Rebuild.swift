import Foundation
import ArgumentParser
import LedgerCore

struct Rebuild: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rebuild",
    abstract: "Rebuild every derived table (positions, people, issuers) by replaying the event log.")

  @OptionGroup var database: DatabaseOptions

  func run() throws {
    try reporting {
      guard FileManager.default.fileExists(atPath: database.path) else { throw LedgerError.databaseMissing(path: database.path) }
      let store = try database.open(.readWrite)
      let count = try store.rebuild()
      Output.print("Rebuilt the projections from \(count) events.\n")
    }
  }
}

import ArgumentParser
import Foundation
import LedgerCore

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run the benchmark and print its table.")

  func run() throws {
    print("not yet")
  }
}

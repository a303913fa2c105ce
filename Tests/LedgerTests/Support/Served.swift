import Foundation
import LedgerWeb

/// `ledger serve --port 0` on a ledger, as a real process on 127.0.0.1; stopped with SIGTERM
/// when released.
final class Served: @unchecked Sendable {
  let process = Process()
  let port: Int
  /// The line the server printed when it started listening.
  let banner: String

  init(db: URL, arguments: [String] = []) throws {
    process.executableURL = Paths.ledger
    process.arguments = ["serve", "--port", "0", "--db", db.path] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var text = ""
    while !text.contains("\n") {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
    }
    banner = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let range = banner.range(of: #":(\d+)/"#, options: .regularExpression),
      let port = Int(banner[range].dropFirst().dropLast())
    else { throw ServeFailure.noBanner(banner) }
    self.port = port
  }

  enum ServeFailure: Error { case noBanner(String) }

  func get(_ target: String, method: String = "GET") throws -> LoopbackClient.Answer {
    try LoopbackClient.get(port: port, target, method: method)
  }

  deinit {
    process.terminate()
    process.waitUntilExit()
  }
}

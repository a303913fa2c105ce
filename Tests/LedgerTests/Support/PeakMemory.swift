import Foundation

/// Runs a program to completion with its output discarded and returns its exit status and peak
/// resident memory in KiB, measured by `ledger-bench measure`: spawned from this (large) test
/// process directly, the program's `ru_maxrss` would include this process's own peak.
func runMeasuringPeakMemory(_ executable: String, _ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, peakKiB: Int) {
  let process = Process()
  process.executableURL = Paths.ledgerBench
  process.arguments = ["measure", executable] + args
  var env = ProcessInfo.processInfo.environment
  env.removeValue(forKey: "LEDGER_DB")
  for (k, v) in environment { env[k] = v }
  process.environment = env
  let out = Pipe()
  process.standardOutput = out
  try process.run()
  let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
  guard process.terminationStatus == 0, parts.count == 3, let status = Int32(parts[0]), let peak = Int(parts[2]) else {
    throw MeasureError(output: text)
  }
  return (status, peak)
}

struct MeasureError: Error, CustomStringConvertible {
  var output: String
  var description: String { "ledger-bench measure printed: \(output)" }
}

import Foundation
import LedgerCore

#if canImport(Glibc)
  import Glibc
#endif

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
  let total: Int
  let enabled: Bool
  private let start = Date()
  private var lastDraw = Date.distantPast
  private(set) var done = 0
  private var filings = 0

  init(total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
    self.total = total
    self.enabled = enabled
  }

  static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  func advance(filing: Bool) {
    done += 1
    if filing { filings += 1 }
    guard enabled else { return }
    let now = Date()
    if now.timeIntervalSince(lastDraw) < 0.1 && done < total { return }
    lastDraw = now
    draw(now)
  }

  private func draw(_ now: Date) {
    let elapsed = max(now.timeIntervalSince(start), 0.001)
    let rate = Double(filings) / elapsed
    let fraction = total > 0 ? Double(done) / Double(total) : 1
    let width = 24
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let perFile = elapsed / Double(max(done, 1))
    let left = Int(perFile * Double(total - done))
    let line = String(
      format: "\r[%@] %d/%d files  %.0f filings/s  %d:%02d left ", bar, done, total, rate, left / 60, left % 60)
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// Replaces the bar with a short status (what the command does after the files).
  func status(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(("\r" + text.padding(toLength: 79, withPad: " ", startingAt: 0)).utf8))
  }

  /// Clears the bar so that other output starts on a clean line.
  func clear() {
    guard enabled else { return }
    FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 79) + "\r").utf8))
  }
}

/// A replay's progress on standard error, set only when it is a terminal: `ledger rebuild`, and
/// the first command to open a ledger an older version wrote (which replays its log), run for
/// about a minute at a million filings.
enum ReplayLine {
  @Sendable static func draw(_ progress: ReplayProgress) {
    let text: String
    switch progress {
    case .events(let done, let total):
      let percent = total > 0 ? min(done * 100 / total, 100) : 100
      text = "Replaying the log into the derived tables: \(done) of \(total) events (\(percent)%)"
    case .indexes: text = "Building the query indexes"
    case .finished: text = ""
    }
    let line = "\r" + text.padding(toLength: 79, withPad: " ", startingAt: 0) + (text.isEmpty ? "\r" : "")
    FileHandle.standardError.write(Data(line.utf8))
  }
}

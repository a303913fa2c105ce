import ArgumentParser
import Foundation
import GRDBSQLite

#if canImport(Glibc)
  import Glibc
#endif

// The table the benchmark prints, and the small helpers its measurements share.

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.isEmpty ? 0 : s[s.count / 2]
}

func format(_ x: Double) -> String { x >= 100 ? String(Int(x.rounded())) : String(format: "%.2f", x) }

func rate(_ n: Int, _ seconds: Double) -> String {
  let r = Double(n) / max(seconds, 1e-9)
  return r >= 1000 ? "\(Int(r.rounded()) / 1000)k" : String(Int(r.rounded()))
}

/// The first error thrown by work run on several threads.
final class FirstError: @unchecked Sendable {
  private let lock = NSLock()
  private var first: Error?

  var error: Error? { lock.withLock { first } }

  func run(_ body: () throws -> Void) {
    do { try body() } catch { lock.withLock { if first == nil { first = error } } }
  }
}

/// The benchmark's table.
struct ResultTable {
  var rows: [[String]] = []

  mutating func add(_ figure: String, ledger: String, baseline: String, ratio: Double?, target: String, context: String) {
    rows.append([figure, ledger, baseline, ratio.map { String(format: "%.2f", $0) } ?? "", target, context])
  }

  func rendered() -> String {
    let header = ["figure", "ledger", "baseline (same run)", "ratio", "target", "context"]
    let all = [header] + rows
    var widths = header.map(\.count)
    for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ r: [String]) -> String {
      "| " + r.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    return ([line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"] + rows.map(line)).joined(separator: "\n")
  }
}

/// A connection through SQLite's C API alone, for the plain-SQLite baseline.
final class SQLiteConnection {
  let handle: OpaquePointer

  init(path: String, readOnly: Bool) throws {
    var db: OpaquePointer?
    let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
      if let db { sqlite3_close(db) }
      throw ValidationError("cannot open \(path)")
    }
    handle = db
  }

  deinit { sqlite3_close(handle) }

  var message: String { String(cString: sqlite3_errmsg(handle)) }

  func execute(_ sql: String) throws {
    guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw ValidationError("baseline: \(message) (\(sql.prefix(60)))") }
  }

  func prepare(_ sql: String) throws -> OpaquePointer {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw ValidationError("baseline: \(message) (\(sql.prefix(60)))")
    }
    return statement
  }
}

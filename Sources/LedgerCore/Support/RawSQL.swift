import Foundation
import GRDB
import GRDBSQLite

/// Binding and stepping a cached GRDB statement through SQLite's C API, for the statements a
/// bulk append runs millions of times: no argument arrays, no existentials, no Row objects.
/// The statement is GRDB's own (compiled once by `cachedStatement`), so GRDB still owns its
/// lifetime and its connection.
struct RawStatement {
  /// The GRDB statement, held so that it is not finalized while the handle is in use.
  private let statement: Statement
  let handle: OpaquePointer
  fileprivate(set) var index: Int32 = 0
  /// Where this statement's bound texts are copied (see `TextArena`), when it has one.
  private let arena: TextArena?

  init(_ statement: Statement, arena: TextArena? = nil) {
    self.statement = statement
    self.arena = arena
    arena?.used = 0
    handle = statement.sqliteStatement
    // Not `sqlite3_clear_bindings`: every use binds all the parameters again (`run` and `step`
    // check it in debug builds), and clearing them freed the buffers SQLite keeps for bound
    // texts, which the next use then allocated again.
    sqlite3_reset(handle)
  }

  static func cached(_ db: Database, _ sql: String) throws -> RawStatement {
    RawStatement(try db.cachedStatement(sql: sql))
  }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  mutating func bind(_ value: Int64) {
    index += 1
    sqlite3_bind_int64(handle, index, value)
  }

  mutating func bind(_ value: Int) { bind(Int64(value)) }

  mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

  mutating func bind(_ value: String?) {
    index += 1
    guard var value else {
      sqlite3_bind_null(handle, index)
      return
    }
    let (handle, index, arena) = (self.handle, self.index, self.arena)
    value.withUTF8 { buffer in
      if let arena, let copy = arena.copy(buffer) {
        _ = sqlite3_bind_text(handle, index, copy, Int32(buffer.count), nil /* SQLITE_STATIC */)
        return
      }
      let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
      _ = sqlite3_bind_text(handle, index, base, Int32(buffer.count), RawStatement.transient)
    }
  }

  mutating func bind(_ value: Data) {
    index += 1
    value.withUnsafeBytes { buffer in
      _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), RawStatement.transient)
    }
  }

  /// Runs a statement that returns no row.
  func run(_ db: Database) throws {
    assert(index == sqlite3_bind_parameter_count(handle), "\(index) of \(sqlite3_bind_parameter_count(handle)) parameters bound")
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
  }

  /// Runs a statement that returns no row, with `text` (UTF-8) bound as its last parameter in
  /// place: SQLite reads it where it is rather than copying it first.
  mutating func run(_ db: Database, text: Data) throws {
    index += 1
    let (handle, index) = (self.handle, self.index)
    try text.withUnsafeBytes { buffer in
      if let base = buffer.baseAddress, !buffer.isEmpty {
        _ = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil /* SQLITE_STATIC */)
      } else {
        _ = sqlite3_bind_text(handle, index, "", 0, RawStatement.transient)
      }
      // The statement must not keep the address once the bytes may move.
      defer { sqlite3_bind_null(handle, index) }
      try run(db)
    }
  }

  /// Steps once: true when a row is there to read.
  func step(_ db: Database) throws -> Bool {
    assert(index == sqlite3_bind_parameter_count(handle), "\(index) of \(sqlite3_bind_parameter_count(handle)) parameters bound")
    let code = sqlite3_step(handle)
    if code == SQLITE_ROW { return true }
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
    return false
  }

  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

  func string(_ column: Int32) -> String? {
    guard let p = sqlite3_column_text(handle, column) else { return nil }
    return String(cString: p)
  }

  /// The column's text bytes, without copying them, for the length of `body`.
  func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let n = Int(sqlite3_column_bytes(handle, column))
    guard let p = sqlite3_column_text(handle, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
    return try body(UnsafeBufferPointer(start: p, count: n))
  }

  func blob(_ column: Int32) -> Data {
    let n = Int(sqlite3_column_bytes(handle, column))
    guard let p = sqlite3_column_blob(handle, column), n > 0 else { return Data() }
    return Data(bytes: p, count: n)
  }

  /// Ends a read (after the last `step` that returned true).
  func finish() { sqlite3_reset(handle) }

  /// `count` (at least one) comma-separated `?` placeholders, for an `IN (...)` list.
  static func placeholders(_ count: Int) -> String { String(repeating: "?,", count: count - 1) + "?" }

  /// Runs the query `sql` makes of an `IN (...)` list's placeholders over `ids`, in chunks of
  /// at most 500, and hands `row` each result row: a report reads many lines' rows, filings or
  /// footnotes in a few statements rather than one per id.
  static func forEachRow(
    in ids: some Collection<Int64>, _ db: Database, _ sql: (_ marks: String) -> String, _ row: (RawStatement) throws -> Void
  ) throws {
    let ids = Array(ids)
    for start in stride(from: 0, to: ids.count, by: 500) {
      let chunk = ids[start..<min(start + 500, ids.count)]
      var s = try cached(db, sql(placeholders(chunk.count)))
      defer { s.finish() }
      for id in chunk { s.bind(id) }
      while try s.step(db) { try row(s) }
    }
  }
}

/// Statements prepared once and found by the address of their SQL literal, rather than by
/// hashing the SQL text on every use as GRDB's statement cache does. Lives for one transaction
/// (a projector) or one query.
final class StatementCache: @unchecked Sendable {
  private var statements: [Int: (statement: Statement, arena: TextArena)] = [:]

  private func entry(_ db: Database, _ sql: StaticString) throws -> (statement: Statement, arena: TextArena) {
    let key = Int(bitPattern: sql.utf8Start)
    if let e = statements[key] { return e }
    let e = (try db.makeStatement(sql: sql.description), TextArena())
    statements[key] = e
    return e
  }

  func statement(_ db: Database, _ sql: StaticString) throws -> Statement {
    try entry(db, sql).statement
  }

  /// The rows its statements stepped through in full table scans, and put in automatic indexes,
  /// since they were prepared: what a lookup without a usable index does (for tests).
  var scannedRows: Int {
    statements.values.reduce(0) { n, e in
      n + Int(sqlite3_stmt_status(e.statement.sqliteStatement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0))
        + Int(sqlite3_stmt_status(e.statement.sqliteStatement, SQLITE_STMTSTATUS_AUTOINDEX, 0))
    }
  }

  func raw(_ db: Database, _ sql: StaticString) throws -> RawStatement {
    let e = try entry(db, sql)
    return RawStatement(e.statement, arena: e.arena)
  }

  func execute(_ db: Database, _ sql: StaticString, _ arguments: StatementArguments = StatementArguments()) throws {
    try statement(db, sql).execute(arguments: arguments)
  }
}

/// Where one statement's bound texts are copied, so that SQLite can read them in place
/// (`SQLITE_STATIC`) rather than copy each into a buffer of its own: with Debian's SQLite, binding
/// a text as transient frees the parameter's previous buffer and allocates a new one, at every
/// bind. The copies stay until the statement is bound again, which only happens after it was
/// reset (every use binds all its parameters from the first); a text that does not fit is bound
/// as transient. Dies with its statement cache, which holds the statement.
final class TextArena: @unchecked Sendable {
  static let capacity = 8192
  let base = UnsafeMutablePointer<CChar>.allocate(capacity: TextArena.capacity)
  var used = 0

  deinit { base.deallocate() }

  /// A copy of `text` in the arena, or nil when it is full.
  func copy(_ text: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
    guard used + text.count <= TextArena.capacity else { return nil }
    let p = base + used
    if let source = text.baseAddress { UnsafeMutableRawPointer(p).copyMemory(from: source, byteCount: text.count) }
    used += text.count
    return UnsafePointer(p)
  }
}

/// A value that binds itself to a raw statement, without boxing.
protocol SQLBindable {
  func bind(to s: inout RawStatement)
}

extension Int64: SQLBindable { func bind(to s: inout RawStatement) { s.bind(self) } }
extension Int: SQLBindable { func bind(to s: inout RawStatement) { s.bind(self) } }
extension Bool: SQLBindable { func bind(to s: inout RawStatement) { s.bind(self) } }
extension String: SQLBindable { func bind(to s: inout RawStatement) { s.bind(self) } }
extension Data: SQLBindable { func bind(to s: inout RawStatement) { s.bind(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
  func bind(to s: inout RawStatement) {
    switch self {
    case .some(let v): v.bind(to: &s)
    case .none: s.bindNull()
    }
  }
}

extension RawStatement {
  mutating func bindNull() {
    index += 1
    sqlite3_bind_null(handle, index)
  }
}

extension StatementCache {
  /// Runs a statement that returns nothing.
  func run<each T: SQLBindable>(_ db: Database, _ sql: StaticString, _ values: repeat each T) throws {
    var s = try raw(db, sql)
    repeat (each values).bind(to: &s)
    try s.run(db)
  }

  /// The first column of the first row, as an integer.
  func int64<each T: SQLBindable>(_ db: Database, _ sql: StaticString, _ values: repeat each T) throws -> Int64? {
    var s = try raw(db, sql)
    repeat (each values).bind(to: &s)
    guard try s.step(db) else { return nil }
    defer { s.finish() }
    return s.isNull(0) ? nil : s.int64(0)
  }

  /// The first column of every row, as integers.
  func int64s<each T: SQLBindable>(_ db: Database, _ sql: StaticString, _ values: repeat each T) throws -> [Int64] {
    var s = try raw(db, sql)
    repeat (each values).bind(to: &s)
    var out: [Int64] = []
    while try s.step(db) { out.append(s.int64(0)) }
    return out
  }

  /// The first column of every row, as texts.
  func strings<each T: SQLBindable>(_ db: Database, _ sql: StaticString, _ values: repeat each T) throws -> [String] {
    var s = try raw(db, sql)
    repeat (each values).bind(to: &s)
    var out: [String] = []
    while try s.step(db) { out.append(s.string(0) ?? "") }
    return out
  }

  /// The first row, read by `read` while the statement is positioned on it.
  func row<R, each T: SQLBindable>(_ db: Database, _ sql: StaticString, _ values: repeat each T, read: (RawStatement) -> R) throws -> R? {
    var s = try raw(db, sql)
    repeat (each values).bind(to: &s)
    guard try s.step(db) else { return nil }
    defer { s.finish() }
    return read(s)
  }
}

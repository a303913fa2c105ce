import CZstd
import GRDBSQLite
import Foundation
import GRDB

/// How event payloads are stored: a zstd frame of the canonical payload bytes, as a BLOB, or
/// (in ledgers written before payloads were compressed, and in tests that ask for it) the
/// canonical text itself. The hash chain is defined over the canonical bytes either way.
///
/// A frame compressed with a dictionary names it by the zstd dictionary ID in its header; the
/// dictionary's bytes are in the ledger's `payload_dictionary` table, immutable once written,
/// numbered by version. Decoders are kept per dictionary ID for the life of the process.
final class PayloadCodec: @unchecked Sendable {
  static let shared = PayloadCodec()

  /// zstd's level: fast enough that appends keep their pace, and with a dictionary about a
  /// tenth of the canonical size on real filings.
  static let level: Int32 = 1
  /// A ledger trains its first dictionary once it holds this many events, from their payloads.
  static let trainingEvents = 2_000
  static let dictionaryCapacity = 48 * 1024

  private let lock = NSLock()
  private var decoders: [UInt32: OpaquePointer] = [:]
  private var encoders: [UInt32: OpaquePointer] = [:]
  private var dctxs: [OpaquePointer] = []
  private var cctxs: [OpaquePointer] = []

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  // MARK: - Reading

  /// The canonical bytes of a stored payload: text as it is, a BLOB decompressed.
  func canonical(_ value: DatabaseValue, _ db: Database) throws -> Data {
    switch value.storage {
    case .string(let s): return Data(s.utf8)
    case .blob(let b): return try b.withUnsafeBytes { try decompress($0, db) }
    default: throw Failure(description: "a payload is neither text nor a compressed frame")
    }
  }

  func decompress(_ frame: UnsafeRawBufferPointer, _ db: Database) throws -> Data {
    guard let base = frame.baseAddress, frame.count > 0 else { throw Failure(description: "an empty compressed payload") }
    let size = ZSTD_getFrameContentSize(base, frame.count)
    guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 31 else {
      throw Failure(description: "a compressed payload is not a zstd frame with its size")
    }
    let id = ZSTD_getDictID_fromFrame(base, frame.count)
    let ddict = id == 0 ? nil : try decoder(id, db)
    let dctx = take(.decompression)
    defer { give(dctx, .decompression) }
    var out = Data(count: Int(size))
    let written = out.withUnsafeMutableBytes { o in
      ddict.map { ZSTD_decompress_usingDDict(dctx, o.baseAddress, o.count, base, frame.count, $0) }
        ?? ZSTD_decompressDCtx(dctx, o.baseAddress, o.count, base, frame.count)
    }
    guard ZSTD_isError(written) == 0, written == Int(size) else {
      throw Failure(description: "a compressed payload does not decompress (\(String(cString: ZSTD_getErrorName(written))))")
    }
    return out
  }

  private func decoder(_ id: UInt32, _ db: Database) throws -> OpaquePointer {
    lock.lock()
    if let d = decoders[id] { lock.unlock(); return d }
    lock.unlock()
    guard let bytes = try Data.fetchOne(db, cached: "SELECT bytes FROM payload_dictionary WHERE dict_id = ?", arguments: [Int64(id)]) else {
      throw Failure(description: "a payload names dictionary \(id), which the ledger does not hold")
    }
    guard let d = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else {
      throw Failure(description: "dictionary \(id) cannot be loaded")
    }
    lock.lock()
    defer { lock.unlock() }
    if let existing = decoders[id] { ZSTD_freeDDict(d); return existing }
    decoders[id] = d
    return d
  }

  // MARK: - Writing

  /// A zstd frame of `payload`, with the dictionary when one is given.
  func compress(_ payload: Data, dictionary: (id: UInt32, bytes: Data)?) -> Data {
    let cdict = dictionary.map { encoder($0.id, $0.bytes) }
    let cctx = take(.compression)
    defer { give(cctx, .compression) }
    var out = Data(count: ZSTD_compressBound(payload.count))
    let n = out.withUnsafeMutableBytes { o in
      payload.withUnsafeBytes { p in
        cdict.map { ZSTD_compress_usingCDict(cctx, o.baseAddress, o.count, p.baseAddress, p.count, $0) }
          ?? ZSTD_compressCCtx(cctx, o.baseAddress, o.count, p.baseAddress, p.count, Self.level)
      }
    }
    precondition(ZSTD_isError(n) == 0, "zstd cannot compress into its own bound")
    out.count = n
    return out
  }

  private func encoder(_ id: UInt32, _ bytes: Data) -> OpaquePointer {
    lock.lock()
    defer { lock.unlock() }
    if let e = encoders[id] { return e }
    let e = bytes.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, Self.level) }!
    encoders[id] = e
    return e
  }

  /// A dictionary trained on sample payloads, or nil when zstd finds too little to learn.
  static func train(_ samples: [Data], capacity: Int = dictionaryCapacity) -> (id: UInt32, bytes: Data)? {
    var joined = Data()
    var sizes: [Int] = []
    for s in samples where !s.isEmpty {
      joined.append(s)
      sizes.append(s.count)
    }
    guard sizes.count >= 8 else { return nil }
    var dict = Data(count: capacity)
    let n = dict.withUnsafeMutableBytes { d in
      joined.withUnsafeBytes { j in ZDICT_trainFromBuffer(d.baseAddress, d.count, j.baseAddress, sizes, UInt32(sizes.count)) }
    }
    guard ZDICT_isError(n) == 0, n > 0 else { return nil }
    dict.count = n
    let id = dict.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
    return id == 0 ? nil : (id, dict)
  }

  /// The zstd dictionary ID a frame names (0 for none).
  static func dictionaryID(of frame: Data) -> UInt32 {
    frame.withUnsafeBytes { ZSTD_getDictID_fromFrame($0.baseAddress, $0.count) }
  }

  // MARK: - Contexts

  private enum Pool { case decompression, compression }

  /// A context from the pool, or a new one: each is used by one thread at a time.
  private func take(_ pool: Pool) -> OpaquePointer {
    lock.lock()
    let c = pool == .decompression ? dctxs.popLast() : cctxs.popLast()
    lock.unlock()
    return c ?? (pool == .decompression ? ZSTD_createDCtx() : ZSTD_createCCtx())!
  }

  private func give(_ c: OpaquePointer, _ pool: Pool) {
    lock.lock()
    if pool == .decompression { dctxs.append(c) } else { cctxs.append(c) }
    lock.unlock()
  }
}

extension RawStatement {
  /// An event payload's canonical bytes, for the length of `body`: stored text in place, or a
  /// stored zstd frame decompressed.
  func withPayload<R>(_ column: Int32, _ db: Database, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
    guard sqlite3_column_type(handle, column) == SQLITE_BLOB else { return try withText(column, body) }
    let n = Int(sqlite3_column_bytes(handle, column))
    let frame = UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: n)
    let data = try PayloadCodec.shared.decompress(frame, db)
    return try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
  }
}

/// The dictionary a ledger's committed log holds, as the writer last read it: the threads that
/// prepare filings compress their payloads with it ahead of the writer, which keeps a frame
/// only when it names no dictionary or the one it writes with.
final class PayloadDictionaryBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value: (id: UInt32, bytes: Data)?

  var current: (id: UInt32, bytes: Data)? { lock.withLock { value } }

  func publish(_ dictionary: (id: UInt32, bytes: Data)) { lock.withLock { value = dictionary } }
}

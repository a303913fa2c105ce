import Foundation

/// Reads event payloads fast, for rebuilds and verification: a tokenizer over the JSON bytes
/// (in the manner of jsmn: one flat array of tokens, each knowing where its subtree ends) and
/// decoders for the two events that make up nearly all of the log. They build the same typed
/// values as JSONDecoder (a test holds them to that) so that the projection logic stays one.
/// Anything unexpected makes them return nil, and the caller falls back to JSONDecoder.
struct PayloadScanner {
  enum Kind: UInt8 { case object, array, string, primitive }

  struct Token {
    var kind: Kind
    var start: Int
    var end: Int
    /// Index of the token after this one's subtree.
    var next: Int
    var escaped: Bool
  }

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var tokens: [Token] = []

  /// Tokenizes `bytes`; nil if they are not well-formed JSON.
  init?(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    tokens.reserveCapacity(128)
    var i = 0
    guard parseValue(&i), skipSpace(i) == bytes.count else { return nil }
  }

  private func skipSpace(_ from: Int) -> Int {
    var i = from
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    return i
  }

  private mutating func parseValue(_ i: inout Int) -> Bool {
    i = skipSpace(i)
    guard i < bytes.count else { return false }
    switch bytes[i] {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      let isObject = bytes[i] == UInt8(ascii: "{")
      let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
      let me = tokens.count
      tokens.append(Token(kind: isObject ? .object : .array, start: i, end: 0, next: 0, escaped: false))
      i += 1
      i = skipSpace(i)
      if i < bytes.count, bytes[i] == close {
        i += 1
      } else {
        while true {
          if isObject {
            i = skipSpace(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), parseString(&i) else { return false }
            i = skipSpace(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
          }
          guard parseValue(&i) else { return false }
          i = skipSpace(i)
          guard i < bytes.count else { return false }
          if bytes[i] == UInt8(ascii: ",") {
            i += 1
            continue
          }
          guard bytes[i] == close else { return false }
          i += 1
          break
        }
      }
      tokens[me].end = i
      tokens[me].next = tokens.count
      return true
    case UInt8(ascii: "\""):
      return parseString(&i)
    default:
      let start = i
      while i < bytes.count {
        let b = bytes[i]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
        i += 1
      }
      guard i > start else { return false }
      tokens.append(Token(kind: .primitive, start: start, end: i, next: tokens.count + 1, escaped: false))
      return true
    }
  }

  private mutating func parseString(_ i: inout Int) -> Bool {
    let start = i + 1
    var j = start
    var escaped = false
    while j < bytes.count {
      let b = bytes[j]
      if b == UInt8(ascii: "\\") {
        escaped = true
        j += 2
        continue
      }
      if b == UInt8(ascii: "\"") { break }
      j += 1
    }
    guard j < bytes.count else { return false }
    tokens.append(Token(kind: .string, start: start, end: j, next: tokens.count + 1, escaped: escaped))
    i = j + 1
    return true
  }

  // MARK: - Reading

  /// The key/value token pairs of an object, walked in place (no array is built).
  func members(_ t: Int) -> Members { Members(tokens: tokens, k: t + 1, end: tokens[t].next) }

  /// The elements of an array, walked in place.
  func elements(_ t: Int) -> Elements { Elements(tokens: tokens, k: t + 1, end: tokens[t].next) }

  struct Members: Sequence, IteratorProtocol {
    let tokens: [Token]
    var k: Int
    let end: Int

    mutating func next() -> (key: Int, value: Int)? {
      guard k < end else { return nil }
      let key = k
      k = tokens[key + 1].next
      return (key, key + 1)
    }
  }

  struct Elements: Sequence, IteratorProtocol {
    let tokens: [Token]
    var k: Int
    let end: Int

    mutating func next() -> Int? {
      guard k < end else { return nil }
      let element = k
      k = tokens[element].next
      return element
    }
  }

  /// Whether token `t` is the key string `key`.
  func isKey(_ t: Int, _ key: StaticString) -> Bool {
    let tok = tokens[t]
    let n = key.utf8CodeUnitCount
    guard tok.end - tok.start == n else { return false }
    let p = key.utf8Start
    for i in 0..<n where bytes[tok.start + i] != p[i] { return false }
    return true
  }

  func string(_ t: Int) -> String? {
    let tok = tokens[t]
    guard tok.kind == .string else { return nil }
    if !tok.escaped { return String(decoding: UnsafeBufferPointer(rebasing: bytes[tok.start..<tok.end]), as: UTF8.self) }
    // Rare: let Foundation unescape it.
    let quoted = Data(UnsafeBufferPointer(rebasing: bytes[(tok.start - 1)..<(tok.end + 1)]))
    return try? JSONDecoder().decode(String.self, from: quoted)
  }

  func int(_ t: Int) -> Int? {
    let tok = tokens[t]
    guard tok.kind == .primitive else { return nil }
    return Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[tok.start..<tok.end]), as: UTF8.self))
  }

  func bool(_ t: Int) -> Bool? {
    let tok = tokens[t]
    guard tok.kind == .primitive else { return nil }
    switch tok.end - tok.start {
    case 4: return true
    case 5: return false
    default: return nil
    }
  }

  func isNull(_ t: Int) -> Bool { tokens[t].kind == .primitive && bytes[tokens[t].start] == UInt8(ascii: "n") }
}

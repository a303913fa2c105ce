import Foundation

/// Writes event payloads as canonical JSON: keys in byte order, no insignificant whitespace,
/// quantities as decimal strings; byte for byte what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes (a test holds it to that), at a fraction of the cost.
struct CanonicalJSON {
  var bytes: ByteWriter
  #if DEBUG
    /// For each open object: the last key written, to check the order in debug builds.
    private var lastKeys: [String] = []
  #endif

  init(capacity: Int = 512) { bytes = ByteWriter(capacity: capacity) }

  var data: Data { bytes.data }

  // MARK: Structure

  mutating func object(_ body: (inout CanonicalJSON) -> Void) {
    bytes.append(UInt8(ascii: "{"))
    #if DEBUG
      lastKeys.append("")
    #endif
    body(&self)
    #if DEBUG
      lastKeys.removeLast()
    #endif
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func key(_ k: StaticString) {
    #if DEBUG
      let s = k.description
      precondition(lastKeys.last!.isEmpty || lastKeys.last!.utf8.lexicographicallyPrecedes(s.utf8), "keys out of order: \(lastKeys.last!) before \(s)")
      lastKeys[lastKeys.count - 1] = s
    #endif
    if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
    bytes.append(UInt8(ascii: "\""))
    raw(k)
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
  }

  mutating func array<T>(_ items: [T], _ element: (inout CanonicalJSON, T) -> Void) {
    bytes.append(UInt8(ascii: "["))
    for (i, item) in items.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      element(&self, item)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  // MARK: Scalars

  mutating func string(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    // Most texts have nothing to escape: copied whole.
    var s = s
    let plain = s.withUTF8 { text in
      guard !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
      bytes.append(text)
      return true
    }
    if plain {
      bytes.append(UInt8(ascii: "\""))
      return
    }
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""): escaped(0x22)
      case UInt8(ascii: "\\"): escaped(0x5C)
      case 0x0A: escaped(UInt8(ascii: "n"))
      case 0x0D: escaped(UInt8(ascii: "r"))
      case 0x09: escaped(UInt8(ascii: "t"))
      case 0x08: escaped(UInt8(ascii: "b"))
      case 0x0C: escaped(UInt8(ascii: "f"))
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        raw("\\u00")
        bytes.append(hex[Int(b >> 4)])
        bytes.append(hex[Int(b & 0x0F)])
      default: bytes.append(b)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func escaped(_ b: UInt8) {
    bytes.append(0x5C)
    bytes.append(b)
  }

  mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }

  /// Appends the bytes of a literal.
  private mutating func raw(_ s: StaticString) {
    bytes.append(s.utf8Start, count: s.utf8CodeUnitCount)
  }

  mutating func int(_ i: Int) {
    var text = String(i)
    text.withUTF8 { bytes.append($0) }
  }

  // MARK: Fields

  mutating func field(_ k: StaticString, _ s: String?) {
    guard let s else { return }
    key(k)
    string(s)
  }

  mutating func field(_ k: StaticString, _ b: Bool?) {
    guard let b else { return }
    key(k)
    bool(b)
  }

  mutating func field(_ k: StaticString, _ i: Int) {
    key(k)
    int(i)
  }

  mutating func field<T: CanonicalEncodable>(_ k: StaticString, _ v: T?) {
    guard let v else { return }
    key(k)
    v.write(to: &self)
  }

  mutating func field<T: CanonicalEncodable>(_ k: StaticString, _ items: [T]?) {
    guard let items else { return }
    key(k)
    array(items) { w, item in item.write(to: &w) }
  }

  mutating func field(_ k: StaticString, strings: [String]?) {
    guard let strings else { return }
    key(k)
    array(strings) { w, s in w.string(s) }
  }
}

/// A value with a canonical JSON form.
protocol CanonicalEncodable {
  func write(to w: inout CanonicalJSON)
}

extension String: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(self) } }
extension Amount: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(description) } }
extension LedgerDate: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(description) } }
extension CIK: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension AccessionNumber: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension FilingID: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension Flag: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.bool(value) } }
extension FormType: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension TransactionCode: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension AcquiredDisposed: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension DirectOrIndirect: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension Timeliness: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension TableKind: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }
extension RowKind: CanonicalEncodable { func write(to w: inout CanonicalJSON) { w.string(rawValue) } }

extension Reported: CanonicalEncodable where Value: CanonicalEncodable {
  func write(to w: inout CanonicalJSON) {
    if footnoteIds.isEmpty, let value {
      value.write(to: &w)
    } else {
      w.object { o in
        if !footnoteIds.isEmpty { o.field("footnoteIds", strings: footnoteIds) }
        o.field("value", value)
      }
    }
  }
}

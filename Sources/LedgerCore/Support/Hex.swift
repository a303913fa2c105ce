import Foundation

/// SHA-256 digests as the ledger shows them (64 lowercase hex digits) and as it stores them
/// (32 bytes).
extension Data {
  var hex: String {
    let digits: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: count * 2) { out in
      for (i, b) in enumerated() {
        out[2 * i] = digits.utf8Start[Int(b >> 4)]
        out[2 * i + 1] = digits.utf8Start[Int(b & 0x0F)]
      }
      return count * 2
    }
  }

  /// The 32 bytes that 64 hex digits (either case) spell; nil for anything else.
  init?(hex: String) {
    var text = hex
    let bytes: [UInt8]? = text.withUTF8 { utf8 in
      guard utf8.count == 64 else { return nil }
      func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
      }
      var out = [UInt8](repeating: 0, count: 32)
      for i in 0..<32 {
        guard let hi = nibble(utf8[2 * i]), let lo = nibble(utf8[2 * i + 1]) else { return nil }
        out[i] = hi << 4 | lo
      }
      return out
    }
    guard let bytes else { return nil }
    self.init(bytes)
  }

  /// A digest's stored form: its 32 bytes, or its text's bytes if it is not one (which the
  /// ledger's own digests always are).
  static func digest(_ hex: String) -> Data { Data(hex: hex) ?? Data(hex.utf8) }
}

import Foundation
import ZIPFoundation

/// What a download must be, checked before it is kept. An HTML error page served with status
/// 200, a body cut short, or anything else is refused with the reason, and never cached.
public enum ExpectedBody: Sendable {
  /// A JSON object: a submissions index, the ticker list.
  case json
  /// An EDGAR full submission: SGML from `<SEC-DOCUMENT>` to `</SEC-DOCUMENT>`.
  case submission
  /// A ZIP archive, whole: its central directory is at its end.
  case zip

  var name: String {
    switch self {
    case .json: "JSON"
    case .submission: "an EDGAR submission"
    case .zip: "a ZIP archive"
    }
  }

  /// Why the file at `path` is not what was expected, or nil when it is.
  func problem(in path: URL) -> String? {
    guard let handle = try? FileHandle(forReadingFrom: path) else { return "cannot be read back" }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 1024)) ?? Data()
    if head.isEmpty { return "an empty body where \(name) was expected" }
    if Self.looksLikeHTML(head) { return "an HTML page where \(name) was expected" }
    switch self {
    case .json:
      guard let data = try? Data(contentsOf: path), (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
        return "not a whole JSON object (cut short, or not JSON)"
      }
      return nil
    case .submission:
      let text = String(decoding: head, as: UTF8.self).drop { $0.isWhitespace }
      let closing: String
      if text.hasPrefix("<SEC-DOCUMENT>") {
        closing = "</SEC-DOCUMENT>"
      } else if text.hasPrefix("<SUBMISSION>") {
        closing = "</SUBMISSION>"
      } else {
        return "not an EDGAR submission (it does not start with <SEC-DOCUMENT>)"
      }
      let size = (try? handle.seekToEnd()) ?? 0
      try? handle.seek(toOffset: size > 256 ? size - 256 : 0)
      let tail = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
      guard tail.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(closing) else {
        return "a submission cut short (no \(closing) at its end)"
      }
      return nil
    case .zip:
      guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return "not a ZIP archive" }
      guard let archive = try? Archive(url: path, accessMode: .read, pathEncoding: nil), archive.makeIterator().next() != nil else {
        return "a ZIP archive cut short (its directory cannot be read)"
      }
      return nil
    }
  }

  static func looksLikeHTML(_ head: Data) -> Bool {
    let text = String(decoding: head.prefix(512), as: UTF8.self).drop { $0.isWhitespace || $0 == "\u{FEFF}" }.lowercased()
    return text.hasPrefix("<!doctype html") || text.hasPrefix("<html") || text.hasPrefix("<head") || text.hasPrefix("<body")
  }
}

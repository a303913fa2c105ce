import Foundation
import LedgerCore
import Testing

/// Mutants of every real filing that stay well-formed-looking but would mean something else, or
/// that break a rule of XML 1.0 the parser used to let through: each must be refused, with one
/// line naming the file and what is wrong, and leave the ledger as it was.
extension MutationTests {
  /// The mutant kinds, each with what its refusal says.
  static let meaningKinds: [(kind: String, says: String)] = [
    ("conflicting-value", "a second <value> that differs from the first"),
    ("second-document-type", "a second <documentType> that differs from the first"),
    ("row-in-the-other-table", "a row of"),
    ("row-outside-a-table", "is not where the form puts it"),
    ("owner-listed-twice", "an owner is listed once"),
    ("footnote-id-without-id", "footnoteId: has no id"),
    ("double-dash-in-comment", "'--' is not allowed inside a comment"),
    ("cdata-end-in-text", "']]>' is not allowed in text outside a CDATA section"),
    ("late-xml-declaration", "must be at the very start of the document"),
    ("non-character-reference", "is not a valid character reference"),
    ("non-character-bytes", "U+FFFE and U+FFFF are not allowed in XML"),
    ("header-accession-differs", "on the submission's first line"),
    ("many-unknown-siblings", "elements the ownership schemas do not define"),
  ]

  @Test(.needsCorpus, .timeLimit(.minutes(10)))
  func everyMutantThatWouldMeanSomethingElseIsRefused() throws {
    var made: [String: Int] = [:]
    for (name, data) in Self.corpus {
      let store = try LedgerStore()
      let text = String(decoding: data, as: UTF8.self)
      for (kind, says) in Self.meaningKinds {
        guard let mutant = MeaningMutator.mutant(kind, of: text) else { continue }
        made[kind, default: 0] += 1
        let file = "\(name)~\(kind)"
        do {
          try store.append(try FilingReader.read(Data(mutant.utf8), file: file))
          Issue.record("\(file) was accepted")
        } catch {
          let message = error.errorDescription ?? ""
          #expect(message.hasPrefix(file + ": ") && !message.contains("\n"), "\(message)")
          #expect(message.contains(says), "\(file): \(message)")
        }
        #expect(try store.eventCount() == 0)
      }
    }
    // Every kind was made from many filings (the submission header only from the .txt ones).
    for (kind, _) in Self.meaningKinds { #expect(made[kind, default: 0] >= 5, "\(kind): \(made[kind, default: 0])") }
    #expect(made.values.reduce(0, +) > 1_500)
  }
}

/// Rewrites a filing's text into one mutant of a kind, or nil when the filing has nothing the
/// kind needs (no footnote reference, no derivative row...).
enum MeaningMutator {
  static func mutant(_ kind: String, of text: String) -> String? {
    func element(_ name: String) -> Range<String.Index>? {
      guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else {
        return nil
      }
      return start.lowerBound..<end.upperBound
    }
    func inserting(_ s: String, before marker: String) -> String? {
      guard let r = text.range(of: marker) else { return nil }
      var t = text
      t.insert(contentsOf: s, at: r.lowerBound)
      return t
    }
    switch kind {
    case "conflicting-value":
      guard let r = text.range(of: "</value>") else { return nil }
      var t = text
      t.insert(contentsOf: "<value>1234</value>", at: r.upperBound)
      return t
    case "second-document-type":
      guard let r = text.range(of: "</documentType>") else { return nil }
      var t = text
      t.insert(contentsOf: text.contains("<documentType>4</documentType>") ? "<documentType>5</documentType>" : "<documentType>4</documentType>", at: r.upperBound)
      return t
    case "row-in-the-other-table":
      // A Table I row moved into Table II (made if the filing has none).
      guard let row = element("nonDerivativeTransaction") ?? element("nonDerivativeHolding") else { return nil }
      var t = text
      let moved = String(t[row])
      t.removeSubrange(row)
      if let open = t.range(of: "<derivativeTable>") {
        t.insert(contentsOf: moved, at: open.upperBound)
      } else if let end = t.range(of: "</nonDerivativeTable>") {
        t.insert(contentsOf: "<derivativeTable>" + moved + "</derivativeTable>", at: end.upperBound)
      } else {
        return nil
      }
      return t
    case "row-outside-a-table":
      guard let row = element("nonDerivativeTransaction") ?? element("derivativeTransaction") else { return nil }
      var t = text
      let moved = String(t[row])
      t.removeSubrange(row)
      guard let end = t.range(of: "</ownershipDocument>") else { return nil }
      t.insert(contentsOf: moved, at: end.lowerBound)
      return t
    case "owner-listed-twice":
      guard let owner = element("reportingOwner"), text[owner].contains("<rptOwnerCik>") else { return nil }
      var t = text
      t.insert(contentsOf: text[owner], at: owner.upperBound)
      return t
    case "footnote-id-without-id":
      guard let r = text.range(of: #"<footnoteId id="[^"]*"\s*/>"#, options: .regularExpression) else { return nil }
      return text.replacingCharacters(in: r, with: "<footnoteId/>")
    case "double-dash-in-comment":
      return inserting("<!-- reviewed -- twice -->", before: "</ownershipDocument>")
    case "cdata-end-in-text":
      return inserting(" ]]> ", before: "</issuerName>")
    case "late-xml-declaration":
      return inserting(#"<?xml version="1.0"?>"#, before: "</ownershipDocument>")
    case "non-character-reference":
      return inserting("&#xFFFF;", before: "</issuerName>")
    case "non-character-bytes":
      return inserting("\u{FFFE}", before: "</issuerName>")
    case "header-accession-differs":
      guard text.hasPrefix("<SEC-DOCUMENT>"), let r = text.range(of: #"ACCESSION NUMBER:\s*\d{10}-\d{2}-"#, options: .regularExpression),
        let digits = text.range(of: #"\d{6}"#, options: .regularExpression, range: r.upperBound..<text.endIndex)
      else { return nil }
      let number = Int(text[digits])!
      return text.replacingCharacters(in: digits, with: String(format: "%06d", (number + 1) % 1_000_000))
    default:  // many-unknown-siblings
      return inserting(String(repeating: "<q/>", count: 20_000), before: "</ownershipDocument>")
    }
  }
}

import Foundation
import LedgerCore
import LedgerGenerator
import Testing

/// Hostile input: mutants of every real filing in the corpus. Each is either appended cleanly
/// or refused with one line naming the file, and a refusal leaves the ledger as it was.
///
/// CI runs a fixed-seed sample (`mutantsPerFile` = 13, one of each kind). The full run is
/// `LEDGER_MUTANTS_PER_FILE=200 swift test --filter MutationTests` (see README).
@Suite struct MutationTests {
  static var mutantsPerFile: Int {
    ProcessInfo.processInfo.environment["LEDGER_MUTANTS_PER_FILE"].flatMap(Int.init) ?? 13
  }

  static var corpus: [(name: String, data: Data)] {
    Corpus.index.map { ($0.file, try! Data(contentsOf: Corpus.url($0))) }
      + Corpus.envelopes.map { ("envelopes/" + $0.lastPathComponent, try! Data(contentsOf: $0)) }
  }

  @Test(.timeLimit(.minutes(30)), .needsCorpus)
  func everyMutantIsAppendedOrRefusedCleanly() throws {
    var generator = SplitMix64(seed: 16)
    var ran = 0
    var accepted = 0
    var refused = 0
    var kinds: [String: Int] = [:]
    for (name, data) in Self.corpus {
      let store = try LedgerStore()
      var mutator = Mutator(original: data)
      for i in 0..<Self.mutantsPerFile {
        let (kind, mutant) = mutator.mutant(number: i, using: &generator)
        let file = "\(name)~\(kind)"
        kinds[kind, default: 0] += 1
        ran += 1
        let before = try store.eventCount()
        do {
          try store.append(try FilingReader.read(mutant, file: file))
          accepted += 1
        } catch {
          refused += 1
          let message = error.errorDescription ?? ""
          #expect(!message.contains("\n"), "\(file): \(message)")
          #expect(message.hasPrefix(file + ": "), "\(message)")
          #expect(!message.lowercased().contains("sqlite"), "\(message)")
          #expect(try store.eventCount() == before, "\(file) was refused but changed the ledger")
        }
      }
      #expect(try store.verify(compareProjections: false).passed)
    }
    print("mutation test: \(ran) mutants of \(Self.corpus.count) files (\(accepted) appended, \(refused) refused); by kind: \(kinds.sorted { $0.key < $1.key })")
    #expect(ran == Self.corpus.count * Self.mutantsPerFile)
    #expect(refused > ran / 3)
    #expect(accepted > 0)
  }

  @Test(.needsCorpus) func theBinaryRefusesMutantsWithOneLineAndExit65() throws {
    var generator = SplitMix64(seed: 99)
    let cli = CLI()
    let sources = Self.corpus.filter { $0.name.hasPrefix("envelopes/") }
    var checked = 0
    for (name, data) in sources {
      var mutator = Mutator(original: data)
      for i in [0, 3, 6, 9] {  // truncated, invalid UTF-8, binary, empty
        let (kind, mutant) = mutator.mutant(number: i, using: &generator)
        let path = cli.write(String(decoding: Data(), as: UTF8.self), to: "m/\(checked).txt")
        try mutant.write(to: URL(fileURLWithPath: path))
        let before = FileManager.default.fileExists(atPath: cli.db.path) ? try cli.eventCount() : 0
        let r = cli.run(["append", path])
        checked += 1
        if r.status != 0 {
          #expect(r.status == 65, "\(name) \(kind): \(r.stderr)")
          #expect(r.stderr.hasPrefix(path + ": "))
          #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
          #expect(try cli.eventCount() == before)
        }
      }
    }
    #expect(checked == 52)
  }

  @Test func namesWithQuotesSQLControlCharactersAndRightToLeftTextAreKeptVerbatim() throws {
    let hostile = "O'Brien\"; DROP TABLE event; -- \u{1}\u{7F} شركة \u{202E}evil"
    let issuerName = "Robert'); DELETE FROM entry; --"
    let note = "50% ; SELECT * FROM person WHERE '1'='1' \u{0} end"
    let doc = Filings.document(
      period: "2024-01-02", accession: "0000000001-24-000777", filed: "2024-01-03",
      issuer: Filings.issuer(issuerName, cik: "42", ticker: "X'Y"), owners: [Filings.owner(hostile, cik: "4242")],
      table1: [Filings.trade("2024-01-02", shares: "10", after: "10", nature: nil)], footnotes: [Footnote(id: "F1", text: note)])
    let store = try LedgerStore()
    try store.append(Filings.imported(doc))
    let report = try store.holdings(HoldingsRequest(person: .name("DROP TABLE"), asOf: LedgerDate("2024-02-01")!))
    #expect(report.person?.name == hostile)
    #expect(report.positions.first?.issuer.name == issuerName)
    #expect(try store.holdings(HoldingsRequest(person: .name("شركة"), asOf: LedgerDate("2024-02-01")!)).positions.count == 1)
    #expect(try store.holdings(HoldingsRequest(person: .cik(CIK("4242")!), issuer: "X'Y", asOf: LedgerDate("2024-02-01")!)).positions.count == 1)
    // JSON keeps every character (escaped where JSON requires it).
    let json = report.json().rendered()
    let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    #expect((decoded["person"] as? [String: Any])?["name"] as? String == hostile)
    // The tables still exist and the log verifies.
    #expect(try store.eventCount() == 2)
    #expect(try store.verify().passed)
    let stored = try FilingJSON.encode(FilingReader.read(FilingJSON.encode(doc), file: "again.json").document)
    #expect(String(decoding: stored, as: UTF8.self).contains("\\u0000 end"))
    // Tables for people show right-to-left text as is and replace control characters.
    let table = report.table()
    #expect(table.contains("شركة \u{202E}evil"))
    #expect(!table.contains("\u{1}"))
  }
}

/// Makes mutants of a filing: structural, lexical and binary damage.
struct Mutator {
  let original: Data
  let text: String

  init(original: Data) {
    self.original = original
    self.text = String(decoding: original, as: UTF8.self)
  }

  static let kinds = [
    "truncated", "flipped-bytes", "dropped-element", "invalid-utf8", "duplicated-element", "text-for-value",
    "binary", "huge-number", "negative-number", "empty", "impossible-date", "deep-nesting", "swapped-values",
  ]

  mutating func mutant(number: Int, using g: inout SplitMix64) -> (String, Data) {
    let kind = Self.kinds[number % Self.kinds.count]
    switch kind {
    case "truncated":
      return (kind, original.prefix(Int.random(in: 0..<max(1, original.count), using: &g)))
    case "flipped-bytes":
      var d = original
      for _ in 0..<Int.random(in: 1...6, using: &g) where !d.isEmpty {
        let i = d.startIndex + Int.random(in: 0..<d.count, using: &g)
        d[i] ^= UInt8.random(in: 1...255, using: &g)
      }
      return (kind, d)
    case "invalid-utf8":
      var d = original
      let i = d.startIndex + Int.random(in: 0..<max(1, d.count), using: &g)
      d.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xFE], at: min(i, d.endIndex))
      return (kind, d)
    case "binary":
      return (kind, Data((0..<Int.random(in: 1...4096, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }))
    case "empty":
      return (kind, Data())
    case "dropped-element", "duplicated-element":
      guard let range = randomElement(using: &g) else { return (kind, original) }
      var t = text
      if kind == "dropped-element" { t.removeSubrange(range) } else { t.insert(contentsOf: t[range], at: range.upperBound) }
      return (kind, Data(t.utf8))
    case "text-for-value", "huge-number", "negative-number", "impossible-date":
      let replacement =
        switch kind {
        case "text-for-value": ["abc", "ten", "N/A", "1,000", "$5.00", "see footnote", "1e9", "NaN"].randomElement(using: &g)!
        case "huge-number": "9" + String(repeating: "9", count: Int.random(in: 19...400, using: &g))
        case "negative-number": "-" + String(Int.random(in: 1...100000, using: &g))
        default: ["2021-02-30", "2021-13-01", "0000-00-00", "2021-04-31", "99999-01-01"].randomElement(using: &g)!
        }
      return (kind, Data(replacingValue(with: replacement, using: &g).utf8))
    case "deep-nesting":
      guard let range = randomValue(using: &g) else { return (kind, original) }
      let depth = Int.random(in: 40...5000, using: &g)
      var t = text
      t.replaceSubrange(range, with: String(repeating: "<a>", count: depth) + t[range] + String(repeating: "</a>", count: depth))
      return (kind, Data(t.utf8))
    default:  // swapped-values
      guard let a = randomValue(using: &g), let b = randomValue(using: &g), a != b, !a.overlaps(b) else { return (kind, original) }
      var t = text
      let (first, second) = a.lowerBound < b.lowerBound ? (a, b) : (b, a)
      let x = String(t[first])
      let y = String(t[second])
      t.replaceSubrange(second, with: x)
      t.replaceSubrange(first, with: y)
      return (kind, Data(t.utf8))
    }
  }

  /// The text of a random `<value>...</value>`.
  func randomValue(using g: inout SplitMix64) -> Range<String.Index>? {
    var ranges: [Range<String.Index>] = []
    var from = text.startIndex
    while let open = text.range(of: "<value>", range: from..<text.endIndex),
      let close = text.range(of: "</value>", range: open.upperBound..<text.endIndex)
    {
      ranges.append(open.upperBound..<close.lowerBound)
      from = close.upperBound
    }
    return ranges.randomElement(using: &g)
  }

  func replacingValue(with replacement: String, using g: inout SplitMix64) -> String {
    guard let r = randomValue(using: &g) else { return text + replacement }
    var t = text
    t.replaceSubrange(r, with: replacement)
    return t
  }

  /// A random element `<name ...>...</name>` of the document.
  func randomElement(using g: inout SplitMix64) -> Range<String.Index>? {
    let names = [
      "reportingOwner", "issuer", "nonDerivativeTransaction", "derivativeTransaction", "nonDerivativeHolding",
      "derivativeHolding", "transactionAmounts", "postTransactionAmounts", "ownershipNature", "transactionCoding",
      "securityTitle", "transactionDate", "footnotes", "footnote", "periodOfReport", "documentType", "ownerSignature",
      "value", "underlyingSecurity", "issuerCik", "rptOwnerCik",
    ]
    for _ in 0..<6 {
      let name = names.randomElement(using: &g)!
      var starts: [String.Index] = []
      var from = text.startIndex
      while let r = text.range(of: "<\(name)", range: from..<text.endIndex) {
        starts.append(r.lowerBound)
        from = r.upperBound
      }
      guard let start = starts.randomElement(using: &g),
        let close = text.range(of: "</\(name)>", range: start..<text.endIndex)
      else { continue }
      return start..<close.upperBound
    }
    return nil
  }
}

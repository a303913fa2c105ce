import Foundation
import LedgerCore
import Testing

/// The shared corpus of real EDGAR filings and its index.
enum Corpus {
  struct Entry {
    var file: String
    var accession: String
    var filingDate: String
    var documentType: String
    var issuerCik: String
    /// The reporting owners' CIKs.
    var ownerCiks: [String]
  }

  /// INDEX.tsv's rows (the 188 documents).
  static let index: [Entry] = {
    let url = Paths.edgar.appendingPathComponent("INDEX.tsv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    let header = lines.removeFirst()
    func col(_ name: String) -> Int { header.firstIndex(of: name)! }
    return lines.map { f in
      Entry(
        file: f[col("file")], accession: f[col("accession")], filingDate: f[col("filingDate")], documentType: f[col("documentType")],
        issuerCik: f[col("issuerCik")], ownerCiks: f[col("ownerCiks")].split(separator: ";").map(String.init))
    }
  }()

  static var envelopes: [URL] {
    let dir = Paths.edgar.appendingPathComponent("envelopes")
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().map { dir.appendingPathComponent($0) }
  }

  static func url(_ e: Entry) -> URL { Paths.edgar.appendingPathComponent(e.file) }

  static func overrides(_ e: Entry) -> EnvelopeOverrides {
    EnvelopeOverrides(accession: AccessionNumber(e.accession), filedAt: LedgerDate(e.filingDate))
  }

  /// Reads one indexed document with its INDEX accession and filing date.
  static func imported(_ e: Entry) throws -> ImportedFiling {
    try FilingReader.read(Data(contentsOf: url(e)), file: e.file, overrides: overrides(e))
  }

  /// A ledger holding every indexed document (with INDEX accessions) and every envelope.
  static let store: LedgerStore = {
    let store = try! LedgerStore()
    for e in index { _ = try! store.append(try! imported(e)) }
    for url in envelopes { _ = try! store.append(try! FilingReader.read(Data(contentsOf: url), file: url.lastPathComponent)) }
    return store
  }()
}

extension Corpus {
  /// Whether the real filings are beside the checkout (CI has them; a lone clone does not).
  static let present = FileManager.default.fileExists(atPath: Paths.edgar.appendingPathComponent("INDEX.tsv").path)
}

extension Trait where Self == ConditionTrait {
  /// For tests that read the real filings: skipped, with the reason, where they are missing.
  static var needsCorpus: Self {
    .enabled(if: Corpus.present, "needs the real filings in ../shared/edgar: clone this repository beside ../shared to run it")
  }
}

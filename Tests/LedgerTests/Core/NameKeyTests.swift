import Testing

@testable import EdgarOwnership
@testable import LedgerCore

/// Names are matched by their words: the fast ASCII reading gives what the general one gives.
@Suite struct NameKeyTests {
  @Test func oneNameWrittenThreeWaysIsOneKey() {
    #expect(NameKey.person("NOTINI ALBERT A") == "A ALBERT NOTINI")
    #expect(NameKey.person("Albert A. Notini") == "A ALBERT NOTINI")
    #expect(NameKey.person("Notini, Albert A") == "A ALBERT NOTINI")
    #expect(NameKey.person("O'Brien  Mary-Kate") == "KATE MARY OBRIEN")
    #expect(NameKey.issuer("Sonus Networks, Inc.") == "SONUS NETWORKS INC")
    #expect(NameKey.person("Ærø, José") == "JOSÉ ÆRØ")
  }

  @Test func theASCIIReadingAgreesWithTheGeneralOneForEveryCharacter() {
    for byte in UInt8(0)..<0x80 {
      let c = String(decoding: [byte], as: UTF8.self)
      for name in ["ab\(c)cd", "\(c)x y\(c)", "\(c)", "Jr.\(c)9 z"] {
        #expect(NameKey.asciiWords(name) == NameKey.unicodeWords(name), "\(byte)")
      }
    }
    #expect(NameKey.asciiWords("José") == nil)
  }

  /// Trimming reads ASCII white space as bytes and Unicode white space as scalars: the result
  /// is what trimming every white-space scalar gives.
  @Test func trimmingAgreesWithTrimmingEveryWhiteSpaceScalar() {
    func reference(_ s: String) -> String {
      let scalars = Array(s.unicodeScalars)
      guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
      var out = String.UnicodeScalarView()
      out.append(contentsOf: scalars[first...last])
      return String(out)
    }
    let edges = ["", " ", "\t\t", "\r\n", "\n \u{B}\u{C}", "\u{A0}", " \u{2003}\t", "\u{85}", "\u{301}", "é", "x"]
    for left in edges {
      for right in edges {
        for middle in ["", "0001999999-04-001918", "a b", "\u{A0}", "Ærø\r\nJosé"] {
          let s = left + middle + right
          #expect(s.trimmed == reference(s), "\(Array(s.unicodeScalars))")
          #expect(s.trimmed.unicodeScalars.elementsEqual(reference(s).unicodeScalars), "\(Array(s.unicodeScalars))")
        }
      }
    }
    #expect("\t\t0001999999-04-001918\r".trimmed == "0001999999-04-001918")
    #expect(" \u{A0}Notini\u{2003}".trimmed == "Notini")
  }

  @Test func titlesCompareIgnoringCaseAndSpacing() {
    #expect(NameKey.title("  Common\t Stock ") == "common stock")
    #expect(NameKey.title("Ação  Ordinária") == "ação ordinária")
    for byte in UInt8(0)..<0x80 {
      let c = String(decoding: [byte], as: UTF8.self)
      let text = "A\(c)b \(c)"
      var fast: [UInt8] = []
      #expect(NameKey.appendTitle(text, to: &fast))
      #expect(String(decoding: fast, as: UTF8.self) == text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(byte)")
    }
  }

  /// A footnote mark typed after a title is not part of the security: Thiel's Palantir Form 4
  /// of 2021-05-13 titles its Class B rows "Class B Common Stock (2)", the next one not.
  @Test func titlesDropTheFootnoteMarksThatEndThem() {
    #expect(NameKey.title("Class B Common Stock (2)") == "class b common stock")
    #expect(NameKey.title("Common Stock(1)(2)") == "common stock")
    #expect(NameKey.title("Common Stock (1) (12)  ") == "common stock")
    #expect(NameKey.title("Série A (F3)") == "série a")
    // Words in parentheses, a year, a long number, or a title that is only a mark stay.
    #expect(NameKey.title("Stock Option (Right to Buy)") == "stock option (right to buy)")
    #expect(NameKey.title("Preferred Stock (Series 2)") == "preferred stock (series 2)")
    #expect(NameKey.title("Units (2019)") == "units (2019)")
    #expect(NameKey.title("Note (123)") == "note (123)")
    #expect(NameKey.title("(1)") == "(1)")
    #expect(NameKey.title("(1)(2)") == "(1)")
  }

  /// A row's place in its filing is written with seven digits, so that title ranks (stored in
  /// every ledger) compare as text in row order.
  @Test func aRowsPlaceIsZeroPaddedToSevenDigits() {
    for n in [0, 7, 42, 999, 1_000_000, 9_999_999, 10_000_000, 123_456_789] {
      let s = String(n)
      #expect(Projector.padded(n) == (s.count >= 7 ? s : String(repeating: "0", count: 7 - s.count) + s), "\(n)")
    }
    #expect(Projector.padded(9) < Projector.padded(10))
  }

  /// A line's key, stored in every ledger: its parts in a fixed order, each after a 0x1F.
  @Test func aLineKeyIsItsPartsInOrder() {
    let row = Filings.trade("2024-01-02", shares: "5", after: "5", security: "Common  STOCK", ownership: .indirect, nature: "By Fund IV, L.P.")
    let doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03", table1: [row])
    let facts = LineFacts(row: doc.rows[0])
    #expect(facts.keySuffix == "\u{1F}1\u{1F}shares\u{1F}I\u{1F}by fund iv l p\u{1F}common stock\u{1F}\u{1F}")
    #expect(facts.key(issuerID: 7, ownerGroup: "3,4") == "7\u{1F}3,4" + facts.keySuffix)
  }
}

/// Natures that only point to their footnotes, and the holders those footnotes name.
@Suite struct FootnotedNatureTests {
  @Test func naturesThatOnlyPointToFootnotesAreTold() {
    for text in ["See Footnote", "See footnote (1)", "See Footnotes (2) and (3)", "Footnote 4", "See Note 2", "See Explanation of Responses", "(1)", "F1", ""] {
      #expect(NameKey.pointsToFootnotes(text), "\(text)")
    }
    for text in ["By Trust", "By Spouse", "By Fund IV, LP", "See Trust", "Footnote Trust", "By 401(k)", "Held by LLC (1)"] {
      #expect(!NameKey.pointsToFootnotes(text), "\(text)")
    }
  }

  @Test func naturesThatNameAKindOfHolderAreTold() {
    for text in ["By Trust", "Trust", "By Fund", "By Funds", "By LLC", "by the Family Trusts", "By GRAT", "Through LP"] {
      #expect(NameKey.namesAKindOfHolder(text), "\(text)")
    }
    for text in ["By Spouse", "By Fund IV, LP", "By Smith Family Trust", "See Footnote", "", "By 401(k) Plan"] {
      #expect(!NameKey.namesAKindOfHolder(text), "\(text)")
    }
  }

  /// Real footnotes of the shared corpus, and how a filer rewords one from filing to filing.
  @Test func aFootnoteNamesItsHolder() {
    let cases: [(String, String?)] = [
      (#"These shares are held of record by The Founders Fund II, LP ("FF-II").  The Reporting Person is one of the managing members"#, "founders fund ii"),
      (#"These shares are held of record by The Founders Fund III, LP ("FF-III"). The Reporting Person is one of the managing members"#, "founders fund iii"),
      (#"These shares are held of record by PT Ventures, LLC ("PTV"), of which the Reporting Person is the Managing Member."#, "pt ventures"),
      ("These shares are held of record by Rivendell 7 LLC, of which the Reporting Person is the sole beneficial owner.", "rivendell 7"),
      ("Represents shares held directly by Craft Ventures II, LP (\"Craft Ventures II\"). Craft Ventures GP II, LP is", "craft ventures ii"),
      ("Shares are held by PENSCO Trust Company FBO Max Levchin Roth IRA.  The Reporting Person holds voting", "pensco trust company fbo max levchin roth ira"),
      ("The reported securities are owned directly by Columbia Insurance Company, a subsidiary of Berkshire", "columbia insurance company"),
      ("This warrant is held by FF-IV.", "ff iv"),
      ("The shares are held by the Scarpelli Family Trust for which the Reporting Person is a trustee.", "scarpelli family trust"),
      ("The shares are held by the Michael P. Scarpelli 2019 Grantor Retained Annuity Trust for which the", "michael p scarpelli 2019 grantor retained annuity trust"),
      ("Shares held by Acme Holdings, Inc. The Reporting Person is its sole director.", "acme holdings"),
      ("These shares were not subject to a particular transaction during the dates covered by this Form 4", nil),
      ("The Reporting Person disclaims beneficial ownership except to the extent of his pecuniary interest.", nil),
    ]
    for (text, holder) in cases { #expect(NameKey.holder(named: text) == holder, "\(text)") }
    // The next filing drops the legal form: the same holder.
    #expect(NameKey.holder(named: "Represents shares held directly by Craft Ventures II. Craft Ventures GP II, LP is") == "craft ventures ii")
    #expect(NameKey.holder(named: "Shares held by Craft Ventures I-A, L.P. (\"Craft I-A\").") == "craft ventures i a")
    // Three wordings of one footnote in Thiel's Palantir filings: one holder.
    let clarium = [
      #"These shares are held of record by Clarium L.P. ("Clarium").  The Reporting Person is the President of Clarium Capital Management, LLC, which is the general partner of Clarium."#,
      #"These shares are held of record by Clarium L.P. ("Clarium"). The Reporting Person is the President of Clarium Capital Management, LLC, which is general partner of Clarium."#,
    ]
    #expect(Set(clarium.map { LineFacts.holderKey([$0]) }).count == 1)
    #expect(LineFacts.holderKey(clarium) == "\u{1E}clarium")
    // A footnote naming no holder is compared by its words.
    #expect(LineFacts.holderKey(["Held in an account, see (2)."]) == "\u{1E}held in an account see 2")
  }

  /// Rows of one filing whose natures read "See Footnote" are lines of their own when their
  /// footnotes name different holders, and one line when they name the same.
  @Test func seeFootnoteRowsAreLinesOfTheirHolders() {
    func row(_ footnote: String) -> ReportedRow {
      var r = Filings.trade("2024-01-02", shares: "5", after: "5", ownership: .indirect, nature: "See Footnote")
      r.ownershipNature.natureOfOwnership = Reported("See Footnote", footnoteIds: [footnote])
      return r
    }
    var doc = Filings.document(period: "2024-01-02", accession: "0000000001-24-000001", filed: "2024-01-03", table1: [row("F1"), row("F2"), row("F3")])
    doc.footnotes = [
      Footnote(id: "F1", text: "Shares held of record by Fund A, LP."),
      Footnote(id: "F2", text: "Shares held of record by Fund B, LP."),
      Footnote(id: "F3", text: "These shares are held by Fund A, LP (\"A\")."),
    ]
    let keys = doc.rows.map { LineFacts(row: $0, footnotes: doc.footnotes).keySuffix }
    #expect(keys[0] != keys[1])
    #expect(keys[0] == keys[2])
    #expect(keys[0].hasSuffix("\u{1F}I\u{1F}\u{1E}fund a\u{1F}common stock\u{1F}\u{1F}"))
    // The next filing writes "See footnote (4)", or gives the nature by its footnote alone, and
    // numbers the footnote afresh: the same holder, the same line.
    var next = Filings.document(period: "2024-02-02", accession: "0000000001-24-000002", filed: "2024-02-03", table1: [row("F4"), row("F5")])
    next.nonDerivativeTable?.transactions[0].ownershipNature.natureOfOwnership = Reported("See footnote (4)", footnoteIds: ["F4"])
    next.nonDerivativeTable?.transactions[1].ownershipNature.natureOfOwnership = Reported(nil, footnoteIds: ["F5"])
    next.footnotes = [
      Footnote(id: "F4", text: "Held by The Fund A, L.P., of which the Reporting Person is a member."),
      Footnote(id: "F5", text: "Held of record by Fund B LLC."),
    ]
    #expect(next.rows.map { LineFacts(row: $0, footnotes: next.footnotes).keySuffix } == [keys[0], keys[1]])
    // Without the filing's footnotes, the ids stand in.
    #expect(LineFacts(row: doc.rows[0]).keySuffix != LineFacts(row: doc.rows[1]).keySuffix)
  }
}

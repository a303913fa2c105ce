import Foundation
import GRDB

/// What `ledger reconcile` asks.
public struct ReconcileRequest: Sendable {
  public var person: PersonSelector?
  public var issuer: String?
  public var knownAt: LedgerDate?

  public init(person: PersonSelector?, issuer: String? = nil, knownAt: LedgerDate? = nil) {
    self.person = person
    self.issuer = issuer
    self.knownAt = knownAt
  }
}

/// Where the filers' own running tallies break, line by line, with a likely cause.
///
/// The ledger follows the rows: each transaction's expected amount after is the previous
/// reported balance plus its signed amount, and each holding's is the previous reported balance.
/// The previous reported balance is the amount after the line's previous row, transaction or
/// holding (the filer's tally on that date); a first holding (a Form 3 opening balance) is never
/// a break itself. Holdings output keeps showing the reported balance: reconciliation explains,
/// it never overwrites.
public struct ReconcileReport: Sendable {
  public var person: PartyRef?
  public var issuer: IssuerRef?
  public var knownAt: LedgerDate?
  /// Lines examined.
  public var linesChecked: Int
  /// Lines with at least one break.
  public var lines: [ReconciledLine]
  /// Lines a Form 3 opened that no later filing reported, while the owners' other lines at the
  /// issuer moved: most likely the same position worded differently later.
  public var staleLines: [StaleLine]
}

public struct ReconciledLine: Sendable {
  public var owners: [PartyRef]
  public var issuer: IssuerRef
  public var security: String
  public var derivative: Bool
  public var ownership: DirectOrIndirect
  public var nature: String
  /// The footnotes the nature cites on the line's last row (for "See Footnote", they name the
  /// holder, which tells the line from the owner's other such lines).
  public var natureFootnotes: [FootnoteRef]
  public var exercisePrice: Amount?
  public var expirationDate: LedgerDate?
  public var underlying: String?
  public var breaks: [Break]
  /// The line's id in the ledger, which tells apart lines whose fields read alike.
  var lineID: Int64 = 0

  var sortKey: [String] {
    [
      issuer.name, security, derivative ? "1" : "0", ownership.rawValue, nature, natureFootnotes.sortKey,
      exercisePrice?.sortKey ?? "", expirationDate?.description ?? "", underlying ?? "", owners.map(\.name).joined(separator: ";"),
    ]
  }

  /// "Common Stock · I: by Trust", "Common Stock · I: See Footnote [F3]".
  public var label: String {
    var s = security
    if derivative {
      if let p = exercisePrice { s += " @" + p.description }
      if let x = expirationDate { s += " exp " + x.description }
    }
    return s + " · " + (ownership == .direct ? "D" : "I: " + nature + natureFootnotes.marker)
  }

}

/// One place where the reported amount after a row differs from the running balance.
public struct Break: Sendable {
  public var date: LedgerDate
  public var filing: FilingID
  public var form: FormType
  public var filedAt: LedgerDate
  public var row: String
  public var kind: RowKind
  public var code: TransactionCode?
  public var acquiredDisposed: AcquiredDisposed?
  /// The row's signed amount (nil for a holding).
  public var delta: Amount?
  /// The previous reported balance and where it came from (nil at a first appearance).
  public var previous: Amount?
  public var previousDate: LedgerDate?
  public var previousFiling: FilingID?
  public var previousForm: FormType?
  public var expected: Amount
  public var reported: Amount
  public var difference: Amount
  public var cause: Cause?
}

/// A likely explanation for a break.
public enum Cause: Sendable, Equatable {
  /// No earlier balance on the line: history starts mid-way.
  case firstAppearance
  /// The balance just before the row is an exact multiple of the previous one.
  case split(ratio: Int)
  /// The previous balance is an exact multiple of the balance just before the row.
  case reverseSplit(ratio: Int)
  /// The previous balance came from a Form 5 whose tally does not fit; the balance just before
  /// the row is an exact multiple of the last one before it (of `date`). Annual reports often
  /// give a year-end tally for each row, so a split is seen only past them.
  case splitPastForm5(ratio: Int, filing: FilingID, date: LedgerDate)
  /// The A/D flag contradicts the balance change (the sign was not flipped).
  case flagContradiction(flag: AcquiredDisposed, code: TransactionCode?)
  /// The difference is offset by an opposite one on another line of the same security.
  case movedBetweenLines(other: String, date: LedgerDate)
  /// The row, or the previous balance, comes from a late annual report (Form 5).
  case form5(filing: FilingID, previous: Bool)
  /// A Form 5 filed between the previous row and this one reported an earlier transaction
  /// with the tally of its filing day: the rows filed after it carry that tally.
  case lateForm5(filing: FilingID, filedAt: LedgerDate, date: LedgerDate)

  public var kind: String {
    switch self {
    case .firstAppearance: "first-appearance"
    case .split, .splitPastForm5: "split"
    case .reverseSplit: "reverse-split"
    case .flagContradiction: "flag-contradiction"
    case .movedBetweenLines: "moved-between-lines"
    case .form5: "form-5"
    case .lateForm5: "late-form-5"
    }
  }

  public var text: String {
    switch self {
    case .firstAppearance: return "first appearance: no earlier balance on this line"
    case .split(let n): return "split \(n):1 (the balance just before is exactly \(n) times the previous one)"
    case .reverseSplit(let n): return "reverse split 1:\(n) (the previous balance is exactly \(n) times the balance just before)"
    case .splitPastForm5(let n, let filing, let date):
      return "split \(n):1 (the balance just before is exactly \(n) times the one of \(date), before the Form 5 \(filing), whose tally does not fit the rows around it)"
    case .flagContradiction(let flag, let code):
      let moved = flag == .acquired ? "fell" : "rose"
      return "A/D flag contradicts the balance: marked \(flag.rawValue)\(code.map { " (code \($0.rawValue))" } ?? "") but the balance \(moved) by the amount; the sign was not changed"
    case .movedBetweenLines(let other, let date):
      return "move between lines: nets to zero with \(other) on \(date)"
    case .form5(let filing, let previous):
      return previous
        ? "the previous balance came from the Form 5 \(filing), whose tally does not fit the rows around it"
        : "reported on the Form 5 \(filing), whose tally does not fit the rows around it"
    case .lateForm5(let filing, let filedAt, let date):
      return "the Form 5 \(filing) filed on \(filedAt), between the previous row and this one, reported a transaction of \(date) that the later tallies include"
    }
  }
}

enum Reconciliation {
  /// Lines read and reconciled at a time, in whole sibling groups.
  static let chunkLines = Holdings.chunkLines

  static func compute(
    _ request: ReconcileRequest, _ db: Database, statements: StatementCache = StatementCache(), chunkLines: Int = Reconciliation.chunkLines
  ) throws -> ReconcileReport {
    let person = try request.person.map { try Lookup.person($0, db) }
    let issuer = try request.issuer.map { try Lookup.issuer($0, db) }
    var reader = LedgerReader(db, statements: statements)
    let scope = try InForce(db, knownAt: request.knownAt, statements: statements)
    var results: [(LineRecord, ReconciledLine)] = []
    var stale: [(line: Int64, stale: StaleLine)] = []
    // Every line's entries in one query up to `chunkLines` lines; beyond, a chunk at a time (a
    // statement per 500 lines), so that memory holds one chunk's entries however many lines
    // there are. A break or a stale line is compared only with the lines of the same issuer and
    // owners, which a chunk keeps together, so the chunks change nothing of what is found.
    let lines = try reader.lines(person: person?.id, issuer: issuer?.id)
    for part in chunks(of: lines, size: chunkLines) {
      let byLine =
        lines.count <= chunkLines
        ? try reader.entriesByLine(person: person?.id, issuer: issuer?.id, knownAt: request.knownAt)
        : try reader.entriesByLine(lines: part.map(\.id), knownAt: request.knownAt)
      let everyEntry = byLine.values.joined()
      reader.filingCache.removeAll(keepingCapacity: true)
      reader.pairCache.removeAll(keepingCapacity: true)
      try reader.prefetch(filings: everyEntry.map(\.filingID))
      try scope.prefetch(familiesOf: everyEntry)
      try reader.prefetch(pairsOf: everyEntry.filter { $0.code.map(ExercisePairs.codes.contains) == true }.map(\.filingID))
      var found: [(LineRecord, ReconciledLine)] = []
      var checked: [(LineRecord, [EntryRecord], Amount?)] = []
      for line in part {
        let entries = try scope.filter(byLine[line.id] ?? [])
        let (breaks, balance) = try reconcile(line, entries, &reader)
        checked.append((line, entries, balance))
        if !breaks.isEmpty {
          found.append(
            (
              line,
              ReconciledLine(
                owners: try reader.parties(line.ownerGroup), issuer: try reader.issuer(line.issuerID),
                security: line.security, derivative: line.derivative, ownership: line.ownership, nature: line.nature,
                natureFootnotes: try reader.natureFootnotes(line, last: entries.last), exercisePrice: line.exercisePrice, expirationDate: line.expirationDate, underlying: line.underlying,
                breaks: breaks, lineID: line.id)
            ))
        }
      }
      matchMoves(&found, holders: try reader.holders(of: found.map(\.0)))
      results += found
      stale += try StaleLine.find(checked, &reader)
    }
    // Lines of equal keys (issuers of one name) in the order of their ids, whatever the chunks.
    results.sort { $0.0.id < $1.0.id }
    results.sort(byKey: { $0.1.sortKey })
    stale.sort { $0.line < $1.line }
    stale.sort(byKey: { $0.stale.sortKey })
    return ReconcileReport(
      person: person, issuer: issuer, knownAt: request.knownAt, linesChecked: lines.count, lines: results.map(\.1),
      staleLines: stale.map(\.stale))
  }

  /// `lines` in chunks of about `size` lines, each holding whole sibling groups (the lines of
  /// one issuer and owners, which a group of any size keeps together), each group's lines in
  /// their order.
  static func chunks(of lines: [LineRecord], size: Int) -> [[LineRecord]] {
    guard lines.count > size else { return [lines] }
    struct Siblings: Hashable {
      var issuer: Int64
      var owners: String
    }
    var groups: [Siblings: [LineRecord]] = [:]
    var order: [Siblings] = []
    for line in lines {
      let key = Siblings(issuer: line.issuerID, owners: line.ownerGroup)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(line)
    }
    var out: [[LineRecord]] = []
    var part: [LineRecord] = []
    for key in order {
      let group = groups[key] ?? []
      if !part.isEmpty && part.count + group.count > size {
        out.append(part)
        part = []
      }
      part += group
    }
    if !part.isEmpty { out.append(part) }
    return out
  }

  /// A line's breaks, and its balance after its last entry.
  static func reconcile(_ line: LineRecord, _ entries: [EntryRecord], _ reader: inout LedgerReader) throws -> ([Break], Amount?) {
    var breaks: [Break] = []
    var previous: EntryRecord?
    var book = GrantBook(derivative: line.derivative)
    for (index, e) in entries.enumerated() {
      let heldBefore = book.balance
      let outcome = book.apply(e.grantStep)
      guard let reported = e.post else {
        if e.kind == .transaction { previous = nil }
        continue
      }
      let delta: Amount? = e.kind == .transaction ? e.delta : .zero
      guard let delta else {
        // The row's amount is unknown (footnote or another unit): the chain restarts here.
        previous = e
        continue
      }
      let base = previous?.post ?? .zero
      let expected = base + delta
      // A holding with no earlier balance opens the line (a Form 3): nothing to reconcile.
      let opening = e.kind == .holding && previous == nil
      // On a derivative line whose awards keep balances of their own, a row that moves or
      // opens a grant, or chains with the line's total, breaks no tally.
      let chainsWithGrants: Bool
      switch outcome {
      case .moved, .opened, .unchanged: chainsWithGrants = line.derivative
      case .reset, .unknown:
        chainsWithGrants = line.derivative && e.kind == .transaction && heldBefore.map { $0 + delta == reported } == true
      }
      if expected != reported && !opening && !chainsWithGrants, try !chainsAtRowRatio(previous, e, delta: delta, reported: reported, &reader) {
        let f = try reader.filing(e.filingID)
        let pf = try previous.map { try reader.filing($0.filingID) }
        var b = Break(
          date: e.validDate, filing: f.filing, form: f.form, filedAt: f.filedAt,
          row: e.rowPath, kind: e.kind, code: e.code, acquiredDisposed: e.acquiredDisposed,
          delta: e.kind == .transaction ? delta : nil, previous: previous?.post, previousDate: previous?.validDate,
          previousFiling: pf?.filing, previousForm: pf?.form, expected: expected, reported: reported,
          difference: reported - expected, cause: nil)
        b.cause = cause(b, entry: e)
        if case .form5(let filing, true) = b.cause, let before = try lastBalance(before: index, notFrom: filing, entries, &reader),
          let base = before.post, let n = (reported - delta).integerRatio(over: base), n >= 2
        {
          b.cause = .splitPastForm5(ratio: n, filing: filing, date: before.validDate)
        }
        if b.cause == nil, let p = previous { b.cause = try lateForm5(between: p, and: e, on: entries, &reader) }
        // An exercise or conversion appears on both tables at once: a line whose history
        // starts with one has its first appearance explained by the pair.
        var paired = false
        if e.kind == .transaction, let code = e.code, ExercisePairs.codes.contains(code) {
          paired = try reader.exercisePairs(filing: e.filingID)[e.rowOrder] != nil
        }
        if !(paired && b.cause == .firstAppearance) { breaks.append(b) }
      }
      // The filer's tally on the row's date, a holding's as much as a transaction's, is what
      // the rows after it chain from: a jump is listed once, where it appears.
      previous = e
    }
    return (breaks, book.balance)
  }

  /// Whether a row chains with a previous balance that is a derivative holding's underlying
  /// amount (Form 3's Table II gives no other: the line opens in underlying shares) once that
  /// balance is put in the row's own units at the row's ratio of underlying to own amount: a
  /// Form 3's 3,811,260 common shares under preferred convertible at 1:10, then a conversion of
  /// 381,126 preferred shares to 0, is a tally that holds, not a reverse split.
  static func chainsAtRowRatio(
    _ previous: EntryRecord?, _ e: EntryRecord, delta: Amount, reported: Amount, _ reader: inout LedgerReader
  ) throws -> Bool {
    guard let previous, previous.kind == .holding, let base = previous.post, e.kind == .transaction, let units = e.amount,
      let underlying = e.underlyingAmount, !units.isZero, !underlying.isZero, units != underlying,
      try reader.notes(of: previous).sharesFromUnderlying
    else { return false }
    // base × units / underlying, in the row's units, plus the row's amount is what it reports.
    return (reported - delta) * underlying == base * units
  }

  /// The cause that can be told from the line alone.
  static func cause(_ b: Break, entry e: EntryRecord) -> Cause? {
    guard let previous = b.previous else { return .firstAppearance }
    if e.kind == .transaction, let amount = e.amount, let flag = e.acquiredDisposed {
      let wrongWay = flag == .acquired ? previous - amount : previous + amount
      if wrongWay == b.reported && !amount.isZero { return .flagContradiction(flag: flag, code: e.code) }
    }
    let implied = b.reported - (b.delta ?? .zero)
    if let n = implied.integerRatio(over: previous), n >= 2 { return .split(ratio: n) }
    if let n = previous.integerRatio(over: implied), n >= 2 { return .reverseSplit(ratio: n) }
    if b.form.family == "5" { return .form5(filing: b.filing, previous: false) }
    if let pf = b.previousFiling, b.previousForm?.family == "5" { return .form5(filing: pf, previous: true) }
    return nil
  }

  /// The last row before `index` with a balance that is not from a Form 5 (nor `filing`).
  static func lastBalance(before index: Int, notFrom filing: FilingID, _ entries: [EntryRecord], _ reader: inout LedgerReader) throws -> EntryRecord? {
    for o in entries[..<index].reversed() where o.post != nil {
      let f = try reader.filing(o.filingID)
      if f.filing != filing && f.form.family != "5" { return o }
    }
    return nil
  }

  /// A Form 5 row on the line filed after the previous row and no later than this one, and
  /// dated before the previous row: its disposal is in this row's tally but not in the previous.
  static func lateForm5(between previous: EntryRecord, and e: EntryRecord, on entries: [EntryRecord], _ reader: inout LedgerReader) throws -> Cause? {
    for o in entries
    where o.kind == .transaction && o.validDate < previous.validDate && o.filedAt > previous.filedAt && o.filedAt <= e.filedAt {
      let f = try reader.filing(o.filingID)
      if f.form.family == "5" { return .lateForm5(filing: f.filing, filedAt: f.filedAt, date: o.validDate) }
    }
    return nil
  }

  /// Pairs breaks that cancel out across lines of the same owners, issuer and security held by
  /// different holders (a move between direct and indirect holding, or between two trusts or
  /// funds, that was not reported as a transaction).
  /// `holders` are the lines' holders (`LineFacts.holder(ofKey:)`), as their keys tell them.
  static func matchMoves(_ results: inout [(LineRecord, ReconciledLine)], holders: [Int64: String]) {
    for i in results.indices {
      for bi in results[i].1.breaks.indices where results[i].1.breaks[bi].cause == nil {
        let b = results[i].1.breaks[bi]
        search: for j in results.indices where j != i {
          let (li, lj) = (results[i].0, results[j].0)
          guard li.ownerGroup == lj.ownerGroup, li.issuerID == lj.issuerID, li.derivative == lj.derivative,
            NameKey.title(li.security) == NameKey.title(lj.security), holders[li.id] != holders[lj.id]
          else { continue }
          for other in results[j].1.breaks
          where other.difference == -b.difference && abs(other.date.dayNumber - b.date.dayNumber) <= 7 {
            let label = lj.ownership == .direct ? "the direct line" : "the indirect line (\(lj.nature + results[j].1.natureFootnotes.marker))"
            results[i].1.breaks[bi].cause = .movedBetweenLines(other: label, date: other.date)
            break search
          }
        }
      }
    }
  }
}


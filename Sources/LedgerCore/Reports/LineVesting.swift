import Foundation
import GRDB

/// When a derivative line's shares become exercisable or vest, and where that comes from.
public struct Vesting: Hashable, Sendable {
  public enum Basis: String, Sendable {
    /// The row's date exercisable.
    case exerciseDate
    /// A footnote stating a time-based schedule.
    case footnote
    /// Fully vested or exercisable from the grant, as a footnote says.
    case immediate
  }

  /// Where the schedule comes from; nil when it is unknown.
  public var basis: Basis?
  /// The footnote it was read from (or that leaves it unknown), if any.
  public var footnote: String?
  /// The pattern's short name (`VestingTerms.rule`), or `unknown`.
  public var rule: String
  /// Every installment, in date order, summing to the line's granted amount; empty when unknown.
  public var schedule: [Installment]

  public var isKnown: Bool { basis != nil }
}

/// The grants (tranches) of a derivative line with their vesting terms, read from the rows that
/// brought the shares in, and what later rows took out.
///
/// The row that starts the line (or resets it, where its tally breaks) brings in its whole
/// amount before the row (a grant, a holding, or the balance an exercise started from); each
/// later acquisition, and each grant opened beside others, brings in its own amount with its own
/// terms. Later dispositions (exercises, sales, cancellations) reduce what is exercisable, never
/// below zero, and what is exercisable never exceeds the balance. Terms come, for each
/// tranche's row, from its date exercisable when it is a date, else from its footnotes (the date
/// exercisable's first, then the others, in the order the row cites them): the first that states
/// a time-based schedule or immediate vesting. A tranche without one makes the line's
/// exercisable amount unknown.
struct LineVesting {
  struct Tranche {
    var total: Amount
    var basis: Vesting.Basis?
    var footnote: FootnoteRef?
    var rule: String
    /// Nil when the terms are unknown.
    var installments: [Installment]?
  }

  var tranches: [Tranche] = []
  var disposed = Amount.zero
  /// Shares on the line whose tranche the rows do not show (history starting mid-way).
  var untraced = false

  /// The line's schedule as reports show it: the tranches' installments merged by date, with the
  /// first tranche's basis and rule; or the first unknown tranche's footnote, unknown.
  var vesting: Vesting? {
    guard let first = tranches.first else { return nil }
    if let unknown = tranches.first(where: { $0.installments == nil }) {
      return Vesting(basis: nil, footnote: unknown.footnote?.id, rule: "unknown", schedule: [])
    }
    // Merged by sorting and adding up neighbours of one date: a single tranche's schedule is
    // already in date order, and a line's schedule is read for every derivative position.
    var schedule = tranches.count == 1 ? tranches[0].installments ?? [] : tranches.flatMap { $0.installments ?? [] }
    if zip(schedule, schedule.dropFirst()).contains(where: { $0.date >= $1.date }) {
      let all = schedule.sorted { $0.date < $1.date }
      schedule = []
      for i in all {
        if let last = schedule.last, last.date == i.date {
          schedule[schedule.count - 1].shares = last.shares + i.shares
        } else {
          schedule.append(i)
        }
      }
    }
    return Vesting(basis: first.basis, footnote: first.footnote?.id, rule: first.rule, schedule: schedule)
  }

  /// The footnote `vesting` names, with its text.
  var footnotes: [FootnoteRef] {
    let shown = tranches.first(where: { $0.installments == nil }) ?? tranches.first
    return shown?.footnote.map { [$0] } ?? []
  }

  /// The shares exercisable (or vested) on `date`, given the line's `balance`; nil when unknown.
  func exercisable(on date: LedgerDate, balance: Amount?) -> Amount? {
    guard !tranches.isEmpty, !untraced else { return nil }
    var vested = Amount.zero
    for t in tranches {
      guard let installments = t.installments else { return nil }
      vested = vested + installments.vested(asOf: date)
    }
    var ex = max(vested - disposed, .zero)
    if let balance { ex = min(ex, max(balance, .zero)) }
    return ex
  }

  /// The tranches of a line from its entries in force (in balance order), following its grants
  /// (`GrantBook`): a row that sets the line to one grant starts the tranches again, a row that
  /// opens a grant or acquires into one adds a tranche, a disposal adds to what is disposed.
  static func read(_ entries: [EntryRecord], _ reader: inout LedgerReader) throws -> LineVesting {
    var v = LineVesting()
    var book = GrantBook(derivative: true)
    for e in entries {
      switch book.apply(e.grantStep) {
      case .unknown:
        v = LineVesting()
        v.untraced = true
      case .unchanged:
        continue
      case .reset:
        v = LineVesting()
        guard let post = e.post else { continue }
        switch (e.kind, e.acquiredDisposed) {
        case (.holding, _):
          try v.add(post, from: e, &reader)
        case (.transaction, .acquired?):
          guard let amount = e.amount else { return v.markingUntraced() }
          try v.add(amount, from: e, &reader)
          if post != amount { v.untraced = true }
        case (.transaction, _):
          guard let amount = e.amount else { return v.markingUntraced() }
          try v.add(post + amount, from: e, &reader)
          v.disposed = amount
        }
      case .opened:
        guard let post = e.post else { continue }
        try v.add(post, from: e, &reader)
      case .moved:
        guard let amount = e.amount else { return v.markingUntraced() }
        if e.acquiredDisposed == .acquired {
          try v.add(amount, from: e, &reader)
        } else {
          v.disposed = v.disposed + amount
        }
      }
    }
    return v
  }

  private func markingUntraced() -> LineVesting {
    var v = self
    v.untraced = true
    return v
  }

  private mutating func add(_ total: Amount, from e: EntryRecord, _ reader: inout LedgerReader) throws {
    let row = try reader.notes(of: e)
    if let date = row.exerciseDate {
      let terms = VestingTerms.inFull(on: date, rule: "exercise date")
      tranches.append(Tranche(total: total, basis: .exerciseDate, footnote: nil, rule: terms.rule, installments: terms.schedule(total: total)))
      return
    }
    var ids = row.ids(.exerciseDate)
    for id in row.allFootnoteIds where !ids.contains(id) { ids.append(id) }
    let notes = ids.isEmpty ? [:] : try reader.footnotes(filing: e.filingID)
    var unknown: FootnoteRef?
    let grantDate = row.transactionDate(kind: e.kind, validDate: e.validDate) ?? e.validDate
    for id in ids {
      guard let text = notes[id] else { continue }
      switch VestingReader.read(text, grantDate: grantDate) {
      case .terms(let terms):
        tranches.append(
          Tranche(total: total, basis: .footnote, footnote: FootnoteRef(id: id, text: text), rule: terms.rule, installments: terms.schedule(total: total)))
        return
      case .immediate:
        let terms = VestingTerms.inFull(on: e.validDate, rule: "immediate")
        tranches.append(
          Tranche(total: total, basis: .immediate, footnote: FootnoteRef(id: id, text: text), rule: terms.rule, installments: terms.schedule(total: total)))
        return
      case .unknown:
        if unknown == nil { unknown = FootnoteRef(id: id, text: text) }
      case .silent:
        continue
      }
    }
    tranches.append(Tranche(total: total, basis: nil, footnote: unknown, rule: "unknown", installments: nil))
  }
}

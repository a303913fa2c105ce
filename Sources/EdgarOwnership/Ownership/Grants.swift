import Foundation

/// The grants of one position line, each with its own balance.
///
/// Issuers report each award as a Table II row of its own with its own amount after, even when
/// title, price and dates are equal: grant A of 48,932 ("after 48,932"), grant B of 146,795
/// ("after 146,795"), then an older award settles (M 277,206, "after 0"). Read as one tally the
/// person holds 0 units; per grant, 195,727. So on a derivative line:
/// - a transaction whose amount after chains with a grant's balance (balance ± amount = after)
///   moves that grant (the latest such grant);
/// - an acquisition whose amount after equals its own amount, and that chains with no grant,
///   opens a new grant;
/// - any other transaction sets the line to one grant holding its amount after, as a single
///   tally would (reconcile lists it where it breaks the tally);
/// - the holding rows one filing lists for the line in a row are taken together (two rows of
///   one filing are two holdings, as two identical rows are two rows): when each equals the
///   balance of a different grant (or the first equals the line's total), they change nothing;
///   otherwise they restate the line, which then holds the grants the filing's transactions
///   moved plus one grant per holding row (a Form 3 listing two option grants at the same
///   price and expiration holds both);
/// - an amount after given only by a footnote makes the balance unknown until the next row.
/// The line's balance is the sum of its grants; grants emptied while others remain are closed.
/// A non-derivative line is always one tally: its balance is the last amount after.
public struct GrantBook: Sendable {
  public struct Grant: Hashable, Sendable {
    /// Grants are numbered in the order they opened on the line, from 1.
    public var number: Int
    public var balance: Amount
    /// The index of the step that opened it.
    public var openedAt: Int
  }

  /// One row, as the book reads it.
  public struct Step: Sendable {
    public var isTransaction: Bool
    public var amount: Amount?
    /// The amount signed by the A/D flag, in the line's unit.
    public var delta: Amount?
    public var post: Amount?
    /// The filing the row belongs to (any value that tells filings apart).
    public var filing: Int64

    public init(isTransaction: Bool, amount: Amount?, delta: Amount?, post: Amount?, filing: Int64) {
      self.isTransaction = isTransaction
      self.amount = amount
      self.delta = delta
      self.post = post
      self.filing = filing
    }
  }

  /// What a step did.
  public enum Outcome: Hashable, Sendable {
    case opened(Int)
    case moved(Int)
    /// The line was set to one grant (the row did not chain with any grant).
    case reset(Int)
    /// The row reported what the book already held.
    case unchanged
    case unknown

    /// The grant the row belongs to, if any.
    public var grant: Int? {
      switch self {
      case .opened(let n), .moved(let n), .reset(let n): n
      case .unchanged, .unknown: nil
      }
    }
  }

  public let derivative: Bool
  public private(set) var grants: [Grant] = []
  public private(set) var known = true
  private var next = 1
  private var steps = 0
  /// The previous row's filing, and whether it was a holding.
  private var filing: Int64?
  private var afterHolding = false
  /// Grants the current filing's transactions moved or opened.
  private var touched = Set<Int>()
  /// The current run of holding rows: the grants they matched, and whether they restate the line.
  private var matched = Set<Int>()
  private var restating = false

  public init(derivative: Bool) {
    self.derivative = derivative
  }

  /// The line's balance: the sum of its grants, or nil when unknown or before any row.
  public var balance: Amount? {
    guard known, !grants.isEmpty else { return nil }
    return grants.reduce(Amount.zero) { $0 + $1.balance }
  }

  @discardableResult
  public mutating func apply(_ step: Step) -> Outcome {
    let sameFiling = step.filing == filing
    let continuing = !step.isTransaction && afterHolding && sameFiling
    if !sameFiling { touched = [] }
    defer {
      filing = step.filing
      afterHolding = !step.isTransaction
      steps += 1
    }
    guard let post = step.post else {
      grants = []
      known = false
      return .unknown
    }
    if !step.isTransaction { return holding(post, continuing: continuing) }
    let outcome = grants.isEmpty || !known ? reset(to: post) : transaction(step, post)
    if let n = outcome.grant { touched.insert(n) }
    return outcome
  }

  private mutating func transaction(_ step: Step, _ post: Amount) -> Outcome {
    guard let delta = step.delta else { return reset(to: post) }
    if let i = grants.lastIndex(where: { $0.balance + delta == post }), derivative || grants.count == 1 {
      grants[i].balance = post
      let number = grants[i].number
      if grants.count > 1 && post.isZero { grants.remove(at: i) }
      return .moved(number)
    }
    if derivative, !delta.isNegative, let amount = step.amount, post == amount { return open(post) }
    return reset(to: post)
  }

  private mutating func holding(_ post: Amount, continuing: Bool) -> Outcome {
    if !continuing {
      matched = []
      restating = false
    }
    if grants.isEmpty || !known {
      restating = true
      return reset(to: post)
    }
    guard derivative else { return post == balance ? .unchanged : reset(to: post) }
    if !restating {
      if let g = grants.first(where: { $0.balance == post && !matched.contains($0.number) }) {
        matched.insert(g.number)
        return .unchanged
      }
      if !continuing && post == balance {
        matched = Set(grants.map(\.number))
        return .unchanged
      }
      restating = true
      grants = grants.filter { touched.contains($0.number) || matched.contains($0.number) }
    }
    return open(post)
  }

  private mutating func open(_ post: Amount) -> Outcome {
    grants.removeAll { $0.balance.isZero }
    grants.append(Grant(number: next, balance: post, openedAt: steps))
    next += 1
    return .opened(next - 1)
  }

  private mutating func reset(to post: Amount) -> Outcome {
    known = true
    grants = [Grant(number: next, balance: post, openedAt: steps)]
    next += 1
    return .reset(next - 1)
  }
}

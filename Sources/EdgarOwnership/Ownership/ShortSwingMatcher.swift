import HeapModule

/// Matches purchases with sales for Section 16(b): a purchase and a sale (in either order) less
/// than six months apart give up the profit per share, sale price minus purchase price, when
/// positive. Each share of a row is used at most once. All arithmetic is on exact decimals.
public enum ShortSwingMatcher {
  public struct Trade: Sendable, Equatable {
    /// The caller's identifier for the row.
    public var id: Int
    public var date: LedgerDate
    public var shares: Amount
    public var price: Amount
    public var isPurchase: Bool

    public init(id: Int, date: LedgerDate, shares: Amount, price: Amount, isPurchase: Bool) {
      self.id = id
      self.date = date
      self.shares = shares
      self.price = price
      self.isPurchase = isPurchase
    }
  }

  public struct Pair: Sendable, Equatable {
    public var purchase: Int
    public var sale: Int
    public var shares: Amount
    /// Sale price minus purchase price, positive.
    public var profitPerShare: Amount
    public var profit: Amount { shares * profitPerShare }

    public init(purchase: Int, sale: Int, shares: Amount, profitPerShare: Amount) {
      self.purchase = purchase
      self.sale = sale
      self.shares = shares
      self.profitPerShare = profitPerShare
    }
  }

  /// Less than six months apart: the later date is before the same day six calendar months
  /// after the earlier one (clamped to the month's last day: August 31 gives February 28).
  public static func withinSixMonths(_ a: LedgerDate, _ b: LedgerDate) -> Bool {
    let (early, late) = a <= b ? (a, b) : (b, a)
    return late < early.adding(months: 6)
  }

  public static func total(_ pairs: [Pair]) -> Amount { pairs.reduce(Amount.zero) { $0 + $1.profit } }

  static func profit(_ p: Trade, _ s: Trade) -> Amount? {
    guard withinSixMonths(p.date, s.date), s.price > p.price else { return nil }
    return s.price - p.price
  }

  /// Lowest-in, highest-out (Smolowe v. Delendo): repeatedly the lowest-priced purchase with
  /// the highest-priced sale it can still pair with at a profit. Ties go to the earlier row.
  public static func lowestInHighestOut(_ trades: [Trade]) -> [Pair] {
    let order: (Trade, Trade) -> Bool = { ($0.date, $0.id) < ($1.date, $1.id) }
    let purchases = trades.filter(\.isPurchase).sorted { $0.price != $1.price ? $0.price < $1.price : order($0, $1) }
    let sales = trades.filter { !$0.isPurchase }.sorted { $0.price != $1.price ? $0.price > $1.price : order($0, $1) }
    var left = Dictionary(uniqueKeysWithValues: trades.map { ($0.id, $0.shares) })
    var pairs: [Pair] = []
    for p in purchases {
      for s in sales {
        guard let have = left[p.id], have > .zero else { break }
        guard let want = left[s.id], want > .zero, let gain = profit(p, s) else { continue }
        let n = min(have, want)
        left[p.id] = have - n
        left[s.id] = want - n
        pairs.append(Pair(purchase: p.id, sale: s.id, shares: n, profitPerShare: gain))
      }
    }
    return pairs
  }

  /// The largest total profit over all matchings (Gratz v. Claughton), found exactly as a
  /// min-cost flow: source to each purchase (its shares), purchase to sale (cost minus the
  /// profit per share, where they can pair at a profit), sale to sink (its shares); successive
  /// shortest paths with potentials, augmenting while a path still gains.
  public static func maximum(_ trades: [Trade]) -> [Pair] {
    let purchases = trades.filter(\.isPurchase)
    let sales = trades.filter { !$0.isPurchase }
    var graph = FlowGraph(nodes: purchases.count + sales.count + 2)
    let source = 0
    let sink = purchases.count + sales.count + 1
    var pairEdges: [(edge: Int, purchase: Int, sale: Int, gain: Amount)] = []
    for (i, p) in purchases.enumerated() {
      graph.add(from: source, to: 1 + i, capacity: p.shares, cost: .zero)
      for (j, s) in sales.enumerated() {
        guard let gain = profit(p, s) else { continue }
        let e = graph.add(from: 1 + i, to: 1 + purchases.count + j, capacity: min(p.shares, s.shares), cost: -gain)
        pairEdges.append((e, p.id, s.id, gain))
      }
    }
    for (j, s) in sales.enumerated() { graph.add(from: 1 + purchases.count + j, to: sink, capacity: s.shares, cost: .zero) }
    graph.minCostFlow(from: source, to: sink, topologicalOrder: Array(0...sink))
    return pairEdges.compactMap { e in
      let flow = graph.flow(e.edge)
      return flow > .zero ? Pair(purchase: e.purchase, sale: e.sale, shares: flow, profitPerShare: e.gain) : nil
    }
  }
}

/// A flow network on exact decimals, solved by successive shortest paths (Dijkstra on reduced
/// costs), stopping when no path has negative cost.
struct FlowGraph {
  struct Edge {
    var to: Int
    var capacity: Amount
    var cost: Amount
    var flow: Amount = .zero
  }

  private(set) var edges: [Edge] = []
  private var out: [[Int]]

  init(nodes: Int) { out = Array(repeating: [], count: nodes) }

  /// Adds an edge and its residual twin; returns the edge's index.
  @discardableResult
  mutating func add(from: Int, to: Int, capacity: Amount, cost: Amount) -> Int {
    edges.append(Edge(to: to, capacity: capacity, cost: cost))
    out[from].append(edges.count - 1)
    edges.append(Edge(to: from, capacity: .zero, cost: -cost))
    out[to].append(edges.count - 1)
    return edges.count - 2
  }

  func flow(_ edge: Int) -> Amount { edges[edge].flow }

  private func residual(_ e: Int) -> Amount { edges[e].capacity - edges[e].flow }

  /// Augments along cheapest paths while their cost is negative. The network must be acyclic
  /// with `order` a topological order of its nodes, which gives the first potentials.
  mutating func minCostFlow(from source: Int, to sink: Int, topologicalOrder order: [Int]) {
    let n = out.count
    var potential = [Amount?](repeating: nil, count: n)
    potential[source] = .zero
    for u in order {
      guard let pu = potential[u] else { continue }
      for e in out[u] where residual(e) > .zero {
        let d = pu + edges[e].cost
        if potential[edges[e].to].map({ d < $0 }) ?? true { potential[edges[e].to] = d }
      }
    }
    var pi = potential.map { $0 ?? .zero }
    while true {
      var dist = [Amount?](repeating: nil, count: n)
      var via = [Int](repeating: -1, count: n)
      var done = [Bool](repeating: false, count: n)
      var heap = Heap<Pending>()
      dist[source] = .zero
      heap.insert(Pending(distance: .zero, node: source))
      while let next = heap.popMin() {
        let u = next.node
        if done[u] { continue }
        done[u] = true
        for e in out[u] where residual(e) > .zero {
          let v = edges[e].to
          let d = next.distance + edges[e].cost + pi[u] - pi[v]
          if !done[v], dist[v].map({ d < $0 }) ?? true {
            dist[v] = d
            via[v] = e
            heap.insert(Pending(distance: d, node: v))
          }
        }
      }
      guard let reach = dist[sink] else { return }
      // The path's true cost; zero or more gains nothing.
      guard reach + pi[sink] - pi[source] < .zero else { return }
      for v in 0..<n { if let d = dist[v] { pi[v] = pi[v] + d } }
      var bottleneck: Amount?
      var v = sink
      while v != source {
        let e = via[v]
        bottleneck = min(bottleneck ?? residual(e), residual(e))
        v = edges[e ^ 1].to
      }
      guard let amount = bottleneck, amount > .zero else { return }
      v = sink
      while v != source {
        let e = via[v]
        edges[e].flow = edges[e].flow + amount
        edges[e ^ 1].flow = edges[e ^ 1].flow - amount
        v = edges[e ^ 1].to
      }
    }
  }

  private struct Pending: Comparable {
    var distance: Amount
    var node: Int
    static func < (l: Pending, r: Pending) -> Bool { (l.distance, l.node) < (r.distance, r.node) }
  }
}

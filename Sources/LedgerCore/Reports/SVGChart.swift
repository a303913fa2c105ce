import Foundation

/// A position line's balance over valid time, as an SVG the project writes itself: the same
/// input always gives the same bytes.
///
/// A step line through the balances of the rows in force; a marker per reported row labelled
/// with its code (hollow when superseded); reconcile breaks as red rings with their cause in a
/// `<title>`; the expiration date as a dashed line; the vesting schedule as a dotted step line.
struct SVGChart {
  struct Point {
    var date: LedgerDate
    var value: Amount
    var label: String
    var hollow: Bool
    var title: String
  }

  struct Mark {
    var date: LedgerDate
    var value: Amount
    var title: String
  }

  var title: String
  var description: String
  var steps: [Point]
  var breaks: [Mark]
  var expiry: LedgerDate?
  var vesting: [(date: LedgerDate, cumulative: Amount)]

  static let width = 720.0
  static let height = 240.0
  static let left = 86.0, right = 16.0, top = 14.0, bottom = 30.0

  func rendered() -> String {
    let allDates = steps.map(\.date) + breaks.map(\.date) + (expiry.map { [$0] } ?? []) + vesting.map(\.date)
    let values = steps.map(\.value) + breaks.map(\.value) + vesting.map(\.cumulative)
    guard let firstDate = allDates.min(), let lastDate = allDates.max() else { return "" }
    let start = firstDate.adding(days: -15).dayNumber
    let end = max(lastDate.adding(days: 15).dayNumber, start + 1)
    let top = Self.niceCeiling(values.max() ?? .zero)
    let plotW = Self.width - Self.left - Self.right
    let plotH = Self.height - Self.top - Self.bottom
    func x(_ d: LedgerDate) -> String { Self.fmt(Self.left + plotW * Double(d.dayNumber - start) / Double(end - start)) }
    func y(_ a: Amount) -> String {
      let v = NSDecimalNumber(decimal: a.decimal).doubleValue
      return Self.fmt(Self.top + plotH * (1 - (top > 0 ? v / top : 0)))
    }
    var s = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" width="\#(Int(Self.width))" height="\#(Int(Self.height))">"#
    s += "<title>\(HTML.escape(title))</title><desc>\(HTML.escape(description))</desc>"
    // Axes: share counts at round numbers, dates by month, quarter or year.
    for tick in Self.valueTicks(top) {
      let ty = y(Amount(Decimal(tick)))
      s += #"<line class="grid" x1="\#(Self.fmt(Self.left))" x2="\#(Self.fmt(Self.width - Self.right))" y1="\#(ty)" y2="\#(ty)"/>"#
      s += #"<text class="tick" x="\#(Self.fmt(Self.left - 6))" y="\#(ty)" text-anchor="end" dominant-baseline="middle">\#(Amount(Decimal(tick)).grouped)</text>"#
    }
    for (d, label) in Self.dateTicks(from: LedgerDate(dayNumber: start), to: LedgerDate(dayNumber: end)) {
      s += #"<text class="tick" x="\#(x(d))" y="\#(Self.fmt(Self.height - 10))" text-anchor="middle">\#(label)</text>"#
    }
    if let expiry {
      s += #"<line class="expiry" x1="\#(x(expiry))" x2="\#(x(expiry))" y1="\#(Self.fmt(Self.top))" y2="\#(Self.fmt(Self.height - Self.bottom))"><title>expires \#(expiry)</title></line>"#
    }
    if !vesting.isEmpty {
      var d = "M\(x(vesting[0].date)) \(y(.zero)) V\(y(vesting[0].cumulative))"
      for v in vesting.dropFirst() { d += " H\(x(v.date)) V\(y(v.cumulative))" }
      s += #"<path class="vesting" d="\#(d)"><title>vesting schedule</title></path>"#
    }
    let inForce = steps.filter { !$0.hollow }
    if let first = inForce.first {
      var d = "M\(x(first.date)) \(y(first.value))"
      for p in inForce.dropFirst() { d += " H\(x(p.date)) V\(y(p.value))" }
      d += " H\(x(LedgerDate(dayNumber: end)))"
      s += #"<path class="balance" d="\#(d)"/>"#
    }
    for p in steps {
      s += #"<g class="row\#(p.hollow ? " superseded" : "")"><circle cx="\#(x(p.date))" cy="\#(y(p.value))" r="4"/>"#
      s += #"<text class="code" x="\#(x(p.date))" y="\#(y(p.value))" dy="-8" text-anchor="middle">\#(HTML.escape(p.label))</text><title>\#(HTML.escape(p.title))</title></g>"#
    }
    for b in breaks {
      s += #"<g class="break"><circle cx="\#(x(b.date))" cy="\#(y(b.value))" r="8"/><title>\#(HTML.escape(b.title))</title></g>"#
    }
    return s + "</svg>"
  }

  /// `v` with one decimal, as `%.1f` prints it. Tenths are rounded here unless `v` lies within
  /// a hair of a tie, where the product's own rounding could decide it; those, and values too
  /// large for the integer, go to `String(format:)`, which is slow for the thousands of points
  /// of a big holder's charts.
  static func fmt(_ v: Double) -> String {
    let tenths = v * 10
    guard abs(tenths) < 1e9, abs(abs(tenths - tenths.rounded(.down)) - 0.5) > 1e-6 else { return String(format: "%.1f", v) }
    let r = Int64(tenths.rounded())
    let sign = r < 0 || (r == 0 && v.sign == .minus) ? "-" : ""
    return "\(sign)\(r.magnitude / 10).\(r.magnitude % 10)"
  }

  /// The smallest round number (1, 2 or 5 times a power of ten) at or above the largest value.
  static func niceCeiling(_ a: Amount) -> Double {
    let v = NSDecimalNumber(decimal: a.decimal).doubleValue
    guard v > 0 else { return 1 }
    let p = pow(10, floor(log10(v)))
    for m in [1.0, 2, 5, 10] where m * p >= v { return m * p }
    return 10 * p
  }

  /// Round values from zero to the top (itself 1, 2 or 5 times a power of ten): steps of 2, 5
  /// or 10 times a power of ten.
  static func valueTicks(_ top: Double) -> [Double] {
    let p = pow(10, floor(log10(top)))
    let n = (top / p).rounded() == 2 ? 4 : 5
    return (0...n).map { top * Double($0) / Double(n) }
  }

  /// Month ticks for spans up to 18 months, quarters up to five years, years beyond.
  static func dateTicks(from: LedgerDate, to: LedgerDate) -> [(LedgerDate, String)] {
    let months = (to.year - from.year) * 12 + to.month - from.month
    let step = months <= 18 ? 1 : months <= 60 ? 3 : months <= 180 ? 12 : 24
    var d = LedgerDate(year: from.year, month: from.month, day: 1)!.adding(months: 1)
    if step >= 3 { while (d.month - 1) % min(step, 12) != 0 { d = d.adding(months: 1) } }
    var out: [(LedgerDate, String)] = []
    while d <= to {
      let label = step >= 12 ? String(d.year) : step == 3 ? "\(d.year) Q\((d.month - 1) / 3 + 1)" : String(d.description.prefix(7))
      out.append((d, label))
      d = d.adding(months: step)
    }
    return out
  }
}

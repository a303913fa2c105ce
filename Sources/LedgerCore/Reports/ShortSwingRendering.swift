import Foundation

extension ShortSwingRow {
  var json: JSONValue {
    var fields: [String: JSONValue] = [
      "date": .date(date),
      "security": .string(security),
      "code": .string(code?.rawValue),
      "acquiredDisposed": .string(acquiredDisposed?.rawValue),
      "shares": .amount(shares),
      "price": .amount(price),
      "ownership": .string(ownership.rawValue),
      "accession": .string(filing.rawValue),
      "form": .string(form.rawValue),
      "filedAt": .date(filedAt),
      "row": .string(row),
    ]
    if let reason { fields["reason"] = .string(reason) }
    return .object(fields)
  }

  var label: String { "\(date) \(code?.rawValue ?? "?") \(shares?.grouped ?? "?") @ \(price?.description ?? "?")" }
}

extension ShortSwingPair {
  var json: JSONValue {
    .object([
      "purchase": purchase.json,
      "sale": sale.json,
      "shares": .amount(shares),
      "profitPerShare": .amount(profitPerShare),
      "profit": .amount(profit),
    ])
  }
}

extension ShortSwingReport {
  /// Says when the greedy method falls short of the maximum.
  public var methodsDiffer: Bool { lihoTotal != maxTotal }

  public func json() -> JSONValue {
    .object([
      "person": person.json,
      "issuer": issuer.json,
      "method": .string(request.method.rawValue),
      "from": .date(request.from),
      "to": .date(request.to),
      "knownAt": .date(request.knownAt),
      "codes": .array(request.codes.union([.P, .S]).map(\.rawValue).sorted().map { .string($0) }),
      "pairs": .array(pairs.map(\.json)),
      "total": .amount(total),
      "liho": .object(["total": .amount(lihoTotal)]),
      "max": .object(["total": .amount(maxTotal)]),
      "methodsDiffer": .bool(methodsDiffer),
      "excluded": .array(excluded.map(\.json)),
      "limits": .string(ShortSwingReport.limits),
    ])
  }

  public static let csvHeader = [
    "purchase_date", "purchase_code", "purchase_price", "purchase_accession", "purchase_row", "sale_date", "sale_code", "sale_price",
    "sale_accession", "sale_row", "security", "shares", "profit_per_share", "profit",
  ]

  /// The matched pairs of the chosen method, one per line.
  public func csv() -> CSVTable {
    CSVTable(
      header: ShortSwingReport.csvHeader,
      rows: pairs.map { p in
        [
          p.purchase.date.description, p.purchase.code?.rawValue ?? "", p.purchase.price?.description ?? "", p.purchase.filing.rawValue,
          p.purchase.row, p.sale.date.description, p.sale.code?.rawValue ?? "", p.sale.price?.description ?? "", p.sale.filing.rawValue,
          p.sale.row, p.purchase.security, p.shares.description, p.profitPerShare.description, p.profit.description,
        ]
      })
  }

  public func table() -> String {
    let title = "\(person.name) at \(issuer.name)\(issuer.ticker.map { " (\($0))" } ?? ""): short-swing profit (Section 16(b)), method \(request.method.rawValue)"
    var out = Terminal.printable(title) + "\n"
    out += "\(matched) purchase and sale row\(matched == 1 ? "" : "s") considered; \(pairs.count) pair\(pairs.count == 1 ? "" : "s") matched.\n"
    if !pairs.isEmpty {
      out += "\n"
        + TextTable(
          columns: [
            .init("PURCHASE"), .init("FILING"), .init("SALE"), .init("FILING"), .init("SHARES", right: true), .init("PROFIT/SHARE", right: true),
            .init("PROFIT $", right: true),
          ],
          rows: pairs.map { p in
            [
              p.purchase.label, "\(p.purchase.filing) \(p.purchase.row)", p.sale.label, "\(p.sale.filing) \(p.sale.row)", p.shares.grouped,
              p.profitPerShare.description, p.profit.grouped,
            ]
          }
        ).rendered()
    }
    out += "\nTotal (\(request.method.rawValue)): $\(total.grouped)\n"
    out += "Lowest-in, highest-out: $\(lihoTotal.grouped); maximum: $\(maxTotal.grouped)"
    out += methodsDiffer ? " (the greedy method falls short of the maximum).\n" : " (equal).\n"
    if !excluded.isEmpty {
      out += "\nExcluded:\n\n"
        + TextTable(
          columns: [.init("DATE"), .init("SECURITY"), .init("CODE"), .init("SHARES", right: true), .init("PRICE", right: true), .init("FILING"), .init("REASON")],
          rows: excluded.map { r in
            [
              r.date.description, r.security, r.code?.rawValue ?? "", r.shares?.grouped ?? "?", r.price?.description ?? "?", "\(r.filing) \(r.row)",
              r.reason ?? "",
            ]
          }
        ).rendered()
    }
    out += "\n" + ShortSwingReport.limits + "\n"
    return out
  }
}

import Foundation

extension TransactionsReport {
  public func json() -> JSONValue {
    var fields = headerJSON
    fields["transactions"] = .array(transactions.map(\.json))
    return .object(fields)
  }

  /// Every field of the JSON but the transactions, which sort last.
  public var headerJSON: [String: JSONValue] {
    [
      "person": person.map(\.json) ?? .null,
      "issuer": issuer.map(\.json) ?? .null,
      "from": .date(request.from),
      "to": .date(request.to),
      "codes": .array(request.codes.map(\.rawValue).sorted().map { .string($0) }),
      "knownAt": .date(request.knownAt),
      "groups": groups.map { .array($0.map(\.json)) } ?? .null,
      "clusters": clusters.map { .array($0.map(\.json)) } ?? .null,
    ]
  }

  /// `json()` as it renders, a piece at a time, each transaction's as it is made: a whole
  /// ledger's transactions run to gigabytes of JSON, whose value tree would not fit in memory.
  public func writeJSON(to write: @escaping (String) -> Void) {
    var writer = JSONArrayWriter(key: "transactions", leading: headerJSON, write: write)
    for t in transactions { writer.append(t.json) }
    writer.finish(with: [:])
  }

  public static let csvHeader = [
    "date", "owner_cik", "owner_name", "joint_owners", "role", "issuer_cik", "issuer_name", "issuer_ticker", "security", "derivative",
    "code", "acquired_disposed", "shares", "price", "value", "shares_after", "accession", "form", "filed_at", "row",
  ]

  /// The transactions, one per line (groups and clusters are in the JSON and the table).
  public func csv() -> CSVTable {
    CSVTable(header: TransactionsReport.csvHeader, rows: transactions.map(TransactionsReport.csvRow))
  }

  /// `csv()` as it renders, a piece at a time, each record as it is made.
  public func writeCSV(to write: (String) -> Void) {
    CSVTable.write(header: TransactionsReport.csvHeader, rows: transactions.lazy.map(TransactionsReport.csvRow), to: write)
  }

  static func csvRow(_ t: Transaction) -> [String] {
    [
      t.date.description, t.owner.cik?.rawValue ?? "", t.owner.name, t.jointOwners.map(\.name).joined(separator: "; "), t.role,
      t.issuer.cik?.rawValue ?? "", t.issuer.name, t.issuer.ticker ?? "", t.security, t.derivative ? "true" : "false",
      t.code?.rawValue ?? "", t.acquiredDisposed?.rawValue ?? "", t.shares?.description ?? "", t.price?.description ?? "",
      t.value?.description ?? "", t.sharesAfter?.description ?? "", t.filing.rawValue, t.form.rawValue, t.filedAt.description, t.row,
    ]
  }

  public func table() -> String {
    var scope = person?.name ?? issuer.map { $0.name + ($0.ticker.map { " (\($0))" } ?? "") } ?? "everyone"
    if let from = request.from { scope += " from \(from)" }
    if let to = request.to { scope += " to \(to)" }
    if !request.codes.isEmpty { scope += ", codes " + request.codes.map(\.rawValue).sorted().joined(separator: ",") }
    var out = Terminal.printable("\(scope): \(transactions.count) transaction\(transactions.count == 1 ? "" : "s")") + "\n"
    if let groups {
      if groups.isEmpty { return out + "\nNone.\n" }
      out += "\n"
        + TextTable(
          columns: [
            .init(request.groupBy == .issuer ? "ISSUER" : "OWNER"), .init("CIK"), .init("ROWS", right: true),
            .init("SHARES ACQUIRED", right: true), .init("SHARES DISPOSED", right: true), .init("VALUE ACQUIRED $", right: true),
            .init("VALUE DISPOSED $", right: true), .init("UNKNOWN VALUE", right: true),
          ],
          rows: groups.map { g in
            [
              g.key, g.cik?.rawValue ?? "", String(g.transactions), g.sharesAcquired.grouped, g.sharesDisposed.grouped, g.valueAcquired.grouped,
              g.valueDisposed.grouped, g.unknownValues == 0 ? "" : String(g.unknownValues),
            ]
          }
        ).rendered()
      return out
    }
    if let clusters {
      out += "\nClusters (at least two insiders within \(request.cluster ?? 0) days):\n\n"
      if clusters.isEmpty { return out + "None.\n" }
      out += TextTable(
        columns: [
          .init("ISSUER"), .init("FROM"), .init("TO"), .init("INSIDERS", right: true), .init("ROWS", right: true), .init("SHARES", right: true),
          .init("VALUE $", right: true), .init("WHO"),
        ],
        rows: clusters.map { c in
          [
            c.issuer.name + (c.issuer.ticker.map { " (\($0))" } ?? ""), c.from.description, c.to.description, String(c.insiders.count),
            String(c.transactions), c.shares.grouped, c.value.grouped, c.insiders.map(\.name).joined(separator: "; "),
          ]
        }
      ).rendered()
      return out
    }
    guard !transactions.isEmpty else { return out }
    out += "\n"
      + TextTable(
        columns: [
          .init("DATE"), .init("OWNER"), .init("ROLE"), .init("ISSUER"), .init("SECURITY"), .init("CODE"), .init("A/D"),
          .init("SHARES", right: true), .init("PRICE", right: true), .init("VALUE $", right: true), .init("AFTER", right: true),
          .init("FILING"),
        ],
        rows: transactions.map { t in
          [
            t.date.description, t.owner.name, t.role, t.issuer.ticker ?? t.issuer.name, t.security, t.code?.rawValue ?? "",
            t.acquiredDisposed?.rawValue ?? "", t.shares?.grouped ?? "unknown", t.price?.description ?? "unknown", t.value?.grouped ?? "unknown",
            t.sharesAfter?.grouped ?? "unknown", t.filing.rawValue,
          ]
        }
      ).rendered()
    return out
  }
}

extension Transaction {
  var json: JSONValue {
    .sortedObject([
      "accession": .string(filing.rawValue),
      "accessionEstimated": .bool(filing.isEstimated),
      "acquiredDisposed": .string(acquiredDisposed?.rawValue),
      "code": .string(code?.rawValue),
      "date": .string(date.description),
      "derivative": .bool(derivative),
      "filedAt": .string(filedAt.description),
      "form": .string(form.rawValue),
      "issuer": issuer.json,
      "jointOwners": .array(jointOwners.map(\.json)),
      "owner": owner.json,
      "price": .amount(price),
      "role": .string(role),
      "row": .string(row),
      "security": .string(security),
      "shares": .amount(shares),
      "sharesAfter": .amount(sharesAfter),
      "value": .amount(value),
    ])
  }
}

extension TransactionGroup {
  var json: JSONValue {
    .object([
      "name": .string(key),
      "cik": .string(cik?.rawValue),
      "transactions": .number(String(transactions)),
      "sharesAcquired": .amount(sharesAcquired),
      "sharesDisposed": .amount(sharesDisposed),
      "valueAcquired": .amount(valueAcquired),
      "valueDisposed": .amount(valueDisposed),
      "unknownValues": .number(String(unknownValues)),
    ])
  }
}

extension TransactionCluster {
  var json: JSONValue {
    .object([
      "issuer": issuer.json,
      "from": .string(from.description),
      "to": .string(to.description),
      "insiders": .array(insiders.map(\.json)),
      "transactions": .number(String(transactions)),
      "shares": .amount(shares),
      "value": .amount(value),
    ])
  }
}

import LedgerCore

/// The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`. Each route's
/// response is the CLI's `--format json` contract for the command of the same name, which the
/// README documents field by field; the schema here names the top-level keys.
enum OpenAPIDocument {
  static let descriptions: [String: String] = [
    "person": "Part of the person's name, or its words in any order (as --person).",
    "cik": "The person's CIK (as --cik); not with person.",
    "issuer": "Only this issuer: its CIK, ticker or name (as --issuer).",
    "asof": "Valid time, YYYY-MM-DD (default: today).",
    "known-at": "Known time, YYYY-MM-DD: use only filings filed on or before it.",
    "all": "true: also zero balances and expired lines (holdings), or on-time filings (late).",
    "security": "Only lines whose security (or underlying) title contains this text.",
    "vesting": "true: also each derivative line's vesting installments.",
    "status": "Only amendments with this status.",
    "from": "Only on or after this date, YYYY-MM-DD.",
    "to": "Only on or before this date, YYYY-MM-DD.",
    "method": "max (the largest total) or liho (lowest-in, highest-out).",
    "codes": "Other transaction codes to match besides P and S, comma-separated.",
    "q": "A name, CIK or ticker.",
  ]

  static let summaries: [String: (command: String, keys: [String])] = [
    "/api/holdings": ("What `ledger holdings --format json` prints.", ["asOf", "beneficialOwnership", "issuer", "knownAt", "person", "positions"]),
    "/api/history": ("What `ledger history --format json` prints.", ["entries", "issuer", "knownAt", "person", "vesting"]),
    "/api/reconcile": ("What `ledger reconcile --format json` prints.", ["issuer", "knownAt", "lines", "linesChecked", "person", "staleLines"]),
    "/api/amendments": ("What `ledger amendments --format json` prints.", ["amendments", "issuer", "knownAt", "person"]),
    "/api/late": ("What `ledger late --format json` prints.", ["filingsChecked", "from", "issuer", "knownAt", "late", "person", "summary", "to"]),
    "/api/shortswing": ("What `ledger shortswing --format json` prints.", ["codes", "excluded", "from", "issuer", "knownAt", "liho", "limits", "max", "method", "methodsDiffer", "pairs", "person", "to", "total"]),
    "/api/people": ("What `ledger people --format json` prints.", ["asOf", "issuer", "people"]),
    "/api/issuers": ("What `ledger issuers --format json` prints.", ["issuers"]),
    "/api/filings": ("What `ledger filings --format json` prints.", ["filings", "issuer", "person"]),
    "/api/search": ("The people and issuers a name, CIK or ticker names.", ["issuers", "people", "text"]),
  ]

  static func parameter(_ name: String) -> JSONValue {
    var schema: [String: JSONValue] = ["type": .string("string")]
    switch name {
    case "asof", "known-at", "from", "to": schema["format"] = .string("date")
    case "all", "vesting": schema = ["type": .string("boolean")]
    case "cik": schema["pattern"] = .string("^[0-9]{1,10}$")
    case "status": schema["enum"] = .array(AmendmentResolved.Status.allCases.map { .string($0.rawValue) })
    case "method": schema["enum"] = .array([.string("max"), .string("liho")])
    default: break
    }
    return .object([
      "name": .string(name), "in": .string("query"), "required": .bool(name == "q"),
      "description": .string(descriptions[name] ?? ""), "schema": .object(schema),
    ])
  }

  static func errorResponse(_ description: String) -> JSONValue {
    .object([
      "description": .string(description),
      "content": .object(["application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/Error")])])]),
    ])
  }

  static let json: String = {
    var paths: [String: JSONValue] = [:]
    for route in LedgerSite.apiRoutes {
      let summary = summaries[route.path] ?? ("", [])
      let properties = Dictionary(uniqueKeysWithValues: summary.keys.map { ($0, JSONValue.object([:])) })
      paths[route.path] = .object([
        "get": .object([
          "operationId": .string(String(route.path.dropFirst(5))),
          "summary": .string(summary.command),
          "parameters": .array(route.parameters.map(parameter)),
          "responses": .object([
            "200": .object([
              "description": .string("The CLI's JSON, byte for byte."),
              "content": .object([
                "application/json": .object([
                  "schema": .object([
                    "type": .string("object"), "properties": .object(properties), "required": .array(summary.keys.map { .string($0) }),
                  ])
                ])
              ]),
            ]),
            "300": errorResponse("The person or issuer matches several; `candidates` lists them."),
            "400": errorResponse("A parameter is wrong; `parameter` names it."),
            "404": errorResponse("No such person or issuer."),
          ]),
        ])
      ])
    }
    let error = JSONValue.object([
      "type": .string("object"),
      "required": .array([.string("error"), .string("status")]),
      "properties": .object([
        "error": .object(["type": .string("string")]),
        "status": .object(["type": .string("integer")]),
        "parameter": .object(["type": .string("string")]),
        "candidates": .object(["type": .string("array"), "items": .object(["type": .string("object")])]),
      ]),
    ])
    return JSONValue.object([
      "openapi": .string("3.1.0"),
      "info": .object([
        "title": .string("ledger"), "version": .string(LedgerVersion.current),
        "description": .string("Read-only JSON over a ledger of SEC Section 16 filings: the CLI's JSON contracts, with its options as query parameters."),
      ]),
      "paths": .object(paths),
      "components": .object(["schemas": .object(["Error": error])]),
    ]).rendered()
  }()
}

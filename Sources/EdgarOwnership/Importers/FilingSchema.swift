/// The JSON Schema (draft 2020-12) of the filing JSON format, printed by `ledger schema`.
///
/// It mirrors `OwnershipDocument`: EDGAR's ownershipDocument element names, plus the envelope
/// facts (`accessionNumber`, `filedAt`, `amends`). Any reported value may be given bare
/// (`"3.99"`), as `{"value": ..., "footnoteIds": [...]}`, or as footnotes alone.
public enum FilingSchema {
  public static let json = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://github.com/ledger/ledger/filing.schema.json",
      "title": "Section 16 filing (ledger filing JSON)",
      "description": "One Form 3, 4 or 5 (or amendment) with EDGAR ownershipDocument field names, plus envelope facts. Quantities are exact decimals, given as JSON numbers or decimal strings; never negative (the A/D flag carries the sign).",
      "$comment": "Rules the ledger enforces that this schema cannot express, each refused with the field's path: a date must exist (2004-02-30 matches the date pattern and is refused as an impossible date); issuer needs issuerCik or issuerName, and each reporting owner rptOwnerCik or rptOwnerName; dateOfOriginalSubmission only on an amendment; footnote ids are not empty and not defined twice; a transaction gives transactionShares or transactionTotalValue, not both, and an amount after (sharesOwnedFollowingTransaction or valueOwnedFollowingTransaction, not both); derivative-only fields (conversionOrExercisePrice, exerciseDate, expirationDate, underlyingSecurity) only in derivativeTable; transaction-only fields only on transactions.",
      "type": "object",
      "additionalProperties": false,
      "required": ["documentType", "periodOfReport", "issuer", "reportingOwners"],
      "properties": {
        "$schema": {"type": "string"},
        "accessionNumber": {"$ref": "#/$defs/accession", "description": "EDGAR accession number. Without it the filing gets a stable identity from its content (shown as estimated)."},
        "filedAt": {"$ref": "#/$defs/date", "description": "Filing date (EDGAR's FILED AS OF DATE). Without it the latest signature date is used, marked estimated."},
        "acceptanceDateTime": {"type": "string", "description": "EDGAR acceptance time, YYYYMMDDHHMMSS."},
        "submissionType": {"type": "string"},
        "amends": {"$ref": "#/$defs/accession", "description": "For an amendment: the accession number of the filing it amends."},
        "schemaVersion": {"type": "string"},
        "documentType": {"enum": ["3", "3/A", "4", "4/A", "5", "5/A", 3, 4, 5]},
        "periodOfReport": {"$ref": "#/$defs/date"},
        "dateOfOriginalSubmission": {"$ref": "#/$defs/date", "description": "Amendments only: the filing date of the original."},
        "noSecuritiesOwned": {"$ref": "#/$defs/flag"},
        "notSubjectToSection16": {"$ref": "#/$defs/flag"},
        "form3HoldingsReported": {"$ref": "#/$defs/flag"},
        "form4TransactionsReported": {"$ref": "#/$defs/flag"},
        "issuer": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "issuerCik": {"$ref": "#/$defs/cik"},
            "issuerName": {"type": "string"},
            "issuerTradingSymbol": {"type": "string"}
          },
          "anyOf": [{"required": ["issuerCik"]}, {"required": ["issuerName"]}]
        },
        "reportingOwners": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/reportingOwner"}},
        "aff10b5One": {"$ref": "#/$defs/flag"},
        "nonDerivativeTable": {"$ref": "#/$defs/nonDerivativeTable"},
        "derivativeTable": {"$ref": "#/$defs/derivativeTable"},
        "footnotes": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["id", "text"],
            "properties": {"id": {"type": "string", "minLength": 1}, "text": {"type": "string"}}
          }
        },
        "remarks": {"type": "string"},
        "ownerSignatures": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "properties": {"signatureName": {"type": "string"}, "signatureDate": {"$ref": "#/$defs/date"}}
          }
        },
        "otherElements": {
          "type": "array",
          "description": "XML elements outside the modelled schema, kept verbatim.",
          "items": {
            "type": "object",
            "required": ["path"],
            "properties": {
              "path": {"type": "string"},
              "text": {"type": "string"},
              "attributes": {"type": "object", "additionalProperties": {"type": "string"}}
            }
          }
        }
      },
      "$defs": {
        "date": {
          "type": "string", "pattern": "^\\s*[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\\s*$", "description": "YYYY-MM-DD.",
          "$comment": "The date must exist: the pattern cannot say that February has no 30th; the ledger refuses such a date as impossible."
        },
        "reportedAD": {
          "oneOf": [
            {"enum": ["A", "D"]},
            {"type": "object", "additionalProperties": false, "properties": {"value": {"enum": ["A", "D"]}, "footnoteIds": {"$ref": "#/$defs/footnoteIds"}}}
          ]
        },
        "reportedDI": {
          "oneOf": [
            {"enum": ["D", "I"]},
            {"type": "object", "additionalProperties": false, "properties": {"value": {"enum": ["D", "I"]}, "footnoteIds": {"$ref": "#/$defs/footnoteIds"}}}
          ]
        },
        "reportedTimeliness": {
          "oneOf": [
            {"enum": ["E", "L"]},
            {"type": "object", "additionalProperties": false, "properties": {"value": {"enum": ["E", "L"]}, "footnoteIds": {"$ref": "#/$defs/footnoteIds"}}}
          ]
        },
        "cik": {"type": ["string", "integer"], "pattern": "^\\s*[0-9]{1,10}\\s*$"},
        "accession": {"type": "string", "pattern": "^\\s*([0-9]{10}-[0-9]{2}-[0-9]{6}|[0-9]{18})\\s*$"},
        "flag": {"oneOf": [{"type": "boolean"}, {"enum": ["0", "1", "true", "false", 0, 1]}]},
        "decimal": {
          "oneOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": "^\\s*\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*$"}
          ]
        },
        "footnoteIds": {"type": "array", "items": {"type": "string"}},
        "reported": {
          "description": "A bare value, or an object with the value and/or the ids of the footnotes that explain or replace it.",
          "oneOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {"value": {}, "footnoteIds": {"$ref": "#/$defs/footnoteIds"}}
            }
          ]
        },
        "reportedDecimal": {
          "oneOf": [
            {"$ref": "#/$defs/decimal"},
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {"value": {"$ref": "#/$defs/decimal"}, "footnoteIds": {"$ref": "#/$defs/footnoteIds"}}
            }
          ]
        },
        "reportedDate": {
          "oneOf": [
            {"$ref": "#/$defs/date"},
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {"value": {"$ref": "#/$defs/date"}, "footnoteIds": {"$ref": "#/$defs/footnoteIds"}}
            }
          ]
        },
        "reportingOwner": {
          "type": "object",
          "additionalProperties": false,
          "required": ["reportingOwnerId"],
          "properties": {
            "reportingOwnerId": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "rptOwnerCik": {"$ref": "#/$defs/cik"},
                "rptOwnerCcc": {"type": "string"},
                "rptOwnerName": {"type": "string"}
              },
              "anyOf": [{"required": ["rptOwnerCik"]}, {"required": ["rptOwnerName"]}]
            },
            "reportingOwnerAddress": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "rptOwnerStreet1": {"type": "string"},
                "rptOwnerStreet2": {"type": "string"},
                "rptOwnerCity": {"type": "string"},
                "rptOwnerState": {"type": "string"},
                "rptOwnerZipCode": {"type": "string"},
                "rptOwnerStateDescription": {"type": "string"},
                "rptOwnerGoodAddress": {"type": "string"}
              }
            },
            "reportingOwnerRelationship": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "isDirector": {"$ref": "#/$defs/flag"},
                "isOfficer": {"$ref": "#/$defs/flag"},
                "isTenPercentOwner": {"$ref": "#/$defs/flag"},
                "isOther": {"$ref": "#/$defs/flag"},
                "officerTitle": {"type": "string"},
                "otherText": {"type": "string"}
              }
            }
          }
        },
        "transactionCoding": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "transactionFormType": {"type": ["string", "integer"]},
            "transactionCode": {"enum": ["P", "S", "V", "A", "D", "F", "I", "M", "C", "E", "H", "O", "X", "G", "L", "W", "Z", "J", "K", "U"]},
            "equitySwapInvolved": {"$ref": "#/$defs/flag"},
            "footnoteIds": {"$ref": "#/$defs/footnoteIds"}
          }
        },
        "transactionAmounts": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "transactionShares": {"$ref": "#/$defs/reportedDecimal"},
            "transactionTotalValue": {"$ref": "#/$defs/reportedDecimal"},
            "transactionPricePerShare": {"$ref": "#/$defs/reportedDecimal"},
            "transactionAcquiredDisposedCode": {"$ref": "#/$defs/reportedAD"}
          }
        },
        "postTransactionAmounts": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "sharesOwnedFollowingTransaction": {"$ref": "#/$defs/reportedDecimal"},
            "valueOwnedFollowingTransaction": {"$ref": "#/$defs/reportedDecimal"}
          }
        },
        "ownershipNature": {
          "type": "object",
          "additionalProperties": false,
          "required": ["directOrIndirectOwnership"],
          "properties": {
            "directOrIndirectOwnership": {"$ref": "#/$defs/reportedDI"},
            "natureOfOwnership": {"$ref": "#/$defs/reported"}
          }
        },
        "underlyingSecurity": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "underlyingSecurityTitle": {"$ref": "#/$defs/reported"},
            "underlyingSecurityShares": {"$ref": "#/$defs/reportedDecimal"},
            "underlyingSecurityValue": {"$ref": "#/$defs/reportedDecimal"}
          }
        },
        "nonDerivativeTransaction": {
          "type": "object",
          "additionalProperties": false,
          "required": ["securityTitle", "transactionDate", "transactionCoding", "transactionAmounts", "postTransactionAmounts", "ownershipNature"],
          "properties": {
            "securityTitle": {"$ref": "#/$defs/reported"},
            "transactionDate": {"$ref": "#/$defs/reportedDate"},
            "deemedExecutionDate": {"$ref": "#/$defs/reportedDate"},
            "transactionCoding": {"$ref": "#/$defs/transactionCoding"},
            "transactionTimeliness": {"$ref": "#/$defs/reportedTimeliness"},
            "transactionAmounts": {"$ref": "#/$defs/transactionAmounts"},
            "postTransactionAmounts": {"$ref": "#/$defs/postTransactionAmounts"},
            "ownershipNature": {"$ref": "#/$defs/ownershipNature"}
          }
        },
        "nonDerivativeHolding": {
          "type": "object",
          "additionalProperties": false,
          "required": ["securityTitle", "postTransactionAmounts", "ownershipNature"],
          "properties": {
            "securityTitle": {"$ref": "#/$defs/reported"},
            "transactionCoding": {"$ref": "#/$defs/transactionCoding"},
            "postTransactionAmounts": {"$ref": "#/$defs/postTransactionAmounts"},
            "ownershipNature": {"$ref": "#/$defs/ownershipNature"}
          }
        },
        "derivativeTransaction": {
          "type": "object",
          "additionalProperties": false,
          "required": ["securityTitle", "transactionDate", "transactionCoding", "transactionAmounts", "ownershipNature"],
          "properties": {
            "securityTitle": {"$ref": "#/$defs/reported"},
            "conversionOrExercisePrice": {"$ref": "#/$defs/reportedDecimal"},
            "transactionDate": {"$ref": "#/$defs/reportedDate"},
            "deemedExecutionDate": {"$ref": "#/$defs/reportedDate"},
            "transactionCoding": {"$ref": "#/$defs/transactionCoding"},
            "transactionTimeliness": {"$ref": "#/$defs/reportedTimeliness"},
            "transactionAmounts": {"$ref": "#/$defs/transactionAmounts"},
            "exerciseDate": {"$ref": "#/$defs/reportedDate"},
            "expirationDate": {"$ref": "#/$defs/reportedDate"},
            "underlyingSecurity": {"$ref": "#/$defs/underlyingSecurity"},
            "postTransactionAmounts": {"$ref": "#/$defs/postTransactionAmounts"},
            "ownershipNature": {"$ref": "#/$defs/ownershipNature"}
          }
        },
        "derivativeHolding": {
          "type": "object",
          "additionalProperties": false,
          "required": ["securityTitle", "ownershipNature"],
          "properties": {
            "securityTitle": {"$ref": "#/$defs/reported"},
            "conversionOrExercisePrice": {"$ref": "#/$defs/reportedDecimal"},
            "transactionCoding": {"$ref": "#/$defs/transactionCoding"},
            "exerciseDate": {"$ref": "#/$defs/reportedDate"},
            "expirationDate": {"$ref": "#/$defs/reportedDate"},
            "underlyingSecurity": {"$ref": "#/$defs/underlyingSecurity"},
            "postTransactionAmounts": {"$ref": "#/$defs/postTransactionAmounts"},
            "ownershipNature": {"$ref": "#/$defs/ownershipNature"}
          }
        },
        "nonDerivativeTable": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "transactions": {"type": "array", "items": {"$ref": "#/$defs/nonDerivativeTransaction"}},
            "holdings": {"type": "array", "items": {"$ref": "#/$defs/nonDerivativeHolding"}}
          }
        },
        "derivativeTable": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "transactions": {"type": "array", "items": {"$ref": "#/$defs/derivativeTransaction"}},
            "holdings": {"type": "array", "items": {"$ref": "#/$defs/derivativeHolding"}}
          }
        }
      }
    }
    """#
}

// The ledger's public API speaks in the domain values of EdgarOwnership (dates, amounts,
// documents): a client that imports LedgerCore gets them too.
@_exported import EdgarOwnership

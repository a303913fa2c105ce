/// The ledger's version, printed by `ledger --version`.
public enum LedgerVersion {
  public static let current = "0.1.0"
}

import Foundation

/// Reads EDGAR ownership XML (`<ownershipDocument>`). Filled in by the EDGAR issue.
public enum EdgarXML {
  public static func decode(_ data: Data, file: String) throws(LedgerError) -> OwnershipDocument {
    throw .invalidFile(file: file, message: "EDGAR XML is not supported yet")
  }
}

public enum EdgarSubmission {
  public static func decode(_ data: Data, file: String) throws(LedgerError) -> OwnershipDocument {
    throw .invalidFile(file: file, message: "EDGAR submissions are not supported yet")
  }
}

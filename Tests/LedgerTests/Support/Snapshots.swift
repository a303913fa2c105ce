import Foundation
import SnapshotTesting
import Testing

/// Compares `text` with the golden file `Snapshots/<name>.txt`. With
/// SNAPSHOT_TESTING_RECORD=never (as in CI) a missing golden file is a failure.
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let failure = verifySnapshot(
    of: text, as: .lines, named: name, snapshotDirectory: Paths.snapshots.path, testName: "ledger")
  if let failure {
    Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation)
  }
}

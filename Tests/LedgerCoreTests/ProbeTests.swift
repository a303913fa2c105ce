import Testing
import LedgerCore
@Test func probeWorks() { #expect(probe() == "ok") }

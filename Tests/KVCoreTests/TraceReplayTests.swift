import Foundation
import Testing
@testable import KVCore

/// The trace fixtures, kept in the repository under `Tests/Fixtures/traces` (copies of the
/// traces described in that folder's README), so the parity tests run in any clone. A missing
/// fixture fails the test that needs it; nothing here skips.
enum TraceFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/traces")

    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path),
                     "trace fixture \(path) is missing: it belongs in the repository", sourceLocation: sourceLocation)
        return path
    }
}

@Suite("Trace replay")
struct TraceReplayTests {
    @Test func smallTraceReplaysToItsExpectedTotals() throws {
        let trace = try KVTrace(contentsOf: TraceFixtures.path("small.kvtrace"))
        #expect(trace.blockSize == 16)
        #expect(trace.numBlocks == 96)
        #expect(trace.ops.count == 12_847)
        var manager = trace.makeManager()
        let result = try trace.replay(on: &manager)
        #expect(result.hitMismatches == 0, "first mismatch: \(String(describing: result.firstHitMismatch))")
        let checks = trace.checks(for: result.totals)
        #expect(checks.count == 7)
        for check in checks {
            #expect(check.isOK, "\(check.name): expected \(check.expected), got \(check.got)")
        }
        #expect(result.totals.hitBlocks == 657)
        #expect(result.totals.evictions == 929)
        #expect(result.totals.cachedBlocksAtEnd == 94)
        try manager.checkInvariants()
        #expect(manager.numFreeBlocks == 96)
    }

    @Test func chatTraceReplaysToItsExpectedTotals() throws {
        let trace = try KVTrace(contentsOf: TraceFixtures.path("chat.kvtrace"))
        #expect(trace.blockSize == 16)
        #expect(trace.numBlocks == 400)
        #expect(trace.ops.count == 99_565)
        var manager = trace.makeManager()
        manager.checksInvariantsInDebugBuilds = false  // 400 blocks: checked once, at the end
        let result = try trace.replay(on: &manager)
        #expect(result.hitMismatches == 0, "first mismatch: \(String(describing: result.firstHitMismatch))")
        let checks = trace.checks(for: result.totals)
        #expect(checks.count == 7)
        for check in checks {
            #expect(check.isOK, "\(check.name): expected \(check.expected), got \(check.got)")
        }
        #expect(result.totals.hitBlocks == 3831)
        #expect(result.totals.evictions == 8176)
        #expect(result.totals.cachedBlocksAtEnd == 393)
        try manager.checkInvariants()
        #expect(manager.numFreeBlocks == 400)
    }
}

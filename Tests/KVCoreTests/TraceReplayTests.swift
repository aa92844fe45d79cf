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
        try replay("small.kvtrace", numBlocks: 96, ops: 12_847, hits: 657, evictions: 929, cachedAtEnd: 94)
    }

    @Test func chatTraceReplaysToItsExpectedTotals() throws {
        // 400 blocks: the invariants are checked once, at the end, not after every operation.
        try replay("chat.kvtrace", numBlocks: 400, ops: 99_565, hits: 3831, evictions: 8176, cachedAtEnd: 393,
                   checkingEveryOperation: false)
    }

    /// Replays a fixture and checks its header, all seven of its `end` totals, the hit count of
    /// every allocation, a few totals written out here (so a fixture that changed with its own
    /// `end` line still fails), the invariants and that every block is free again.
    private func replay(_ name: String, numBlocks: Int, ops: Int, hits: Int, evictions: Int, cachedAtEnd: Int,
                        checkingEveryOperation: Bool = true,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let trace = try KVTrace(contentsOf: TraceFixtures.path(name))
        #expect(trace.blockSize == 16, sourceLocation: sourceLocation)
        #expect(trace.numBlocks == numBlocks, sourceLocation: sourceLocation)
        #expect(trace.ops.count == ops, sourceLocation: sourceLocation)
        var manager = trace.makeManager()
        if !checkingEveryOperation { manager.checksInvariantsInDebugBuilds = false }
        let result = try trace.replay(on: &manager)
        #expect(result.hitMismatches == 0, "first mismatch: \(String(describing: result.firstHitMismatch))",
                sourceLocation: sourceLocation)
        let checks = trace.checks(for: result.totals)
        #expect(checks.count == 7, sourceLocation: sourceLocation)
        for check in checks {
            #expect(check.isOK, "\(check.name): expected \(check.expected), got \(check.got)", sourceLocation: sourceLocation)
        }
        #expect(result.totals.hitBlocks == hits, sourceLocation: sourceLocation)
        #expect(result.totals.evictions == evictions, sourceLocation: sourceLocation)
        #expect(result.totals.cachedBlocksAtEnd == cachedAtEnd, sourceLocation: sourceLocation)
        try manager.checkInvariants()
        #expect(manager.numFreeBlocks == numBlocks, sourceLocation: sourceLocation)
    }
}

import Foundation
import Testing
@testable import KVCore

/// The shared traces: `../shared/traces` from the repo root on CI, `/work/shared/traces` on the
/// dev machine (where the repo is a worktree one level deeper). Found by walking up from this
/// file to the first ancestor that holds `shared/traces`.
enum SharedTraces {
    static let directory: URL? = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/traces")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    static func path(_ name: String) -> String? {
        guard let path = directory?.appendingPathComponent(name).path,
              FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }
}

@Suite("Trace replay")
struct TraceReplayTests {
    @Test func smallTraceReplaysToItsExpectedTotals() throws {
        guard let path = SharedTraces.path("small.kvtrace") else {
            print("skipping: small.kvtrace not found in a shared/traces folder above \(#filePath)")
            return
        }
        let trace = try KVTrace(contentsOf: path)
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
}

import Foundation
import KVCore
import Testing
@testable import Engine

/// Replaying request traces: the runner reads the file as it goes, Mooncake's shared blocks
/// hit the prefix cache by the documented mapping, and a trace compares like a workload.
@Suite struct RunsTraceReplayTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/workloads")

    static func write(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kvviz-trace-\(UUID().uuidString).jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(_ path: String, blockSize: Int = 16, blocks: Int = 4_000, maxModelLen: Int? = nil,
                    prefixCaching: Bool = true) throws -> WorkloadRun {
        let trace = try RequestTrace.scan(path: path)
        var spec = WorkloadSpec.uniform
        spec.maxModelLen = maxModelLen ?? trace.summary.maxFinalLength
        return try WorkloadRun(RunConfiguration(workloadName: "trace", workload: spec, numBlocks: blocks,
                                                blockSize: blockSize, prefixCaching: prefixCaching), trace: trace)
    }

    /// Two prompts of three 512-token blocks sharing the first two ids; the second arrives long
    /// after the first has finished, so its shared prefix is still cached.
    static func twoRequests() throws -> String {
        try write([
            #"{"timestamp": 0, "input_length": 1536, "output_length": 4, "hash_ids": [1, 2, 3]}"#,
            #"{"timestamp": 60000, "input_length": 1536, "output_length": 4, "hash_ids": [1, 2, 9]}"#,
        ])
    }

    /// 1,024 shared tokens hit in floor(1024 / B) whole blocks of B: all of them when B divides
    /// 512, fewer when a block straddles the end of the shared prefix.
    @Test(arguments: [(16, 64), (512, 2), (1024, 1), (48, 21), (768, 1), (100, 10), (2048, 0)])
    func sharedHashIDsHitInWholeRunBlocks(blockSize: Int, hitBlocks: Int) throws {
        let report = try Simulation.run(try Self.run(try Self.twoRequests(), blockSize: blockSize,
                                                     blocks: 8_192 / blockSize + 8), checksInvariants: true)
        #expect(report.allCompleted)
        #expect(report.prefixHitBlocks == hitBlocks)
        #expect(abs(report.prefixHitRate - Double(hitBlocks * blockSize) / 3_072) < 1e-9)
    }

    /// Prompt tokens an unbounded prefix cache serves on a Mooncake file, from its ids alone:
    /// each request hits the 512-token blocks of its longest run of ids seen before, cut to
    /// whole blocks of `blockSize` and short of the prompt's last token.
    static func idealHitTokens(_ path: String, blockSize: Int) throws -> (hit: Int, prompt: Int) {
        var seen = Set<Int>()
        var hit = 0
        var prompt = 0
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let ids = try #require(object["hash_ids"] as? [Int])
            let length = try #require(object["input_length"] as? Int)
            let shared = ids.prefix { seen.contains($0) }.count
            hit += Swift.min(shared * 512, length - 1) / blockSize * blockSize
            prompt += length
            seen.formUnion(ids)
        }
        return (hit, prompt)
    }

    @Test func theMooncakeExcerptHitsWhatItsIDsShareAndAzureNothing() throws {
        let path = Self.fixtures.appendingPathComponent("mooncake-conversation-200.jsonl").path
        let ideal = try Self.idealHitTokens(path, blockSize: 16)
        // A pool that never evicts: exactly the hits the ids promise (5.9% of prompt tokens).
        let unbounded = try Simulation.run(try Self.run(path, blocks: 200_000))
        #expect(unbounded.allCompleted && unbounded.requests == 200 && unbounded.preemptions == 0)
        #expect(unbounded.prefixHitBlocks * 16 == ideal.hit)
        #expect(abs(unbounded.prefixHitRate - Double(ideal.hit) / Double(ideal.prompt)) < 1e-9)
        #expect(ideal.hit > ideal.prompt / 20)
        // A pool of 640,000 slots evicts some of the shared blocks before they are asked for again.
        let tight = try Simulation.run(try Self.run(path, blocks: 40_000))
        #expect(tight.prefixHitBlocks < unbounded.prefixHitBlocks && tight.prefixHitBlocks > 0)
        let off = try Simulation.run(try Self.run(path, blocks: 40_000, prefixCaching: false))
        #expect(off.prefixHitBlocks == 0)
        let azure = try Simulation.run(try Self.run(Self.fixtures.appendingPathComponent("azure-conv-200.csv").path))
        #expect(azure.allCompleted && azure.prefixHitBlocks == 0)
        var feed = try RequestTrace.scan(path: Self.fixtures.appendingPathComponent("azure-conv-200.csv").path).feed()
        #expect(azure.generatedTokens == (try feed.all()).reduce(0) { $0 + max(1, $1.outputLength) })
    }

    @Test func aTracedRunHoldsNoRequestListAndMatchesTheSameRequestsInMemory() throws {
        let path = Self.fixtures.appendingPathComponent("azure-code-100.csv").path
        let traced = try Self.run(path, blocks: 2_000)
        #expect(traced.requests.isEmpty && traced.requestCount == 100)
        var feed = try RequestTrace.scan(path: path).feed()
        let listed = try traced.replacingRequests(try feed.all())
        let a = try Simulation.run(traced)
        let b = try Simulation.run(listed)
        #expect(a.steps == b.steps && a.preemptions == b.preemptions && a.peakUsedBlocks == b.peakUsedBlocks)
        #expect(a.generatedTokens == b.generatedTokens && a.completedRequests == 100)
    }

    @Test func aTraceComparesLikeAWorkload() throws {
        let run = try Self.run(Self.fixtures.appendingPathComponent("azure-conv-200.csv").path, blocks: 1_200)
        let report = try Comparison.run(run)
        #expect(report.requests == 200 && report.strategies.count == 4)
        for strategy in report.strategies { #expect(strategy.completedRequests == 200) }
        let paged = try #require(report.result(of: .paged))
        let max = try #require(report.result(of: .contiguous(.max)))
        #expect(paged.shares.tokenStates > max.shares.tokenStates)
    }

    @Test func aRequestAboveMaxModelLenOrThePoolIsRefused() throws {
        let path = try Self.twoRequests()
        #expect(throws: RunError.self) { _ = try Self.run(path, maxModelLen: 1_000) }
        #expect(throws: RunError.self) { _ = try Self.run(path, blocks: 10) }
    }
}

import KVCore
import Testing
@testable import Engine

/// `kvviz compare`'s engine side: the Fig. 2 ordering on the command's defaults, shares that
/// account for all memory, the paged accounting itself.
@Suite struct RunsComparisonTests {
    /// The compare defaults: OPT-13B on an A100-40GB (963 blocks of 16 slots), chat x200.
    static func paperSetting() throws -> WorkloadRun {
        let plan = try MemoryPlan(MemoryPlan.Configuration(model: try ModelPreset.named("opt-13b"),
                                                           gpu: try GPUPreset.named("a100-40gb")))
        var spec = WorkloadSpec.chat
        spec.numRequests = 200
        return try WorkloadRun(RunConfiguration(workload: spec, numBlocks: plan.numBlocks, blockSize: 16))
    }

    @Test func defaultsReproduceTheOrderingOfThePagedAttentionFigure2() throws {
        let run = try Self.paperSetting()
        #expect(run.configuration.numBlocks == 963)
        let report = try Comparison.run(run)
        #expect(report.strategies.map(\.name) == Comparison.strategyNames)
        let tokens = report.strategies.map(\.shares.tokenStates)
        #expect(tokens[0] < tokens[1])
        #expect(tokens[1] <= tokens[2])
        #expect(tokens[2] < tokens[3])
        #expect(tokens[3] >= 0.9)
        #expect(tokens[0] > 0.2 && tokens[0] < 0.4)
        let paged = try #require(report.strategy(named: "paged"))
        #expect(paged.wasteShare < 0.04)
        #expect(report.strategies.allSatisfy { $0.completedRequests == 200 })
    }

    @Test func sharesOfEveryStrategySumToOneAndStayInRange() throws {
        let report = try Comparison.run(try Self.paperSetting())
        for strategy in report.strategies {
            for shares in [strategy.shares, strategy.busyShares] {
                #expect(abs(shares.sum - 1) < 1e-9, "\(strategy.name)")
                let parts = [shares.tokenStates, shares.reserved, shares.internalFragmentation,
                             shares.externalFragmentation, shares.free]
                #expect(parts.allSatisfy { (0...1).contains($0) }, "\(strategy.name)")
            }
        }
    }

    @Test func pagedUsageCountsEmptyTailSlotsAsInternalFragmentation() throws {
        // One request of 5 prompt tokens in blocks of 4: after its first step it holds 5 tokens
        // (2 blocks), so 3 empty slots in the last block.
        var spec = WorkloadSpec.uniform
        spec.numRequests = 1
        var run = try WorkloadRun(RunConfiguration(workloadName: "uniform", workload: spec, numBlocks: 600, blockSize: 4))
        let prompt = run.requests[0].promptLength
        run = try run.replacingRequests([WorkloadRequest(id: 0, promptTokens: Array(repeating: 3, count: 5), outputLength: 4)])
        var runner = PagedRunner(run, checksInvariants: true)
        runner.stepForward()
        let usage = PagedUsage.measure(runner.scheduler)
        #expect(prompt > 0)
        #expect(usage.tokenStates == 5)
        #expect(usage.internalFragmentation == 3)
        #expect(usage.reserved == 0 && usage.externalFragmentation == 0)
        #expect(usage.total == 600 * 4)
    }

    @Test func barAlwaysFillsItsWidth() {
        let shares = ContiguousShares(tokenStates: 0.333, reserved: 0.333, internalFragmentation: 0.334)
        for width in [1, 7, 50] {
            #expect(ComparisonReport.bar(shares, width: width).count == width)
        }
        #expect(ComparisonReport.bar(ContiguousShares(tokenStates: 1), width: 4) == "####")
    }

    @Test func jsonNamesEveryStrategyWithItsShares() throws {
        let json = try Comparison.run(try Self.paperSetting()).json
        for name in Comparison.strategyNames { #expect(json.contains("\"name\":\"\(name)\"")) }
        for key in ["token_states", "reserved", "internal_fragmentation", "external_fragmentation",
                    "peak_concurrent_requests"] {
            #expect(json.contains("\"\(key)\":"))
        }
    }
}

import KVCore
import Testing
@testable import Engine

/// `kvviz simulate`'s engine side: runs complete, are deterministic, match the engine, and bad
/// sizes are refused with one line.
@Suite struct RunsSimulationTests {
    static func chat(requests: Int = 120, blocks: Int = 900, prefixCaching: Bool = true) throws -> WorkloadRun {
        var spec = WorkloadSpec.chat
        spec.numRequests = requests
        return try WorkloadRun(RunConfiguration(workload: spec, numBlocks: blocks, blockSize: 16,
                                                prefixCaching: prefixCaching))
    }

    @Test func simulateCompletesEveryRequest() throws {
        let report = try Simulation.run(try Self.chat())
        #expect(report.allCompleted)
        #expect(report.completedRequests == 120)
        #expect(report.generatedTokens == (try Self.chat()).requests.reduce(0) { $0 + $1.outputLength })
        #expect(report.peakUsedBlocks <= 900)
        #expect(report.preemptions > 0, "900 blocks should be tight for 120 chat requests")
    }

    @Test func sameSeedGivesTheSameRun() throws {
        let a = try Simulation.run(try Self.chat())
        let b = try Simulation.run(try Self.chat())
        #expect(a.steps == b.steps)
        #expect(a.preemptions == b.preemptions)
        #expect(a.prefixHitBlocks == b.prefixHitBlocks)
        #expect(a.peakUsedBlocks == b.peakUsedBlocks)
    }

    @Test func headlessRunnerTakesTheSameStepsAsTheEngine() throws {
        let run = try Self.chat(requests: 40, blocks: 300)
        var engine = try run.makeEngine()
        engine.runToEnd()
        let report = try Simulation.run(run, checksInvariants: true)
        #expect(report.steps == engine.step)
        #expect(report.preemptions == engine.scheduler.totalPreemptions)
        #expect(report.peakUsedBlocks == engine.scheduler.kv.stats.peakUsedBlocks)
    }

    @Test func prefixCachingHitsOnChatAndNeverWithoutIt() throws {
        let on = try Simulation.run(try Self.chat())
        let off = try Simulation.run(try Self.chat(prefixCaching: false))
        #expect(on.prefixHitRate > 0.1)
        #expect(off.prefixHitRate == 0 && off.prefixHitBlocks == 0)
    }

    @Test func blockManagerInvariantsHoldThroughARunUnderPressure() throws {
        var runner = PagedRunner(try Self.chat(requests: 60, blocks: 250), checksInvariants: false)
        while !runner.isComplete {
            runner.stepForward()
            if runner.step % 25 == 0 { #expect(runner.scheduler.kv.validate() == []) }
        }
        #expect(runner.scheduler.kv.numUsedBlocks == 0)
    }

    @Test(arguments: [(0, 16, "pool size (blocks) is 0"), (10, 0, "block size is 0"), (-3, 16, "pool size (blocks) is -3")])
    func zeroOrNegativeSizesAreRefused(blocks: Int, blockSize: Int, message: String) {
        #expect(throws: RunError.self) {
            _ = try WorkloadRun(RunConfiguration(numBlocks: blocks, blockSize: blockSize))
        }
        do {
            _ = try WorkloadRun(RunConfiguration(numBlocks: blocks, blockSize: blockSize))
        } catch {
            #expect(error.description.hasPrefix(message))
        }
    }

    @Test func aWorkloadThatCannotFitOneRequestNamesTheSizes() {
        do {
            _ = try WorkloadRun(RunConfiguration(numBlocks: 20, blockSize: 16))
            Issue.record("expected a fit error")
        } catch {
            guard case let .requestNeverFits(_, _, _, _, pool) = error else {
                Issue.record("expected requestNeverFits, got \(error)")
                return
            }
            #expect(pool == RunError.PoolSize(blockSize: 16, numBlocks: 20, capacitySlots: 320))
            #expect(error.description.contains("cannot fit even one request"))
            #expect(error.description.contains("20 blocks (320 slots)"))
        }
    }

    @Test func vmHWMIsReadFromProcStatus() {
        let status = "Name:\tkvviz\nVmHWM:\t   45312 kB\nVmRSS:\t   40000 kB\n"
        #expect(ProcessMemory.parse(status, field: "VmHWM") == 45312 * 1024)
        #expect(ProcessMemory.parse(status, field: "VmSwap") == nil)
    }
}

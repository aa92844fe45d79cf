import Foundation
import KVCore
import Testing
import Engine
@testable import KVScenario

/// `workload: {file: ...}` in a scenario: the first requests of a request trace, the path taken
/// relative to the scenario file, arrivals from the trace's times.
@Suite("Scenario trace workloads")
struct ScenarioTraceWorkloadTests {
    /// A scenario "file" in Tests/KVScenarioTests, so `../Fixtures/...` reaches the fixtures.
    static let scenarioFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("trace-scenario.yaml").path
    static let head = "title: {en: x, zh: y}\nmode: memory\npool: {blocks: 20000, block_size: 16}\nmax_model_len: 60000\n"

    static func load(_ workload: String) throws(ScenarioError) -> ScenarioRun {
        try ScenarioRun(ScenarioLoader.load(text: head + "workload: " + workload + "\n", file: scenarioFile, name: "t"),
                        file: scenarioFile)
    }

    static func message(_ workload: String) -> String {
        do {
            _ = try load(workload)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func theFirstRequestsOfATraceArriveAtTheirScaledTimes() throws {
        let run = try Self.load("{file: ../Fixtures/workloads/azure-conv-200.csv, requests: 20, time_scale: 10}")
        #expect(run.requests.count == 20)
        // The second request comes 4,314.579 ms after the first: 21 steps of 20 ms at 10x.
        #expect(run.requests[0].arrivalStep == 0 && run.requests[1].arrivalStep == 21)
        #expect(run.requests[0].maxTokens == 44)
        _ = try run.makeEngine()
    }

    @Test func mooncakeBlocksAreSharedAcrossTheScenarioRequests() throws {
        let run = try Self.load("{file: ../Fixtures/workloads/mooncake-conversation-200.jsonl, requests: 2, step_ms: 1000}")
        guard case let .tokens(first) = run.requests[0].prompt, case let .tokens(second) = run.requests[1].prompt else {
            Issue.record("trace prompts are token lists")
            return
        }
        #expect(first.prefix(512).elementsEqual(second.prefix(512)))
        #expect(!first[512..<1024].elementsEqual(second[512..<1024]))
    }

    @Test func badTraceWorkloadsAreOneLocatedLine() {
        #expect(Self.message("{file: ../Fixtures/workloads/azure-conv-200.csv, preset: chat, requests: 5}")
            == "\(Self.scenarioFile):5: workload.preset: names a generated workload, file: a trace; keep one of them")
        #expect(Self.message("{preset: chat, requests: 5, time_scale: 2}")
            .hasSuffix("workload.time_scale: applies to a trace; add file: PATH to the workload, or drop it"))
        #expect(Self.message("{file: ../Fixtures/workloads/azure-conv-200.csv, requests: 5000}")
            .hasSuffix("expected at most 2000 requests, got 5000"))
        #expect(Self.message("{file: ../Fixtures/workloads/nope.csv, requests: 5}")
            .contains("nope.csv: no such file; check the path"))
        #expect(Self.message("{file: ../Fixtures/workloads/azure-conv-200.csv, requests: 200, step_ms: 1}")
            .contains("arrives at step"))
    }
}

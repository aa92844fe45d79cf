import Engine
import Foundation
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer
import Narration

/// Small runs and states used across the visualizer tests.
enum Fixtures {
    static let prompts = ["今天天气", "Hello, how are you?", "KV cache blocks", "天气很好", "paged attention"]

    static func decoderEngine(blocks: Int = 32, requests: [EngineRequest], memory: Bool = false,
                              contiguous: ContiguousPolicy? = nil, prefixCaching: Bool = true) throws -> Engine {
        let base = MemoryBase(modelName: "toy-2L", gpuName: "toy-gpu", gpuBytes: 64 << 20, weightsBytes: 20 << 20,
                              activationBytes: 6 << 20, reserveBytes: 6 << 20, blockBytes: 1 << 20)
        let config = EngineConfig(numBlocks: blocks, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 16, maxNumSeqs: 8),
                                  prefixCaching: prefixCaching, mode: .decoder(seed: 7, temperature: 0),
                                  memory: memory ? base : nil, maxModelLen: 32, contiguousPolicy: contiguous)
        return try Engine(config: config, requests: requests)
    }

    static func chat(count: Int, maxTokens: Int = 8) -> [EngineRequest] {
        (0..<count).map { i in
            EngineRequest(id: i, arrivalStep: i, prompt: .text(prompts[i % prompts.count]), maxTokens: maxTokens)
        }
    }

    /// Two requests with the same long prompt, the second arriving later: a prefix-cache hit,
    /// plus a request with two parallel samples (a fork sharing its prompt blocks).
    static func sharing() -> [EngineRequest] {
        let prompt = "The paged attention kernel reads keys"
        return [EngineRequest(id: 0, prompt: .text(prompt), maxTokens: 6),
                EngineRequest(id: 1, arrivalStep: 3, prompt: .text(prompt + " and values"), maxTokens: 4),
                EngineRequest(id: 2, arrivalStep: 1, prompt: .text("天气很好"), maxTokens: 5, samples: 2)]
    }

    static func chapter(_ name: String = "demo", view: ViewMode = .paged,
                        script: NarrationScript = .empty,
                        make: @escaping @Sendable () throws -> Engine) -> Chapter {
        Chapter(name: name, title: LocalizedText(en: "Paged KV cache", zh: "分页 KV 缓存"),
                summary: LocalizedText(en: "A tour", zh: "导览"), initialView: view, makeEngine: make, script: script)
    }

    static func state(_ chapters: [Chapter], size: Size = Size(width: 120, height: 40), language: Language = .en,
                      colors: Bool = true, appearance: Appearance? = nil) throws -> AppState {
        try AppState(chapters: chapters, language: language, appearance: appearance ?? Appearance(colors: colors),
                     size: size)
    }

    /// A memory-only run with thousands of blocks (aggregated grid cells).
    static func largeEngine(blocks: Int = 8_000, requests: Int = 300) throws -> Engine {
        var spec = WorkloadSpec.chat
        spec.numRequests = requests
        let workload = try WorkloadGenerator(spec: spec).generate()
        let engineRequests = workload.map {
            EngineRequest(id: $0.id, arrivalStep: $0.arrivalStep, prompt: .tokens($0.promptTokens),
                          maxTokens: max(1, $0.outputLength), samples: $0.samples)
        }
        let config = EngineConfig(numBlocks: blocks, blockSize: 16, mode: .memoryOnly, maxModelLen: 4096)
        return try Engine(config: config, requests: engineRequests)
    }

    static func render(_ state: AppState) -> Canvas {
        var canvas = Canvas(size: state.size)
        view(state, into: &canvas)
        return canvas
    }

    /// Steps until `predicate` holds for the snapshot (at most `limit` steps).
    static func step(_ state: inout AppState, limit: Int = 60, until predicate: (Snapshot) -> Bool) {
        var left = limit
        while !predicate(state.snapshot), left > 0, !state.snapshot.isComplete {
            _ = dispatch(&state, .stepForward)
            left -= 1
        }
    }
}

/// Golden files: plain text frames (and ANSI for a few) under `Golden/`, rewritten when the
/// environment has RECORD_GOLDENS=1 (and that run fails, one issue per golden, so a recording
/// run is never mistaken for a passing one), otherwise compared with a line diff on mismatch.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
            // A recording run never passes: it checks nothing, so it must not look like a green run.
            let before = try? String(contentsOf: url, encoding: .utf8)
            let verdict = before == actual + "\n" ? "unchanged" : "rewritten"
            do {
                try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded golden \(name).txt (\(verdict)); look at git diff, then run again without RECORD_GOLDENS", sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record golden \(name).txt: \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; run with RECORD_GOLDENS=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
        guard expected != actual else { return }
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var diff: [String] = []
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? old[index] : "<none>"
            let b = index < new.count ? new[index] : "<none>"
            if a != b { diff.append("line \(index + 1):\n- \(a)\n+ \(b)") }
        }
        let message = "golden \(name) differs (RECORD_GOLDENS=1 rewrites):\n" + diff.prefix(12).joined(separator: "\n")
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

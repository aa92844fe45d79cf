import Testing
import Engine
import KVCore
@testable import KVScenario

/// `kv_groups:` turns on the hybrid manager: parsing, located errors, and a run to the end.
@Suite("Scenario kv_groups: hybrid KV cache groups")
struct ScenarioKVGroupsTests {
    static let head = "title: {en: x, zh: y}\npool: {blocks: 24, block_size: 4}\n"
    static let requests = """
        requests:
          - {id: 0, shared_prefix: "You are a kind tutor. ", prompt: "Hi there!", continuation: " Hello, how can I help?"}
          - {id: 1, arrival: 3, shared_prefix: "You are a kind tutor. ", prompt: "Why?", continuation: " Because."}

        """

    @Test func groupsAreRead() throws {
        let scenario = try ScenarioLoader.load(text: Self.head + "kv_groups: [full, sliding 8, sliding 16]\n" + Self.requests,
                                               file: "demos/t.yaml", name: "t")
        #expect(scenario.kvGroups == [.full, .slidingWindow(8), .slidingWindow(16)])
    }

    static let bad: [(text: String, expected: String)] = [
        ("kv_groups: []\n", "demos/t.yaml:3: kv_groups: is an empty list; give one group or more, e.g. [full, sliding 32]"),
        ("kv_groups: [full, sliding]\n", "demos/t.yaml:3: kv_groups[1]: is 'sliding'; expected 'full' or 'sliding W' with a window of 1 to 1000000 tokens"),
        ("kv_groups: [sliding 0]\n", "demos/t.yaml:3: kv_groups[0]: is 'sliding 0'; expected 'full' or 'sliding W' with a window of 1 to 1000000 tokens"),
        ("kv_groups: full\n", "demos/t.yaml:3: kv_groups: expected a list, got 'full'"),
    ]

    @Test(arguments: bad.indices)
    func badGroupsGiveOneLocatedLine(_ index: Int) {
        let (text, expected) = Self.bad[index]
        #expect(ScenarioErrorTests.message(Self.head + text + Self.requests) == expected)
    }

    @Test func swapPreemptionIsRefused() {
        let message = ScenarioErrorTests.message(Self.head + "kv_groups: [full, sliding 8]\npreemption: swap\ncpu_blocks: 8\n" + Self.requests)
        #expect(message == "demos/t.yaml:4: preemption: is swap, but kv_groups: [full, sliding 8] makes a hybrid run,"
                + " and vLLM v1's hybrid manager never swaps; use preemption: recompute")
    }

    static let gemma = """
        title: {en: x, zh: y}
        mode: memory
        model: gemma-3-27b
        gpu: h100-80gb
        pool: {blocks: 600, block_size: 16}
        max_model_len: 4096
        cpu_blocks: 8

        """

    /// A model whose layers make the run hybrid, with no `kv_groups:` in the file: the error
    /// names the model and its layers (not a `kv_groups:` the user never wrote) and the fix, at
    /// the line that asked for swap (the top-level key, or the request's own).
    @Test func swapOnAHybridModelNamesTheModel() {
        let top = ScenarioErrorTests.message(Self.gemma + "preemption: swap\nrequests: [{id: 0, prompt_tokens: 1200, max_tokens: 40}]\n")
        #expect(top == "demos/t.yaml:8: preemption: is swap, but model: gemma-3-27b is a hybrid model: its 10 full-attention"
                + " and 52 sliding-window layers (window 1,024 tokens) run as 7 KV-cache groups, and vLLM v1's hybrid"
                + " manager never swaps; use preemption: recompute")
        let perRequest = ScenarioErrorTests.message(Self.gemma + "requests:\n  - {id: 0, prompt_tokens: 1200, max_tokens: 40}\n"
                                                    + "  - {id: 1, prompt_tokens: 30, max_tokens: 4, preemption: swap}\n")
        #expect(perRequest.hasPrefix("demos/t.yaml:10: requests[1].preemption: is swap, but model: gemma-3-27b is a hybrid model"),
                "\(perRequest)")
        #expect(!perRequest.contains("kv_groups"))
    }

    /// The run reaches the end with every invariant holding after every step (debug builds
    /// check after every operation); the sliding group returned blocks behind its window, B hit
    /// the shared prompt in both groups, and the pool ends empty.
    @Test func aHybridRunReachesTheEnd() throws {
        let scenario = try ScenarioLoader.load(text: Self.head + "kv_groups: [full, sliding 8]\n" + Self.requests,
                                               file: "demos/t.yaml", name: "t")
        var engine = try ScenarioRun(scenario, file: "demos/t.yaml").makeEngine()
        var hit = false
        while !engine.isComplete {
            engine.stepForward()
            try engine.scheduler.kv.checkInvariants()
            hit = hit || (engine.scheduler.requests[RequestID(1)]?.prefixHitBlocks ?? 0) > 0
        }
        let kv = try #require(engine.scheduler.kv as? HybridKVCacheManager)
        #expect(kv.hybridStats.freedBehindWindow > 0)
        #expect(hit)
        #expect(kv.numUsedBlocks == 0)
    }

    /// The snapshot owns every held block, the sliding group's ones marked with their group:
    /// each block in use has an owner, and the group-1 owners are exactly A's sliding table.
    @Test func theSnapshotMarksTheSlidingGroupsBlocks() throws {
        let scenario = try ScenarioLoader.load(text: Self.head + "kv_groups: [full, sliding 8]\n" + Self.requests,
                                               file: "demos/t.yaml", name: "t")
        var engine = try ScenarioRun(scenario, file: "demos/t.yaml").makeEngine()
        for _ in 0 ..< 6 { engine.stepForward() }
        let kv = try #require(engine.scheduler.kv as? HybridKVCacheManager)
        let seq = engine.scheduler.sequence(RequestID(0))
        let sliding = kv.blockTable(of: seq, group: 1).compactMap { $0 }
        #expect(!sliding.isEmpty && sliding.count < kv.blockTable(of: seq, group: 1).count, "A's window left blocks behind")
        let marked = engine.snapshot.blocks.filter { $0.owners.contains { $0.request == RequestID(0) && $0.group == 1 } }.map(\.id)
        #expect(Set(marked) == Set(sliding))
        #expect(engine.snapshot.blocks.allSatisfy { $0.refCount == 0 || !$0.owners.isEmpty })
    }

    /// A scenario naming a hybrid model gets the model's groups without naming them: Gemma-3-27B
    /// is one full group and six sliding groups of 1,024 tokens (10 full and 52 sliding layers in
    /// groups of 10); its pool block is one page of a group's 10 layers, not of all 62; and a
    /// file's own `kv_groups:` still wins. A run on the derived groups frees blocks behind the
    /// window of every sliding group.
    @Test func aHybridModelBringsItsGroups() throws {
        let text = """
            title: {en: x, zh: y}
            mode: memory
            model: gemma-3-27b
            gpu: h100-80gb
            pool: {blocks: 600, block_size: 16}
            max_model_len: 4096
            requests: [{id: 0, prompt_tokens: 1200, max_tokens: 40}]

            """
        let derived = try ScenarioRun(ScenarioLoader.load(text: text, file: "demos/t.yaml", name: "t"), file: "demos/t.yaml")
        #expect(derived.config.kvGroups == [.full] + Array(repeating: .slidingWindow(1024), count: 6))
        // 16 tokens x 10 layers x 2 (K, V) x 16 KV heads x 128 dims x 2 bytes.
        #expect(derived.config.memory?.blockBytes == 16 * 10 * 2 * 16 * 128 * 2)
        var engine = try derived.makeEngine()
        while !engine.isComplete { engine.stepForward() }
        let kv = try #require(engine.scheduler.kv as? HybridKVCacheManager)
        // Each sliding group keeps the blocks of the last 1,024 tokens of 1,240: by the last
        // token it has returned the (1,239 - 1,024) / 16 = 13 whole blocks before them (12 at
        // least once the prompt is in), six groups over.
        #expect(kv.hybridStats.freedBehindWindow >= 6 * 12)
        let named = try ScenarioRun(ScenarioLoader.load(text: text + "kv_groups: [full, sliding 32]\n", file: "demos/t.yaml", name: "t"),
                                    file: "demos/t.yaml")
        #expect(named.config.kvGroups == [.full, .slidingWindow(32)])
        let uniform = try ScenarioRun(ScenarioLoader.load(text: text.replacingOccurrences(of: "gemma-3-27b", with: "llama-3-8b"),
                                                          file: "demos/t.yaml", name: "t"), file: "demos/t.yaml")
        #expect(uniform.config.kvGroups == nil)
    }
}

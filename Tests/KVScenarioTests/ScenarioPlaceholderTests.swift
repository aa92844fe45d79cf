import Testing
import Engine
import KVCore
@testable import KVScenario
import Narration

/// Narration placeholders: parsed once at load time, checked against the file, filled from the
/// engine and the memory model when shown.
@Suite("Narration placeholders")
struct ScenarioPlaceholderTests {
    typealias Segment = NarrationTemplate.Segment

    func problem(_ text: String) -> String? {
        switch NarrationTemplate.parse(text) {
        case .success: return nil
        case let .failure(problem): return problem.description
        }
    }

    @Test func textSplitsIntoLiteralsAndPlaceholdersWithArguments() throws {
        let template = try NarrationTemplate.parse("K/V {kv_computed_total} of {kv_bytes  model=llama-2-70b seq_len=4096}.").get()
        var arguments = PlaceholderArguments()
        arguments.model = try ModelPreset.named("llama-2-70b")
        arguments.seqLen = 4096
        #expect(template.segments == [
            .literal("K/V "), .placeholder(Placeholder(.kvComputedTotal)), .literal(" of "),
            .placeholder(Placeholder(.kvBytes, arguments)), .literal("."),
        ])
    }

    @Test func doubledBracesAreLiteralBraces() throws {
        let template = try NarrationTemplate.parse("{{step}} is {step}}}").get()
        #expect(template.segments == [.literal("{step} is "), .placeholder(Placeholder(.step)), .literal("}")])
    }

    @Test func chineseTextAroundPlaceholdersIsKept() throws {
        let template = try NarrationTemplate.parse("第 {step} 步：已用 {used_blocks} 块。").get()
        #expect(template.render { $0.kind == .step ? "3" : "5" } == "第 3 步：已用 5 块。")
    }

    @Test func badTemplatesSayWhatIsWrong() {
        #expect(problem("{bogus}")?.hasPrefix("unknown placeholder {bogus}; known: ") == true)
        // A typo names the placeholder it most likely meant (a swap of two letters is one edit).
        #expect(problem("{used_blokcs}")?.hasPrefix("unknown placeholder {used_blokcs}; did you mean {used_blocks}? known: ") == true)
        #expect(problem("{kv_usd}")?.hasPrefix("unknown placeholder {kv_usd}; did you mean {kv_used}? known: ") == true)
        #expect(problem("{gp}")?.hasPrefix("unknown placeholder {gp}; known: ") == true)
        #expect(problem("{request_tokens}") == "placeholder {request_tokens} needs request=...")
        #expect(problem("{kv_bytes color=red}") == "placeholder {kv_bytes} takes no 'color'; it takes model, seq_len, batch, kv_heads, dtype, unit")
        #expect(problem("{step now}") == "placeholder {step}: 'now' is not key=value")
        #expect(problem("{step") == "a '{' is never closed; write '{{' for a brace")
        #expect(problem("a } b") == "a lone '}'; write '}}' for a brace")
        #expect(problem("{}") == "an empty placeholder {}")
        #expect(problem("plain text, no figures") == nil)
        #expect(problem("{used_blocks anchored}")?.hasPrefix("placeholder {used_blocks anchored} keeps the value of the step the cue fired at; write that step in the same text with {anchor}") == true)
        #expect(problem("{used_blocks anchored=8}") == "placeholder {used_blocks}: 'anchored=8' takes no value; write {used_blocks anchored} and {anchor} in the same text")
        #expect(problem("{anchor 8}") == "{anchor} takes nothing; it writes the step the cue fired at")
        #expect(problem("at {anchor}: {used_blocks anchored}") == nil)
    }

    @Test func renderAsksTheResolverAndGivesNoTextWhenAFigureHasNoValue() throws {
        let template = try NarrationTemplate.parse("{used_blocks} of {num_blocks} ({request_blocks request=2})").get()
        var asked: [String] = []
        let text = template.render { (placeholder: Placeholder, _: Bool) in
            asked.append(placeholder.name + (placeholder.arguments.request.map { "=\($0)" } ?? ""))
            return placeholder.kind == .numBlocks ? nil : "4"
        }
        // Never "4 of ? (4)": a figure without a value makes the whole text absent.
        #expect(text == nil)
        #expect(asked == ["used_blocks", "num_blocks"])
        #expect(template.render { (_: Placeholder, _: Bool) in "4" } == "4 of 4 (4)")
    }

    /// Every argument is read into its own typed field, and a value it does not accept is refused
    /// with what it accepts.
    @Test func everyArgumentIsReadIntoItsField() {
        let valid: [PlaceholderArgument: String] = [
            .request: "1", .requests: "0,1", .block: "3", .model: "llama-2-7b", .dtype: "fp8", .unit: "decimal",
            .seqLen: "4096", .batch: "2", .kvHeads: "8", .n: "4", .policy: "pow2", .term: "kv_tokens",
            .gpu: "h100-80gb", .util: "0.9", .vllm: "0.18", .tp: "2", .dp: "2", .batched: "512", .maxModelLen: "2048",
        ]
        for argument in PlaceholderArgument.allCases {
            var arguments = PlaceholderArguments()
            #expect(!arguments.has(argument))
            #expect(valid[argument] != nil, "no sample value for \(argument.rawValue)=")
            let text = valid[argument] ?? ""
            #expect(arguments.set(argument, from: text) == nil, "\(argument.rawValue)=\(text) refused")
            #expect(arguments.has(argument), "\(argument.rawValue)= is not kept")
            var refused = PlaceholderArguments()
            #expect(refused.set(argument, from: "-x") != nil, "\(argument.rawValue)=-x accepted")
            #expect(!refused.has(argument))
        }
    }

    /// The one list: every case of `Placeholder` parses, and has a value in a scenario that gives
    /// it what it needs (its required arguments, a model, a contiguous baseline, an event).
    @Test func everyPlaceholderHasAValue() throws {
        let run = try ScenarioRun(ScenarioLoader.load(text: """
            title: {en: x, zh: y}
            mode: memory
            model: llama-2-7b
            gpu: h100-80gb
            contiguous: max
            preemption: swap
            cpu_blocks: 4
            run_until: both
            requests: [{id: 0, prompt_tokens: 40, max_tokens: 8}, {id: 1, prompt_tokens: 20, max_tokens: 8}]

            """, file: "t.yaml", name: "t"), file: "t.yaml")
        var engine = try run.makeEngine()
        engine.stepForward()
        let values = NarrationValues(config: run.config, scenario: run.scenario)
        var facts = NarrationEventFacts()
        facts.requests = [RequestID(0)]
        facts.blocks = [BlockID(0)]
        facts.copies = [(from: BlockID(0), to: BlockID(1))]
        let given = ["request": "0", "requests": "0,1", "block": "0", "n": "4", "term": "kv_tokens"]
        // Figures of a moment that has not come at step 1: the paged server finishing (read at
        // the end of the run below) and a contiguous request blocked by a too-small hole
        // (RestagedMomentsTests reads those in the fragmentation walkthrough).
        let atTheEnd: Set<Placeholder.Kind> = [.contiguousStepsLeft, .pagedFinishStep, .contiguousFinishStep, .contiguousLag]
        let whenBlocked: Set<Placeholder.Kind> = [.contiguousBlockedRequest, .contiguousBlockedSlots]
        func check(_ placeholders: [Placeholder.Kind]) {
            for placeholder in placeholders {
                let arguments = given.filter { placeholder.arguments.required.map(\.rawValue).contains($0.key) }
                let text = "{\(placeholder.rawValue)\(arguments.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined())}"
                #expect((try? NarrationTemplate.parse(text).get()) != nil, "\(text) does not parse")
                let value = values.value(placeholder.rawValue, arguments, snapshot: engine.snapshot, facts: facts)
                #expect(value != nil, "\(text) has no value at step \(engine.snapshot.step)")
            }
        }
        // MLA's dims exist for an MLA model only (sizingQuotesTheMemoryPlan reads them).
        let mlaOnly: Set<Placeholder.Kind> = [.modelLatentDim, .modelRopeDim]
        check(Placeholder.Kind.allCases.filter { !atTheEnd.contains($0) && !whenBlocked.contains($0) && !mlaOnly.contains($0) })
        while !engine.isComplete { engine.stepForward() }
        check(Array(atTheEnd))
    }

    /// vLLM's "KV cache usage" counts blocks: ten requests of 17 or 18 tokens in 2 blocks of 16
    /// each hold 20 of 30 blocks (66.7%) but 175 of 480 token slots (36.5%).
    @Test func kvCacheUsageCountsBlocksNotTokens() throws {
        let requests = (0..<10).map { "{id: \($0), prompt_tokens: \(17 + $0 % 2), max_tokens: 4}" }.joined(separator: ", ")
        let run = try ScenarioRun(ScenarioLoader.load(text: """
            title: {en: x, zh: y}
            mode: memory
            prefix_caching: false
            pool: {blocks: 30, block_size: 16}
            scheduler: {max_num_batched_tokens: 256, max_num_seqs: 16}
            requests: [\(requests)]

            """, file: "t.yaml", name: "t"), file: "t.yaml")
        var engine = try run.makeEngine()
        engine.stepForward()
        let values = NarrationValues(config: run.config, scenario: run.scenario)
        let value = { (name: String) in values.value(name, [:], snapshot: engine.snapshot, facts: NarrationEventFacts()) }
        #expect(value("used_blocks") == "20")
        #expect(value("kv_cache_usage") == "66.7%")
        #expect(value("paged_memory_used") == "36.5%")
    }

    /// `{sizing}` is `kvviz memory`'s plan: without arguments the pool on screen; with them the
    /// #10517 case (Llama-3-8B on an RTX 3090 refuses max_model_len 29,000 when the profiling run
    /// batches the whole prompt, starts with 512 or 2,048 tokens) and MLA under TP and DP.
    @Test func sizingQuotesTheMemoryPlan() throws {
        let run = try ScenarioRun(ScenarioLoader.load(text: """
            title: {en: x, zh: y}
            mode: memory
            model: llama-3-8b
            gpu: rtx3090-24gb
            max_model_len: 20000
            scheduler: {max_num_batched_tokens: 20000, max_num_seqs: 256}
            requests: [{id: 0, prompt_tokens: 100, max_tokens: 4}]

            """, file: "t.yaml", name: "t"), file: "t.yaml")
        let engine = try run.makeEngine()
        let values = NarrationValues(config: run.config, scenario: run.scenario)
        func value(_ arguments: [String: String]) -> String? {
            values.value("sizing", arguments, snapshot: engine.snapshot)
        }
        let blockSize = engine.snapshot.blockSize
        #expect(value(["term": "blocks"]) == ByteCount.grouped(engine.snapshot.numBlocks))
        #expect(value(["term": "kv_tokens"]) == ByteCount.grouped(engine.snapshot.numBlocks * blockSize))
        #expect(value(["term": "weights"]) == values.value("weights", [:], snapshot: engine.snapshot))
        #expect(value(["term": "kv_budget"]) == values.value("kv_pool", [:], snapshot: engine.snapshot))
        func tokens(_ arguments: [String: String]) throws -> Int {
            let text = try #require(value(arguments.merging(["term": "kv_tokens"]) { a, _ in a }))
            return try #require(Int(text.filter(\.isNumber)))
        }
        #expect(try tokens(["batched": "29000"]) < 29_000)
        #expect(try tokens(["batched": "512"]) >= 35_000)
        #expect(try tokens(["batched": "2048"]) >= 29_000)
        #expect(try tokens(["batched": "29000", "util": "0.95"]) >= 29_000)
        // MLA: the latent is whole on every TP rank, so 8 DP engines hold 8 times the tokens.
        let mla = ["model": "deepseek-v3", "gpu": "h200-141gb", "tp": "8"]
        #expect(value(mla.merging(["term": "kv_per_token"]) { a, _ in a }) == "68.63 KiB")
        #expect(try tokens(mla.merging(["dp": "8"]) { a, _ in a }) == 8 * tokens(mla))
        #expect(values.value("model_latent_dim", ["model": "deepseek-v3"], snapshot: engine.snapshot) == "512")
        #expect(values.value("model_rope_dim", ["model": "deepseek-v3"], snapshot: engine.snapshot) == "64")
        #expect(values.value("model_latent_dim", [:], snapshot: engine.snapshot) == nil)
        // A setup that does not fit has no figure (the loader's check then reports the cue).
        #expect(value(["term": "kv_tokens", "model": "deepseek-v3"]) == nil)
        // A hybrid model's grouping, by hand: Gemma-3-27B has 62 layers, every sixth full (10),
        // 52 sliding; groups of min(10, 52) = 10 layers: 1 full + ceil(52 / 10) = 6 sliding, whose
        // 60 places hold 52 layers and 8 padding layers, at most 8 / 52 = 15.38% wasted.
        let gemma = ["model": "gemma-3-27b", "gpu": "h100-80gb"]
        let layout = ["full_layers": "10", "sliding_layers": "52", "group_size": "10", "kv_groups": "7",
                      "padding_layers": "8", "padding_waste": "15.38%"]
        for (term, expected) in layout {
            #expect(value(gemma.merging(["term": term]) { a, _ in a }) == expected, "\(term)")
        }
        // vLLM before 0.15 kept one group of every layer; a model without a window has no padding.
        #expect(value(gemma.merging(["term": "kv_groups", "vllm": "0.10"]) { a, _ in a }) == "1")
        #expect(value(["term": "padding_waste", "model": "llama-2-7b"]) == "0.00%")
        #expect(value(["term": "sliding_layers", "model": "llama-2-7b"]) == "0")
    }

    @Test func workloadRequestIdsMayBeNamed() throws {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: x, zh: y}
            mode: memory
            model: llama-2-7b
            gpu: a100-80gb
            requests: [{id: 0, prompt_tokens: 8, max_tokens: 2}]
            workload: {preset: uniform, requests: 3}
            narration:
              - {on: finished, request: 3, en: "{request_tokens request=3}", zh: "{request_tokens request=1}"}
            """, file: "t.yaml", name: "t")
        #expect(scenario.narration.count == 1)
    }

    /// The chapter's figures, computed by the memory model at render time rather than typed in.
    @Test func memoryFiguresMatchTheChapter() throws {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: x, zh: y}
            pool: {blocks: 8, block_size: 4}
            requests: [{prompt: ab, max_tokens: 2}]
            narration:
              - step: 0
                en: "{kv_bytes model=llama-2-7b seq_len=512 unit=exact}|{kv_bytes model=llama-2-7b seq_len=4096}|{kv_bytes model=llama-2-70b seq_len=4096 unit=decimal}|{kv_bytes model=llama-2-70b seq_len=4096 kv_heads=64 unit=exact}|{gqa_saving model=llama-2-70b}|{cache_saving n=1000}"
                zh: "共 {num_blocks} 块，每块 {block_size} 个槽"
            """, file: "t.yaml", name: "t")
        let run = try ScenarioRun(scenario, file: "t.yaml")
        let engine = try run.makeEngine()
        var track = NarrationTrack(script: run.script())
        track.record(engine.snapshot)
        let text = try #require(track.text(for: engine.snapshot))
        #expect(text.en?.split(separator: "|") == [
            "268,435,456 B", "2 GiB", "1.34 GB", "10,737,418,240 B", "8×", "500.5×",
        ])
        #expect(text.zh == "共 8 块，每块 4 个槽")
    }
}

/// Placeholder counts near Int.max once trapped on overflow (issue 14); they are now refused at
/// load with a ceiling, and the largest accepted values render without a trap.
@Suite("Narration placeholders at their ceilings")
struct ScenarioPlaceholderCeilingTests {
    static let head = "title: {en: x, zh: y}\nmode: memory\nmodel: llama-2-7b\ngpu: h100-80gb\ncontiguous: max\n"
        + "requests: [{prompt_tokens: 3, max_tokens: 5}]\nnarration:\n"

    static func load(_ placeholder: String) throws(ScenarioError) -> ScenarioRun {
        let text = head + "  - {step: 0, en: \"{\(placeholder)}\", zh: y}\n"
        return try ScenarioRun(ScenarioLoader.load(text: text, file: "t.yaml", name: "t"), file: "t.yaml")
    }

    @Test(arguments: ["cache_saving n=9223372036854775807", "max_concurrent seq_len=9223372036854775807",
                      "kv_bytes kv_heads=9223372036854775807", "kv_bytes seq_len=99999999999999999999",
                      "kv_bytes_per_token kv_heads=4097", "kv_bytes batch=65537"])
    func hugeCountsAreRefusedAtLoad(placeholder: String) {
        do {
            _ = try Self.load(placeholder)
            Issue.record("accepted {\(placeholder)}")
        } catch {
            #expect(error.description.hasPrefix("t.yaml:8: narration[0].en: placeholder {"))
            #expect(error.description.contains("expects a positive integer"))
        }
    }

    @Test func theLargestAcceptedCountsRenderWithoutATrap() throws {
        let cases = [
            ("cache_saving n=1048576", "524288.5×"),
            ("kv_bytes model=llama-2-70b seq_len=16777216 batch=65536 kv_heads=4096", "> 8 EiB"),
            ("kv_bytes_per_token model=llama-2-70b kv_heads=4096 unit=exact", "167,772,160 B"),
        ]
        for (placeholder, expected) in cases {
            let run = try Self.load(placeholder)
            let engine = try run.makeEngine()
            let values = NarrationValues(config: run.config, scenario: run.scenario)
            let template = try NarrationTemplate.parse("{\(placeholder)}").get()
            let text = template.render { values.value($0, snapshot: engine.snapshot) }
            #expect(text == expected, "\(placeholder)")
        }
        let run = try Self.load("max_concurrent seq_len=16777216")
        let values = NarrationValues(config: run.config, scenario: run.scenario)
        #expect(values.value("max_concurrent", ["seq_len": "16777216"], snapshot: try run.makeEngine().snapshot) == "0")
    }
}

extension NarrationValues {
    /// The figure of a placeholder written as a walkthrough writes it (`name key=value ...`),
    /// parsed as the loader parses it; nil when it does not parse or has no value.
    func value(_ name: String, _ arguments: [String: String], snapshot: Snapshot,
               facts: NarrationEventFacts? = nil) -> String? {
        let words = [name] + arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        guard case let .success(template) = NarrationTemplate.parse("{" + words.joined(separator: " ") + "}"),
              let placeholder = template.placeholders.first else { return nil }
        return value(placeholder, snapshot: snapshot, facts: facts)
    }
}

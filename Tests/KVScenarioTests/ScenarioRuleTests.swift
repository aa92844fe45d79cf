import Testing
import KVBase
import KVCore
@testable import KVScenario
import Narration

/// Every broken rule of a walkthrough file is a typed case worded in one place: each case
/// renders to its line, and loading a broken file gives the case, not a sentence.
@Suite("Scenario rules")
struct ScenarioRuleTests {
    typealias Rule = ScenarioError.Rule

    /// Every case of `ScenarioError.Rule` with the line it renders to.
    static let lines: [(Rule, String)] = [
        (.emptyFile(.scenario), "is empty; a scenario needs at least a title and requests"),
        (.emptyFile(.recordedWalkthrough), "is empty; a recorded walkthrough needs a title, a recording and narration"),
        (.missingTitle, "needs a title: {en: ..., zh: ...}"),
        (.swapInHybridRun(.model(named: "model: gemma-3-27b", fullLayers: 10, slidingLayers: 52, window: 1024, groups: 7)),
         "is swap, but model: gemma-3-27b is a hybrid model: its 10 full-attention and 52 sliding-window layers (window 1,024 tokens) run as 7 KV-cache groups, and vLLM v1's hybrid manager never swaps; use preemption: recompute"),
        (.swapInHybridRun(.kvGroups(["full", "sliding 32"])),
         "is swap, but kv_groups: [full, sliding 32] makes a hybrid run, and vLLM v1's hybrid manager never swaps; use preemption: recompute"),
        (.missingText(language: "en"), "needs an 'en' text"),
        (.missingText(language: "zh"), "needs a 'zh' text"),
        (.missingCount(key: "block_size"), "needs block_size: N"),
        (.missingPrompt, "needs a prompt: text or prompt_tokens: N"),
        (.missingMaxTokens, "needs max_tokens: N (or a continuation to emit)"),
        (.missingTrigger, "needs step: N or on: EVENT to say when it shows"),
        (.missingScopeEvent(events: [.preempted, .evicted]), "needs on: EVENT (preempted, evicted)"),
        (.missingPool, "is missing; give pool: {blocks: N, block_size: B}, or model: and gpu: to size the pool as vLLM would"),
        (.noRequests, "has no requests; add a requests: list or a workload:"),
        (.missingRecording, "needs recording: FILE.kvlive (a recording made with kvviz attach --record)"),
        (.missingRecordedNarration, "needs narration: a list of cues with frame:, en: and zh:"),
        (.missingFrame, "needs frame: N (the frame of the recording it shows at, 0 = before the first)"),
        (.noRecordedCues, "has no cues; give at least one with frame:, en: and zh:"),
        (.emptyPrompt, "is empty; give the prompt some text"),
        (.noPicture, "lists no picture; expected one or more of " + NarrationPicture.allCases.map(\.rawValue).joined(separator: ", ")),
        (.noMode, "names no mode; give prefix_caching:, contiguous: or view:"),
        (.emptyModeList, "is an empty list; name at least one"),
        (.noKVGroups, "is an empty list; give one group or more, e.g. [full, sliding 32]"),
        (.eitherOr("prompt", "prompt_tokens"), "give either prompt or prompt_tokens, not both"),
        (.presetAndTrace, "names a generated workload, file: a trace; keep one of them"),
        (.configAndModel(modelLine: 7), "and model: (line 7) both name the model; keep one of them"),
        (.blockSizeTwice(given: 16, pool: 4), "is 16 but pool.block_size is 4; give the block size once"),
        (.traceOptionWithoutTrace, "applies to a trace; add file: PATH to the workload, or drop it"),
        (.eventFieldsOnStepCue, "request and once go with on:, not step:"),
        (.eventOfNoRequest(.evicted), "on: evicted is not about one request; remove request:"),
        (.focusWithoutShow, "focus: names the request a picture shows; add show: [mapping] or remove focus:"),
        (.keyTwice(firstLine: 3), "appears twice in one mapping (first on line 3); keep one"),
        (.pictureTwice(.freeQueue), "names free_queue twice; keep one"),
        (.requestIDTwice(5), "5 is used twice; give every request its own id"),
        (.needsModel(for: .gpu), "needs a model: (or config:) too; the GPU is only used to size a model's memory"),
        (.needsModel(for: .tensorParallel), "needs a model: (or config:) too; tensor parallelism only splits a model's memory"),
        (.claimNeedsMemoryPicture(claim: "weights > 1"),
         "'weights > 1' needs a memory picture: add a top-level model: (memory mode has no toy model)"),
        (.claimNeedsContiguous(claim: "holes > 0"), "'holes > 0' needs a contiguous baseline: add contiguous: max or view: compare"),
        (.promptTokensInDecoder, "needs mode: memory; the decoder runs on prompt text"),
        (.workloadInDecoder, "generates token ids, not text; add mode: memory"),
        (.beamsNeedDecoder, "needs mode: decoder; beam search scores the toy decoder's logits"),
        (.beamsWithSamples(samples: 3), "cannot be combined with n = 3; use one of them"),
        (.beamsWithContinuations, "chooses tokens by score; remove the continuations"),
        (.beamsAboveMaxNumSeqs(width: 6, maxNumSeqs: 4), "is 6 beams, above scheduler.max_num_seqs 4; lower it or raise max_num_seqs"),
        (.atMost(20_000, noun: "requests", got: 30_000), "expected at most 20000 requests, got 30000"),
        (.outsideRange(9, range: 1...8, noun: "beams"), "expected 1 to 8 beams, got 9"),
        (.blockOutsidePool(block: 9, blocks: 8), "block 9 is not in the pool; expected 0 to 7"),
        (.scopeNotAfterCue(step: 2, cueStep: 4), "step 2 is not after the cue's step 4; the cue would never show"),
        (.frameNotAfter(frame: 3, previous: 5),
         "frame 3 is not after the previous cue's frame 5; list cues in frame order, one per frame"),
        (.kvGroup("sliding"), "is 'sliding'; expected 'full' or 'sliding W' with a window of 1 to 1000000 tokens"),
        (.continuationsAboveSamples(texts: 3, samples: 2), "has 3 texts for n = 2 samples"),
        (.longerThanModelLen(tokens: 40, maxModelLen: 32),
         "the request needs 40 tokens but max_model_len is 32; raise max_model_len or shorten the request"),
        (.neverFits(tokens: 40, blocks: 10, blockSize: 4, poolBlocks: 8),
         "the request can never fit: 40 tokens need 10 blocks of 4 but the pool has 8; shorten it or grow pool.blocks"),
        (.lateTraceArrival(request: 12, step: 10_500, maxArrival: 10_000),
         "the trace's request 12 arrives at step 10500, after step 10000; raise time_scale or read fewer requests"),
        (.pool(.tooManyBlocks(blocks: 300_000, blockSize: 16, maximum: 200_000), sized: false),
         "300000 blocks of 16 slots are more than the 200000 blocks a walkthrough may show: use larger blocks, or give pool: {blocks, block_size}"),
        (.pool(.decoderSlots(blocks: 2_000, blockSize: 16, slots: 32_000, maximum: 16_384), sized: true),
         "for this model and GPU, 2000 blocks of 16 slots hold 32000 token slots; the toy decoder keeps at most 16384: use fewer blocks, or mode: memory"),
        (.pool(.decoderSlots(blocks: Int.max, blockSize: 16, slots: nil, maximum: 16_384), sized: false),
         "\(Int.max) blocks of 16 slots hold too many token slots; the toy decoder keeps at most 16384: use fewer blocks, or mode: memory"),
        (.pool(.footprint(blocks: 100_000, blockSize: 1_024, bytes: 64 << 20, maximum: 32 << 20), sized: false),
         "100000 blocks of 1024 slots need 64 MiB each time the engine keeps a copy, above the 32 MiB ceiling: use fewer blocks or a smaller block_size"),
        (.pool(.footprint(blocks: 100_000, blockSize: 1_024, bytes: nil, maximum: 32 << 20), sized: false),
         "100000 blocks of 1024 slots need more than 8 EiB each time the engine keeps a copy, above the 32 MiB ceiling: use fewer blocks or a smaller block_size"),
    ]

    @Test func everyRuleRendersItsLine() {
        for (rule, line) in Self.lines {
            #expect(ScenarioError.Problem.rule(rule).text == line)
            #expect(ScenarioError(file: "w.yaml", line: 4, field: "pool", .rule(rule)).description == "w.yaml:4: pool: " + line)
        }
    }

    /// The lower layers' problems keep their own types and words.
    @Test func theLayersBelowKeepTheirTypes() {
        let failure: InputFile.Failure
        do {
            _ = try InputFile.read("/nonexistent/w.yaml", limit: 1024, expecting: "a walkthrough")
            Issue.record("a missing file was read")
            return
        } catch {
            failure = error
        }
        let cases: [(ScenarioError.Problem, String)] = [
            (.unreadable(failure), "no such file; check the path"),
            (.tooLarge(limit: 1024), "is more than 1024 bytes, the limit for a scenario file"),
            (.notUTF8, "is not UTF-8 text; save it as UTF-8"),
            (.syntax("did not find expected key", column: 3), "YAML syntax error: did not find expected key (column 3)"),
            (.unreadableCharacter("control characters are not allowed"),
             "cannot be read: control characters are not allowed; remove the character or save the file as plain UTF-8 text"),
            (.yaml("bad"), "YAML error: bad"),
            (.bounds(.tooDeep(depth: 300, maximum: 256)),
             "nests 300 levels deep (indentation, list entries and brackets), more than the 256 allowed; flatten it"),
            (.bounds(.aliasesExpand(alias: "a", maximum: 10_000)),
             "its aliases (*a and earlier ones) expand to more than 10000 nodes; write the repeated parts out or alias less"),
            (.recordingText(.loneClosingBrace), "a lone '}'; write '}}' for a brace"),
            (.recordingText(.unclosedBrace), "a '{' is never closed; write '{{' for a brace"),
            (.recordingText(.unknownFigure("x")),
             "unknown figure {x}; a recorded walkthrough quotes one of " + RecordingFigure.allCases.map(\.rawValue).joined(separator: ", ")),
            (.unparsed("oops"), "cannot be parsed: oops"),
            (.config(ModelConfigError(file: "c.json", field: "num_heads", .missing)),
             "c.json: field 'num_heads' is missing: kvviz needs it to size the model; copy it from the model's config.json"),
            (.memory(.notPositive(.blockSize, 0)), MemoryError.notPositive(.blockSize, 0).message),
            (.trace(RequestTraceError(path: "t.csv", line: nil, .headerOnly)), "t.csv: has a header but no requests; add request lines"),
            (.engine(.invalidRequest(request: 2, .emptyPrompt)), "request 2: prompt is empty; give it at least one token"),
        ]
        for (problem, line) in cases {
            #expect(problem.text == line)
        }
    }

    private func problem(_ text: String, run: Bool = false) -> ScenarioError.Problem? {
        do {
            let scenario = try ScenarioLoader.load(text: text, file: "t.yaml", name: "t")
            if run { _ = try ScenarioRun(scenario, file: "t.yaml") }
            return nil
        } catch {
            return error.problem
        }
    }

    /// A broken file gives the typed case with the values it is about.
    @Test func aBrokenFileGivesItsTypedRule() {
        let head = ScenarioErrorTests.head
        #expect(problem(head + "requests: [{prompt: ab, prompt_tokens: 2, max_tokens: 2}]\n")
            == .rule(.eitherOr("prompt", "prompt_tokens")))
        #expect(problem(head + "requests: [{prompt: ab, max_tokens: 40}]\n")
            == .rule(.neverFits(tokens: 42, blocks: 11, blockSize: 4, poolBlocks: 8)))
        #expect(problem(head + "requests: [{prompt: ab, max_tokens: 2, beam_width: 9}]\n")
            == .rule(.outsideRange(9, range: 1...8, noun: "beams")))
        #expect(problem("title: {en: x, zh: y}\nrequests: [{prompt: ab, max_tokens: 2}]\n", run: true) == .rule(.missingPool))
        #expect(problem("title: {en: x}\n") == .rule(.missingText(language: "zh")))
        #expect(problem(head + "gpu: a100-80gb\n") == .rule(.needsModel(for: .gpu)))
        #expect(problem("") == .rule(.emptyFile(.scenario)))
        guard case .memory? = problem(head.replacingOccurrences(of: "pool: {blocks: 8, block_size: 4}\n", with: "")
            + "mode: memory\nmodel: llama-2-70b\ngpu: a100-40gb\nrequests: [{prompt: ab, max_tokens: 2}]\n", run: true) else {
            Issue.record("a model too large for its GPU is not the memory model's typed error")
            return
        }
    }
}

import KVCore
import Narration

extension ScenarioError {
    /// A rule of a walkthrough file broken: a field missing, two fields that exclude each other,
    /// one that needs another, a number past what the pool, the model or the decoder allows. Each
    /// case keeps the values involved; `text` words it, with its fix, here only.
    public enum Rule: Equatable, Sendable {
        // MARK: Something missing
        /// The file has no content at all.
        case emptyFile(FileKind)
        case missingTitle
        /// A bilingual text without one of its languages (`en`, `zh`).
        case missingText(language: String)
        /// A count a mapping needs (`requests`, `blocks`, `block_size`).
        case missingCount(key: String)
        case missingPrompt
        case missingMaxTokens
        case missingTrigger
        /// `until: {request: 2}` without its event.
        case missingScopeEvent(events: [NarrationEventKind])
        case missingPool
        case noRequests
        case missingRecording
        case missingRecordedNarration
        case missingFrame
        case noRecordedCues
        /// An empty `prompt:`.
        case emptyPrompt
        /// `show: []`.
        case noPicture
        /// `describes: {}`.
        case noMode
        /// `describes: {view: []}`.
        case emptyModeList
        /// `kv_groups: []`.
        case noKVGroups

        // MARK: Fields that exclude each other
        /// Two keys of which one is given (`prompt`/`prompt_tokens`, `step:`/`on:`).
        case eitherOr(String, String)
        case presetAndTrace
        /// `config:` and `model:` both given; `modelLine` is where `model:` is.
        case configAndModel(modelLine: Int)
        /// The top-level `block_size:` disagrees with `pool.block_size`.
        case blockSizeTwice(given: Int, pool: Int)
        /// `format:`, `time_scale:` or `step_ms:` without a trace `file:`.
        case traceOptionWithoutTrace
        /// `request:` or `once:` on a cue shown at a step.
        case eventFieldsOnStepCue
        /// `request:` on an event that is about no single request.
        case eventOfNoRequest(NarrationEventKind)
        case focusWithoutShow
        /// A key that appears twice in one YAML mapping (`firstLine`: its first appearance).
        case keyTwice(firstLine: Int)
        case pictureTwice(Scenario.Picture)
        /// A request id given to two requests.
        case requestIDTwice(Int)

        // MARK: Fields that need another
        /// A key that only sizes a model's memory (`gpu:`, `tensor_parallel:`) without `model:`.
        case needsModel(for: ModelUse)
        /// An `expect:` claim about memory without `model:`.
        case claimNeedsMemoryPicture(claim: String)
        /// An `expect:` claim about the contiguous baseline without `contiguous:` or `view: compare`.
        case claimNeedsContiguous(claim: String)
        /// `prompt_tokens:` in `mode: decoder`.
        case promptTokensInDecoder
        /// `workload:` in `mode: decoder`.
        case workloadInDecoder
        case beamsNeedDecoder
        case beamsWithSamples(samples: Int)
        case beamsWithContinuations
        case beamsAboveMaxNumSeqs(width: Int, maxNumSeqs: Int)
        /// `preemption: swap` in a run that has KV-cache groups: vLLM v1's hybrid manager never swaps.
        case swapInHybridRun(HybridCause)

        // MARK: Numbers out of bounds
        /// `expected at most 20000 requests, got 30000`.
        case atMost(Int, noun: String, got: Int)
        /// A number outside `range` (`beam_width` 1 to 8).
        case outsideRange(Int, range: ClosedRange<Int>, noun: String)
        /// A block an `expect:` claim names that the pool does not have.
        case blockOutsidePool(block: Int, blocks: Int)
        /// `until:` at or before the cue's own step.
        case scopeNotAfterCue(step: Int, cueStep: Int)
        /// A recorded cue's frame at or before the previous cue's.
        case frameNotAfter(frame: Int, previous: Int)
        /// A `kv_groups` entry that is neither `full` nor `sliding W`.
        case kvGroup(String)
        /// `continuations:` with more texts than samples.
        case continuationsAboveSamples(texts: Int, samples: Int)
        /// A request longer than `max_model_len`.
        case longerThanModelLen(tokens: Int, maxModelLen: Int)
        /// A request that needs more blocks than the whole pool.
        case neverFits(tokens: Int, blocks: Int, blockSize: Int, poolBlocks: Int)
        /// A trace request arriving after the last step a walkthrough may start one.
        case lateTraceArrival(request: Int, step: Int, maxArrival: Int)
        /// A pool the walkthrough cannot run; `sized` when `model:` and `gpu:` sized it.
        case pool(PoolProblem, sized: Bool)

        /// The kind of file, for what an empty one needs.
        public enum FileKind: Sendable {
            case scenario, recordedWalkthrough
        }

        /// What made a run hybrid: the model named (a preset or a `config:` file) whose layers mix
        /// full and sliding-window attention, or the file's own `kv_groups:`.
        public enum HybridCause: Equatable, Sendable {
            case model(named: String, fullLayers: Int, slidingLayers: Int, window: Int?, groups: Int)
            case kvGroups([String])
        }

        /// What a model-only key is for.
        public enum ModelUse: Sendable {
            case gpu, tensorParallel
        }

        var text: String {
            switch self {
            case .emptyFile(.scenario): "is empty; a scenario needs at least a title and requests"
            case .emptyFile(.recordedWalkthrough): "is empty; a recorded walkthrough needs a title, a recording and narration"
            case .missingTitle: "needs a title: {en: ..., zh: ...}"
            case let .missingText(language): "needs \(language == "en" ? "an" : "a") '\(language)' text"
            case let .missingCount(key): "needs \(key): N"
            case .missingPrompt: "needs a prompt: text or prompt_tokens: N"
            case .missingMaxTokens: "needs max_tokens: N (or a continuation to emit)"
            case .missingTrigger: "needs step: N or on: EVENT to say when it shows"
            case let .missingScopeEvent(events): "needs on: EVENT (\(events.map(\.rawValue).joined(separator: ", ")))"
            case .missingPool: "is missing; give pool: {blocks: N, block_size: B}, or model: and gpu: to size the pool as vLLM would"
            case .noRequests: "has no requests; add a requests: list or a workload:"
            case .missingRecording: "needs recording: FILE.kvlive (a recording made with kvviz attach --record)"
            case .missingRecordedNarration: "needs narration: a list of cues with frame:, en: and zh:"
            case .missingFrame: "needs frame: N (the frame of the recording it shows at, 0 = before the first)"
            case .noRecordedCues: "has no cues; give at least one with frame:, en: and zh:"
            case .emptyPrompt: "is empty; give the prompt some text"
            case .noPicture:
                "lists no picture; expected one or more of \(NarrationPicture.allCases.map(\.rawValue).joined(separator: ", "))"
            case .noMode: "names no mode; give prefix_caching:, contiguous: or view:"
            case .emptyModeList: "is an empty list; name at least one"
            case .noKVGroups: "is an empty list; give one group or more, e.g. [full, sliding 32]"
            case let .eitherOr(first, second): "give either \(first) or \(second), not both"
            case .presetAndTrace: "names a generated workload, file: a trace; keep one of them"
            case let .configAndModel(line): "and model: (line \(line)) both name the model; keep one of them"
            case let .blockSizeTwice(given, pool): "is \(given) but pool.block_size is \(pool); give the block size once"
            case .traceOptionWithoutTrace: "applies to a trace; add file: PATH to the workload, or drop it"
            case .eventFieldsOnStepCue: "request and once go with on:, not step:"
            case let .eventOfNoRequest(kind): "on: \(kind.rawValue) is not about one request; remove request:"
            case .focusWithoutShow: "focus: names the request a picture shows; add show: [mapping] or remove focus:"
            case let .keyTwice(first): "appears twice in one mapping (first on line \(first)); keep one"
            case let .pictureTwice(picture): "names \(picture.rawValue) twice; keep one"
            case let .requestIDTwice(id): "\(id) is used twice; give every request its own id"
            case .needsModel(.gpu): "needs a model: (or config:) too; the GPU is only used to size a model's memory"
            case .needsModel(.tensorParallel): "needs a model: (or config:) too; tensor parallelism only splits a model's memory"
            case let .claimNeedsMemoryPicture(claim):
                "'\(claim)' needs a memory picture: add a top-level model: (memory mode has no toy model)"
            case let .claimNeedsContiguous(claim): "'\(claim)' needs a contiguous baseline: add contiguous: max or view: compare"
            case .promptTokensInDecoder: "needs mode: memory; the decoder runs on prompt text"
            case .workloadInDecoder: "generates token ids, not text; add mode: memory"
            case .beamsNeedDecoder: "needs mode: decoder; beam search scores the toy decoder's logits"
            case let .beamsWithSamples(samples): "cannot be combined with n = \(samples); use one of them"
            case .beamsWithContinuations: "chooses tokens by score; remove the continuations"
            case let .beamsAboveMaxNumSeqs(width, most):
                "is \(width) beams, above scheduler.max_num_seqs \(most); lower it or raise max_num_seqs"
            case let .swapInHybridRun(cause):
                "is swap, but \(cause.text), and vLLM v1's hybrid manager never swaps; use preemption: recompute"
            case let .atMost(maximum, noun, value): "expected at most \(maximum) \(noun), got \(value)"
            case let .outsideRange(value, range, noun): "expected \(range.lowerBound) to \(range.upperBound) \(noun), got \(value)"
            case let .blockOutsidePool(block, blocks): "block \(block) is not in the pool; expected 0 to \(blocks - 1)"
            case let .scopeNotAfterCue(step, start): "step \(step) is not after the cue's step \(start); the cue would never show"
            case let .frameNotAfter(frame, previous):
                "frame \(frame) is not after the previous cue's frame \(previous); list cues in frame order, one per frame"
            case let .kvGroup(text): "is '\(text)'; expected 'full' or 'sliding W' with a window of 1 to 1000000 tokens"
            case let .continuationsAboveSamples(texts, samples): "has \(texts) texts for n = \(samples) samples"
            case let .longerThanModelLen(tokens, most):
                "the request needs \(tokens) tokens but max_model_len is \(most); raise max_model_len or shorten the request"
            case let .neverFits(tokens, blocks, size, poolBlocks):
                "the request can never fit: \(tokens) tokens need \(blocks) blocks of \(size) but the pool has \(poolBlocks); shorten it or grow pool.blocks"
            case let .lateTraceArrival(request, step, most):
                "the trace's request \(request) arrives at step \(step), after step \(most); raise time_scale or read fewer requests"
            case let .pool(problem, sized): (sized ? "for this model and GPU, " : "") + problem.text
            }
        }
    }

    /// Why a pool cannot run in a walkthrough (`ScenarioLoader.poolProblem`).
    public enum PoolProblem: Equatable, Sendable {
        /// More token slots than the toy decoder keeps; `slots` nil when the product overflows.
        case decoderSlots(blocks: Int, blockSize: Int, slots: Int?, maximum: Int)
        /// More blocks than a walkthrough may show.
        case tooManyBlocks(blocks: Int, blockSize: Int, maximum: Int)
        /// Too many bytes per copy of the pool; `bytes` nil past 64 bits.
        case footprint(blocks: Int, blockSize: Int, bytes: Int?, maximum: Int)

        var text: String {
            switch self {
            case let .decoderSlots(blocks, size, slots, most):
                "\(blocks) blocks of \(size) slots hold \(slots.map(String.init) ?? "too many") token slots; the toy decoder keeps at most \(most): use fewer blocks, or mode: memory"
            case let .tooManyBlocks(blocks, size, most):
                "\(blocks) blocks of \(size) slots are more than the \(most) blocks a walkthrough may show: use larger blocks, or give pool: {blocks, block_size}"
            case let .footprint(blocks, size, bytes, most):
                "\(blocks) blocks of \(size) slots need \(bytes.map { ByteCount.binary($0) } ?? "more than 8 EiB") each time the engine keeps a copy, above the \(ByteCount.binary(most)) ceiling: use fewer blocks or a smaller block_size"
            }
        }
    }
}

extension ScenarioError.Rule.HybridCause {
    var text: String {
        switch self {
        case let .model(named, full, sliding, window, groups):
            let span = window.map { " (window \(ByteCount.grouped($0)) tokens)" } ?? ""
            return "\(named) is a hybrid model: its \(full) full-attention and \(sliding) sliding-window layers\(span) run as \(groups) KV-cache groups"
        case let .kvGroups(groups):
            return "kv_groups: [\(groups.joined(separator: ", "))] makes a hybrid run"
        }
    }
}

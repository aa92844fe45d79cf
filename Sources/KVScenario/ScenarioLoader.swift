import Engine
import Foundation
import KVBase
import KVCore
import Yams
import Narration

/// Reads walkthrough files (YAML, or JSON, which is YAML too) into validated `Scenario`s.
public enum ScenarioLoader {
    /// Latest step a scenario request may arrive at.
    static let maxArrival = 10_000
    /// Most requests a walkthrough reads from a trace: the engine keeps every prompt, and a
    /// Mooncake prompt is thousands of tokens.
    static let maxTracedRequests = 2_000
    static let requestKeys = ["id", "arrival", "prompt", "prompt_tokens", "shared_prefix", "continuation",
                              "continuations", "max_tokens", "n", "sampling", "preemption", "beam_width"]
    /// Ceilings that keep a mistyped number from asking for absurd memory (or overflowing a sum).
    static let maxBlockSize = 1024
    static let maxModelLen = 1 << 20
    static let maxSamples = 256
    /// Beams a walkthrough's beam search may keep (each beam is a sequence on screen).
    static let maxBeamWidth = 8
    static let maxBlocks = 200_000
    /// The most memory the pool may take when made (`PoolFootprint`): the engine keeps up to a few
    /// dozen copies of it (keyframes for stepping back): 32 MiB a copy keeps a long run of the
    /// largest accepted pool (200,000 blocks of 16) near 1 GiB.
    public static let maxPoolBytes = 32 << 20
    /// The toy decoder stores real K/V floats for every slot of its pool.
    static let maxDecoderSlots = 1 << 14
    /// Largest scenario file read (the walkthroughs are a few kilobytes).
    public static let maxFileBytes = 1 << 20
    static let narrationKeys = ["step", "on", "request", "once", "until", "en", "zh", "pause", "expect", "describes", "show", "focus"]

    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let url = URL(fileURLWithPath: path)
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: maxFileBytes, expecting: "a .yaml walkthrough file")
        } catch {
            throw ScenarioError(file: path, line: nil, field: "", .unreadable(error))
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", .notUTF8)
        }
        let name = SafeText.escaped(url.deletingPathExtension().lastPathComponent)
        return try load(text: text, file: path, name: name)
    }

    public static func load(text: String, file: String, name: String) throws(ScenarioError) -> Scenario {
        try YAMLComposer.read(text, file: file, empty: .scenario) {
            (top: ScenarioNode) throws(ScenarioError) -> Scenario in try parse(top, name: name)
        }
    }

    // MARK: The tree

    static func parse(_ root: ScenarioNode, name: String) throws(ScenarioError) -> Scenario {
        let fields = try root.fields(allowed: ScenarioKey.all.map(\.name))
        guard fields["title"] != nil else { throw root.error(.missingTitle) }
        var scenario = Scenario(name: name, title: Scenario.Text(en: "", zh: ""), summary: Scenario.Text(en: "", zh: ""))
        scenario.lines = ["": root.line ?? 1]
        for (key, node) in fields { scenario.lines[key] = node.line }
        // In the table's order, so that a key can check one read before it (gpu: after model:).
        for key in ScenarioKey.all {
            if let node = fields[key.name] { try key.read(node, &scenario, fields) }
        }
        if scenario.requests.isEmpty && scenario.workload == nil {
            throw root.error(.noRequests)
        }
        return scenario
    }

    /// Why a pool of `blocks` x `blockSize` cannot run in `mode`, or nil: the one check for a pool
    /// given by `pool:` and one sized from `model:` and `gpu:`, made before anything is allocated.
    static func poolProblem(blocks: Int, blockSize: Int, mode: Scenario.Mode) -> ScenarioError.PoolProblem? {
        let (slots, overflow) = blocks.multipliedReportingOverflow(by: blockSize)
        if mode == .decoder, overflow || slots > maxDecoderSlots {
            return .decoderSlots(blocks: blocks, blockSize: blockSize, slots: overflow ? nil : slots, maximum: maxDecoderSlots)
        }
        if blocks > maxBlocks {
            return .tooManyBlocks(blocks: blocks, blockSize: blockSize, maximum: maxBlocks)
        }
        guard let bytes = PoolFootprint.bytes(numBlocks: blocks, blockSize: blockSize), bytes <= maxPoolBytes else {
            return .footprint(blocks: blocks, blockSize: blockSize,
                              bytes: PoolFootprint.bytes(numBlocks: blocks, blockSize: blockSize), maximum: maxPoolBytes)
        }
        return nil
    }

    /// A `config:` path as written in `scenarioFile`: relative paths start at the scenario's folder
    /// (standard input and embedded walkthroughs: the current folder).
    static func configPath(_ path: String, scenarioFile: String) -> String {
        guard !path.hasPrefix("/"), scenarioFile != "-", let slash = scenarioFile.lastIndex(of: "/") else { return path }
        return String(scenarioFile[...slash]) + path
    }

    static func parseWorkload(_ node: ScenarioNode) throws(ScenarioError) -> Scenario.Workload {
        let f = try node.fields(allowed: ["preset", "requests", "seed", "file", "format", "time_scale", "step_ms"])
        let presets = WorkloadSpec.presets.filter { ["chat", "uniform"].contains($0.name) }
        let preset = try f["preset"]?.choice(presets, id: \.name) ?? presets[0]
        guard let count = f["requests"] else { throw node.error(.missingCount(key: "requests")) }
        let n = try count.positiveInt()
        let most = f["file"] == nil ? 20_000 : maxTracedRequests
        if n > most { throw count.error(.atMost(most, noun: "requests", got: n)) }
        var workload = Scenario.Workload(preset: preset.name, spec: preset.spec, requests: n,
                                         seed: UInt64(try f["seed"]?.int(atLeast: 0, atMost: Int.max, expected: "a seed >= 0") ?? 1))
        if let file = f["file"] {
            if let given = f["preset"] { throw given.error(.presetAndTrace) }
            var options = RequestTrace.Options(maxRequests: n)
            options.format = try f["format"]?.choice(RequestTraceFormat.self)
            options.timeScale = try f["time_scale"]?.double(in: 1e-6...RequestTrace.maxTimeScale) ?? 1
            options.stepMilliseconds = try f["step_ms"]?.double(in: 1e-3...3_600_000) ?? RequestTrace.defaultStepMilliseconds
            workload.trace = Scenario.TraceSource(path: configPath(try file.string(), scenarioFile: file.file), options: options)
        } else if let extra = f["format"] ?? f["time_scale"] ?? f["step_ms"] {
            throw extra.error(.traceOptionWithoutTrace)
        }
        return workload
    }

    static func parseRequest(_ node: ScenarioNode, index: Int) throws(ScenarioError) -> Scenario.Request {
        let f = try node.fields(allowed: requestKeys)
        var request = Scenario.Request(id: try f["id"]?.int(atLeast: 0, expected: "an id >= 0") ?? index,
                                       line: node.line ?? 0, maxTokens: 0)
        // Bounded well inside the 20,000 steps a walkthrough may run: a later arrival would only
        // add thousands of empty frames before the request appears.
        if let v = f["arrival"] { request.arrival = try v.int(atLeast: 0, atMost: Self.maxArrival, expected: "a step >= 0") }
        if let v = f["prompt"] {
            request.prompt = try v.string()
            if request.prompt!.isEmpty { throw v.error(.emptyPrompt) }
        }
        if let v = f["prompt_tokens"] { request.promptTokens = try v.positiveInt() }
        if request.prompt == nil && request.promptTokens == nil {
            throw node.error(.missingPrompt)
        }
        if request.prompt != nil && request.promptTokens != nil {
            throw f["prompt_tokens"]!.error(.eitherOr("prompt", "prompt_tokens"))
        }
        if let v = f["shared_prefix"] { request.sharedPrefix = try v.string() }
        if let v = f["continuation"] { request.continuations = [try v.string()] }
        if let v = f["continuations"] {
            guard f["continuation"] == nil else { throw v.error(.eitherOr("continuation", "continuations")) }
            request.continuations = try v.items().map { item throws(ScenarioError) in try item.string() }
        }
        if let v = f["n"] { request.samples = try v.positiveInt(atMost: maxSamples) }
        if let v = f["beam_width"] {
            let width = try v.int(expected: "a number of beams")
            guard (1...maxBeamWidth).contains(width) else { throw v.error(.outsideRange(width, range: 1...maxBeamWidth, noun: "beams")) }
            request.beamWidth = width
        }
        if let v = f["preemption"] {
            request.preemption = try v.choice(PreemptionMode.self)
        }
        if let v = f["sampling"] {
            request.sampling = try v.choice(ParallelSamplingDesign.self)
        }
        if let v = f["max_tokens"] {
            request.maxTokens = try v.positiveInt()
        } else if let longest = request.continuations.map({ $0.unicodeScalars.count }).max(), longest > 0 {
            request.maxTokens = longest
        } else {
            throw node.error(.missingMaxTokens)
        }
        return request
    }

    static func parseNarration(_ node: ScenarioNode, context: PlaceholderContext) throws(ScenarioError) -> Scenario.Narration {
        let f = try node.fields(allowed: narrationKeys)
        let trigger: NarrationCue.Trigger
        switch (f["step"], f["on"]) {
        case let (step?, nil):
            if f["request"] != nil || f["once"] != nil { throw node.error(.eventFieldsOnStepCue) }
            trigger = .step(try step.int(atLeast: 0, expected: "a step >= 0"))
        case let (nil, on?):
            let kind = try eventKind(on)
            let request = try eventRequest(f["request"], kind: kind, context: context)
            trigger = .event(kind, request: request, once: try f["once"]?.bool() ?? true)
        case (.some, .some):
            throw node.error(.eitherOr("step:", "on:"))
        case (nil, nil):
            throw node.error(.missingTrigger)
        }
        var until = NarrationCue.Scope.nextCue
        if let field = f["until"] { until = try parseScope(field, trigger: trigger, context: context) }
        func template(_ key: String) throws(ScenarioError) -> NarrationTemplate {
            guard let field = f[key] else { throw node.error(.missingText(language: key)) }
            switch NarrationTemplate.parse(try field.string()) {
            case let .success(parsed):
                // Escaped after parsing: an escape such as \u{7} holds braces of its own.
                let template = parsed.mappingLiterals(SafeText.onScreen)
                if let problem = context.problem(in: template, trigger: trigger) { throw field.error(.narration(problem)) }
                return template
            case let .failure(problem): throw field.error(.narration(problem))
            }
        }
        var expectations: [NarrationExpectation] = []
        if let field = f["expect"] {
            let items: [ScenarioNode]
            if case .scalar = field.node { items = [field] } else { items = try field.items() }
            for item in items { expectations.append(try parseExpectation(item, context: context)) }
        }
        var narration = Scenario.Narration(trigger: trigger, until: until, en: try template("en"), zh: try template("zh"),
                                           pause: try f["pause"]?.bool() ?? false, expectations: expectations,
                                           line: node.line ?? 0, describes: try f["describes"].map(parseDescribes))
        narration.pictures = try parsePictures(show: f["show"], focus: f["focus"], context: context)
        return narration
    }

    static func eventKind(_ node: ScenarioNode) throws(ScenarioError) -> NarrationEventKind {
        try node.choice(NarrationEventKind.self)
    }

    static func eventRequest(_ node: ScenarioNode?, kind: NarrationEventKind,
                             context: PlaceholderContext) throws(ScenarioError) -> Int? {
        guard let node else { return nil }
        let request = try node.int(atLeast: 0, expected: "a request id >= 0")
        if kind == .evicted || kind == .allFinished || kind == .contiguousFinished {
            throw node.error(.eventOfNoRequest(kind))
        }
        if !context.requestIDs.contains(request) {
            throw node.error(.unknownRequest(request, known: context.knownRequests))
        }
        return request
    }

    /// `until: 8` (gone from step 8), `until: next` (the next cue, the default),
    /// `until: preempted` or `until: {on: preempted, request: 2}` (the first later such event).
    static func parseScope(_ node: ScenarioNode, trigger: NarrationCue.Trigger,
                           context: PlaceholderContext) throws(ScenarioError) -> NarrationCue.Scope {
        let events = NarrationEventKind.allCases.map(\.rawValue).joined(separator: ", ")
        if case let .scalar(scalar) = node.node {
            if scalar.string == "next" { return .nextCue }
            if let kind = NarrationEventKind(rawValue: scalar.string) { return .event(kind, request: nil) }
            guard Int(scalar.string) != nil else {
                throw node.error(.unaccepted(value: node.shown, accepted: "a step number, next, or an event (\(events))"))
            }
            let step = try node.int(atLeast: 1, expected: "a step >= 1")
            if case let .step(start) = trigger, step <= start {
                throw node.error(.scopeNotAfterCue(step: step, cueStep: start))
            }
            return .step(step)
        }
        let f = try node.fields(allowed: ["on", "request"])
        guard let on = f["on"] else { throw node.error(.missingScopeEvent(events: NarrationEventKind.allCases)) }
        let kind = try eventKind(on)
        return .event(kind, request: try eventRequest(f["request"], kind: kind, context: context))
    }

    static func parseExpectation(_ node: ScenarioNode, context: PlaceholderContext) throws(ScenarioError) -> NarrationExpectation {
        switch NarrationExpectation.parse(try node.string()) {
        case let .failure(problem):
            throw node.error(.claim(problem))
        case let .success(expectation):
            for id in expectation.namedRequests where !context.requestIDs.contains(id) {
                throw node.error(.unknownRequest(id, known: context.knownRequests))
            }
            if let limit = context.numBlocks, let block = expectation.namedBlocks.first(where: { $0 < 0 || $0 >= limit }) {
                throw node.error(.blockOutsidePool(block: block, blocks: limit))
            }
            if expectation.quantities.contains(where: \.needsMemoryPicture), !context.hasMemoryPicture {
                throw node.error(.claimNeedsMemoryPicture(claim: "\(expectation)"))
            }
            if expectation.quantities.contains(where: \.needsContiguousTrack), !context.hasContiguousTrack {
                throw node.error(.claimNeedsContiguous(claim: "\(expectation)"))
            }
            return expectation
        }
    }

    /// Every request must fit the pool on its own, and ids must be unique.
    static func checkRequests(_ scenario: Scenario, _ node: ScenarioNode?) throws(ScenarioError) {
        var seen = Set<Int>()
        let items = (try? node?.items()) ?? []
        for (index, request) in scenario.requests.enumerated() {
            let place = index < items.count ? items[index] : nil
            func fail(_ field: String, _ rule: ScenarioError.Rule) -> ScenarioError {
                ScenarioError(file: place?.file ?? scenario.name, line: request.line,
                              field: "requests[\(index)].\(field)", .rule(rule))
            }
            guard seen.insert(request.id).inserted else { throw fail("id", .requestIDTwice(request.id)) }
            if scenario.mode == .decoder, request.promptTokens != nil {
                throw fail("prompt_tokens", .promptTokensInDecoder)
            }
            try checkBeams(request, in: scenario, fail: fail)
            if request.continuations.count > request.samples {
                throw fail("continuations", .continuationsAboveSamples(texts: request.continuations.count, samples: request.samples))
            }
            let promptLength = (request.sharedPrefix?.unicodeScalars.count ?? 0)
                + (request.prompt?.unicodeScalars.count ?? request.promptTokens ?? 0)
            let total = promptLength + request.maxTokens
            if total > scenario.maxModelLen {
                throw fail("max_tokens", .longerThanModelLen(tokens: total, maxModelLen: scenario.maxModelLen))
            }
            if let pool = scenario.pool {
                let needed = (total + pool.blockSize - 1) / pool.blockSize
                if needed > pool.blocks {
                    throw fail("max_tokens", .neverFits(tokens: total, blocks: needed, blockSize: pool.blockSize, poolBlocks: pool.blocks))
                }
            }
        }
    }
}

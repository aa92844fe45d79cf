import KVBase

/// Builds the requests of a `WorkloadSpec`, deterministically.
///
/// Generation runs in two passes. The first draws the shape of each request in creation order
/// (arrival, lengths, system prompt, which conversation a follow-up continues); a follow-up
/// can arrive later than requests created after it, so the second pass sorts by arrival, numbers
/// the requests in that order. Tokens are written only when a request's `promptTokens` is read
/// (`GeneratedWorkload`): a follow-up copies its parent's prompt and synthetic answer, which
/// depend on the parent's final id.
public struct WorkloadGenerator: Sendable {
    public let spec: WorkloadSpec

    /// Follow-ups continue one of this many most recent conversations ("users still chatting").
    static let openConversationWindow = 32

    /// The `SplitMix64` stream the shapes are drawn from ("SHAPES"), apart from the streams
    /// the same seed gives the sampler and the toy model's weights.
    static let shapeStream: UInt64 = 0x5348_4150_4553

    public init(spec: WorkloadSpec = .chat) throws(WorkloadSpecError) {
        try spec.validate()
        self.spec = spec
    }

    /// The requests, in arrival order (ids 0, 1, 2, ...).
    public func generate() -> [WorkloadRequest] {
        let plans = planRequests()
        let order = plans.indices.sorted { (plans[$0].arrivalStep, $0) < (plans[$1].arrivalStep, $1) }
        var newID = [Int](repeating: 0, count: plans.count)
        for (position, planIndex) in order.enumerated() { newID[planIndex] = position }

        let workload = GeneratedWorkload(generator: self, plans: plans, ids: newID)
        return order.map { planIndex in
            let plan = plans[planIndex]
            return WorkloadRequest(
                id: newID[planIndex], arrivalStep: plan.arrivalStep, promptLength: plan.promptLength,
                outputLength: plan.outputLength, samples: spec.samples, sharedPrefixID: plan.systemPrompt,
                turn: plan.turn, parentID: plan.parent.map { newID[$0] },
                source: .generated(workload, plan: planIndex))
        }
    }

    /// The tokens of shared system prompt `index` (0..<systemPromptCount).
    func systemPromptTokens(_ index: Int) -> [Int32] {
        (0..<spec.systemPromptLength).map { token(stream: .system, UInt64(index), UInt64($0)) }
    }

    /// Output token `index` (from 0) of a request's sample: a fixed function of the seed, so a
    /// run that replays the workload, and a follow-up that resends the answer, see the same ids.
    func syntheticOutputToken(request: WorkloadRequest, index: Int, sample: Int = 0) -> Int32 {
        outputToken(requestID: request.id, index: index, sample: sample)
    }

    /// `syntheticOutputToken` by request id: what a memory-only engine run emits.
    public func outputToken(requestID: Int, index: Int, sample: Int = 0) -> Int32 {
        token(stream: .output(sample: sample), UInt64(requestID), UInt64(index))
    }

    // MARK: Shapes (pass 1)

    /// A request before it has an id or tokens.
    struct Plan {
        var arrivalStep: Int
        var promptLength: Int
        var userLength: Int
        var outputLength: Int
        var systemPrompt: Int?
        var turn: Int
        /// Index of the parent's plan.
        var parent: Int?
        var finalLength: Int { promptLength + outputLength }
    }

    func planRequests() -> [Plan] {
        var random = SplitMix64(seed: spec.seed, stream: Self.shapeStream)
        let arrivals = spec.arrivals.arrivalSteps(count: spec.numRequests, &random)
        let shortestOutput = spec.outputLength.lowerBound
        let shortestUser = spec.userPromptLength.lowerBound
        var plans: [Plan] = []
        plans.reserveCapacity(spec.numRequests)
        // Plan indices of the latest turn of recent conversations.
        var open: [Int] = []

        for arrival in arrivals {
            var plan: Plan
            let continues = random.nextBool(probability: spec.followUpShare)
            let candidates = open.indices.filter {
                plans[open[$0]].finalLength + shortestUser + shortestOutput <= spec.maxModelLen
            }
            if continues, !candidates.isEmpty {
                let slot = candidates[random.nextInt(below: candidates.count)]
                let parent = plans[open[slot]]
                let history = parent.finalLength
                let user = min(spec.userPromptLength.draw(&random),
                               spec.maxModelLen - shortestOutput - history)
                plan = Plan(arrivalStep: max(arrival, parent.arrivalStep + parent.outputLength
                                             + spec.followUpDelaySteps),
                            promptLength: history + user, userLength: user, outputLength: 0,
                            systemPrompt: parent.systemPrompt, turn: parent.turn + 1,
                            parent: open[slot])
                open.remove(at: slot)
            } else {
                var system: Int?
                if spec.systemPromptCount > 0, random.nextBool(probability: spec.systemPromptShare) {
                    system = random.nextInt(below: spec.systemPromptCount)
                }
                let prefix = system == nil ? 0 : spec.systemPromptLength
                let user = min(spec.userPromptLength.draw(&random),
                               spec.maxModelLen - shortestOutput - prefix)
                plan = Plan(arrivalStep: arrival, promptLength: prefix + user, userLength: user,
                            outputLength: 0, systemPrompt: system, turn: 1, parent: nil)
            }
            plan.outputLength = min(spec.outputLength.draw(&random), spec.maxModelLen - plan.promptLength)
            plans.append(plan)
            open.append(plans.count - 1)
            if open.count > Self.openConversationWindow { open.removeFirst() }
        }
        return plans
    }

    // MARK: Tokens (pass 2)

    /// Independent token streams, so that e.g. output ids never repeat user ids by construction.
    enum TokenStream {
        case system, user, output(sample: Int)

        var key: UInt64 {
            switch self {
            case .system: 0x5359_5354_454D
            case .user: 0x5553_4552
            case .output(let sample): 0x4F55_5450_5554 &+ UInt64(sample) &* 0x1_0000_0001
            }
        }
    }

    /// A token id from hashing (seed, stream, a, b): order-independent, so tokens do not depend
    /// on the order in which they are written.
    func token(stream: TokenStream, _ a: UInt64, _ b: UInt64) -> Int32 {
        var hash = SplitMix64.mix(spec.seed ^ stream.key)
        hash = SplitMix64.mix(hash ^ (a &* 0x9E37_79B9_7F4A_7C15))
        hash = SplitMix64.mix(hash ^ (b &* 0xC2B2_AE3D_27D4_EB4F))
        return Int32(truncatingIfNeeded: hash % UInt64(spec.vocabSize))
    }
}

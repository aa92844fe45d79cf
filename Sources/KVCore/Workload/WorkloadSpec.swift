/// Everything that shapes a synthetic workload. Same spec (seed included) -> same requests,
/// token for token, on every machine.
public struct WorkloadSpec: Sendable, Equatable {
    /// Most requests one workload may generate.
    public static let maxRequests = 1_000_000

    public var numRequests: Int
    public var seed: UInt64
    /// Token ids are drawn from 0..<vocabSize (32,000 for Llama 2; smaller for the toy decoder).
    public var vocabSize: Int
    /// No request may hold more than this many tokens (prompt + output), as in vLLM's
    /// `max_model_len`; lengths are clamped to fit.
    public var maxModelLen: Int
    /// Distinct system prompts shared by many requests (the prefix cache's best case).
    var systemPromptCount: Int
    var systemPromptLength: Int
    /// Share (0...1) of new conversations that start with one of the system prompts.
    var systemPromptShare: Double
    /// Tokens of each new user message (the whole prompt of a first turn without system prompt).
    var userPromptLength: LengthDistribution
    public var outputLength: LengthDistribution
    /// Share (0...1) of requests that continue an earlier conversation instead of starting one.
    var followUpShare: Double
    /// Steps a user "thinks" after an answer could have been complete before sending the next
    /// turn: a follow-up arrives no earlier than parent arrival + parent output + this.
    var followUpDelaySteps: Int
    /// Parallel samples (n) of every request.
    public var samples: Int
    var arrivals: ArrivalPattern

    public init(numRequests: Int = 200, seed: UInt64 = 42, vocabSize: Int = 32_000,
                maxModelLen: Int = 2048, systemPromptCount: Int = 3, systemPromptLength: Int = 96,
                systemPromptShare: Double = 0.5,
                userPromptLength: LengthDistribution = .logNormal(median: 110, sigma: 1.0,
                                                                  min: 4, max: 1024),
                outputLength: LengthDistribution = .logNormal(median: 190, sigma: 0.75,
                                                              min: 8, max: 1024),
                followUpShare: Double = 0.3, followUpDelaySteps: Int = 4, samples: Int = 1,
                arrivals: ArrivalPattern = .poisson(ratePerStep: 1.0)) {
        self.numRequests = numRequests
        self.seed = seed
        self.vocabSize = vocabSize
        self.maxModelLen = maxModelLen
        self.systemPromptCount = systemPromptCount
        self.systemPromptLength = systemPromptLength
        self.systemPromptShare = systemPromptShare
        self.userPromptLength = userPromptLength
        self.outputLength = outputLength
        self.followUpShare = followUpShare
        self.followUpDelaySteps = followUpDelaySteps
        self.samples = samples
        self.arrivals = arrivals
    }

    /// The first parameter that cannot produce a workload, or nothing.
    public func validate() throws(WorkloadSpecError) {
        func fail(_ field: String, _ value: Any, _ fix: String) -> WorkloadSpecError {
            WorkloadSpecError(field: field, value: "\(value)", fix: fix)
        }
        if numRequests < 1 { throw fail("numRequests", numRequests, "use at least 1") }
        if numRequests > Self.maxRequests { throw fail("numRequests", numRequests, "use at most \(Self.maxRequests)") }
        if vocabSize < 2 || vocabSize > Int(Int32.max) {
            throw fail("vocabSize", vocabSize, "use a vocabulary of 2 to 2147483647 tokens")
        }
        if maxModelLen < 2 { throw fail("maxModelLen", maxModelLen, "use at least 2 tokens") }
        if systemPromptCount < 0 { throw fail("systemPromptCount", systemPromptCount, "use 0 or more") }
        if systemPromptLength < 0 || systemPromptLength >= maxModelLen {
            throw fail("systemPromptLength", systemPromptLength,
                       "use 0 to \(maxModelLen - 1) (below maxModelLen)")
        }
        if !(0...1).contains(systemPromptShare) {
            throw fail("systemPromptShare", systemPromptShare, "use a share between 0 and 1")
        }
        if !(0...1).contains(followUpShare) {
            throw fail("followUpShare", followUpShare, "use a share between 0 and 1")
        }
        if followUpDelaySteps < 0 { throw fail("followUpDelaySteps", followUpDelaySteps, "use 0 or more") }
        if samples < 1 || samples > 64 { throw fail("samples", samples, "use 1 to 64 samples") }
        if let problem = userPromptLength.problem(field: "userPromptLength") { throw problem }
        if let problem = outputLength.problem(field: "outputLength") { throw problem }
        if userPromptLength.lowerBound < 1 {
            throw fail("userPromptLength", "min \(userPromptLength.lowerBound)",
                       "use a minimum of at least 1 token")
        }
        let shortest = systemPromptLength + userPromptLength.lowerBound + outputLength.lowerBound
        if shortest > maxModelLen {
            throw fail("maxModelLen", maxModelLen,
                       "use at least \(shortest) (system prompt + shortest user message + shortest output)")
        }
        if case .poisson(let rate) = arrivals, !(rate > 0 && rate <= 64) {
            throw fail("arrivals", "poisson rate \(rate)", "use a rate per step in (0, 64]")
        }
    }
}

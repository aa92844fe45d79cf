extension WorkloadSpec {
    /// Chat traffic shaped like ShareGPT: long-tailed prompts and answers (user messages median
    /// 110 tokens, answers median 190, mean about 250), half of the conversations behind one of
    /// three shared system prompts, 30% follow-up turns that resend the conversation, Poisson
    /// arrivals (one request per step on average), max model length 2048. The default.
    public static let chat = WorkloadSpec()

    /// Evenly spread lengths (prompts and outputs uniform in 32...512), no shared prefixes, no
    /// follow-ups, everything at step 0: a plain baseline without a long tail.
    public static let uniform = WorkloadSpec(
        systemPromptCount: 0, systemPromptLength: 0, systemPromptShare: 0,
        userPromptLength: .uniform(min: 32, max: 512), outputLength: .uniform(min: 32, max: 512),
        followUpShare: 0, arrivals: .allAtStart)

    /// Independent requests with the lengths of the ShareGPT dataset as the PagedAttention paper
    /// reports them (Kwon et al. 2023, Fig. 11a: mean input 161.31 tokens, mean output 337.99),
    /// the dataset of its Fig. 2 experiment: prompts and outputs log-normal with those means
    /// and spread ``sharegptSigma``, no shared prefixes or follow-ups, Poisson arrivals of one
    /// request a step so that memory is the bottleneck, max model length 2048 (OPT-13B's).
    /// The default of `kvviz compare`.
    public static let sharegpt = sharegpt(sigma: sharegptSigma)

    /// The one unknown of the ShareGPT workload, the log-normal spread of its lengths: the
    /// paper gives means and histograms, not a shape. Fitted to the Max row of the paper's
    /// Fig. 2 alone (`kvviz compare --fit-spread`, grid 0.50-1.10 by 0.05, seed 42, the Max
    /// baseline serving 10,000 requests, the paper's 15,728-slot pool); the Pow2 and Oracle
    /// rows are then predictions.
    public static let sharegptSigma = 0.80

    /// ShareGPT's lengths with spread `sigma` and the paper's means (161.31 in, 337.99 out):
    /// a log-normal's mean is its median x e^(sigma^2 / 2).
    public static func sharegpt(sigma: Double) -> WorkloadSpec {
        let spread = PortableMath.exp(sigma * sigma / 2)
        return WorkloadSpec(
            vocabSize: 50272, maxModelLen: 2048, systemPromptCount: 0, systemPromptLength: 0, systemPromptShare: 0,
            userPromptLength: .logNormal(median: 161.31 / spread, sigma: sigma, min: 1, max: 2047),
            outputLength: .logNormal(median: 337.99 / spread, sigma: sigma, min: 1, max: 2047),
            followUpShare: 0, arrivals: .poisson(ratePerStep: 1.0))
    }

    /// The presets by the names the command line takes.
    public static let presets: [(name: String, spec: WorkloadSpec)] = [
        ("chat", .chat), ("uniform", .uniform), ("sharegpt", .sharegpt),
    ]

    /// The preset called `name`, or nil.
    public static func preset(named name: String) -> WorkloadSpec? {
        presets.first { $0.name == name.lowercased() }?.spec
    }
}

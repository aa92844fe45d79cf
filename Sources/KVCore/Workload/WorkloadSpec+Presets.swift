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

    /// The presets by the names the command line takes.
    public static let presets: [(name: String, spec: WorkloadSpec)] = [("chat", .chat), ("uniform", .uniform)]

    /// The preset called `name`, or nil.
    public static func preset(named name: String) -> WorkloadSpec? {
        presets.first { $0.name == name.lowercased() }?.spec
    }
}

/// Aggregate figures of a workload, for reports and for sizing memory against demand.
public struct WorkloadSummary: Sendable, Equatable {
    public let requests: Int
    let meanPromptLength: Double
    let meanOutputLength: Double
    let maxFinalLength: Int
    /// Token slots every sample of every request would hold at once at its final length: the
    /// memory that would serve the whole workload without ever waiting.
    public let totalTokenDemand: Int
    let followUps: Int
    let withSystemPrompt: Int
    let lastArrivalStep: Int

    public init(_ requests: [WorkloadRequest]) {
        self.requests = requests.count
        let count = Double(max(requests.count, 1))
        meanPromptLength = Double(requests.reduce(0) { $0 + $1.promptLength }) / count
        meanOutputLength = Double(requests.reduce(0) { $0 + $1.outputLength }) / count
        maxFinalLength = requests.map(\.finalLength).max() ?? 0
        totalTokenDemand = requests.reduce(0) { $0 + $1.finalLength * $1.samples }
        followUps = requests.count { $0.turn > 1 }
        withSystemPrompt = requests.count { $0.sharedPrefixID != nil }
        lastArrivalStep = requests.map(\.arrivalStep).max() ?? 0
    }
}

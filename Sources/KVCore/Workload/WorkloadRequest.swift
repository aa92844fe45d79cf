/// One request of a synthetic workload: what a client sends (a prompt), when, and how long the
/// answer will be. Output lengths are known in advance so that every policy (contiguous or
/// paged) serves the exact same work; the output tokens themselves come from
/// `WorkloadGenerator.syntheticOutputToken(request:index:)`.
public struct WorkloadRequest: Sendable, Equatable, Identifiable {
    /// Position in arrival order, from 0.
    public let id: Int
    /// The first step at which the server may admit it.
    public let arrivalStep: Int
    public let promptTokens: [Int32]
    /// Tokens the request generates before it finishes.
    public let outputLength: Int
    /// Parallel samples wanted (n). Each sample generates `outputLength` tokens.
    public let samples: Int
    /// Which shared system prompt the prompt starts with, if any (for display and prefix hits).
    public let sharedPrefixID: Int?
    /// 1 for a new conversation; k for the k-th turn, whose prompt resends the whole earlier
    /// conversation (previous prompt + previous answer) followed by the new user message.
    public let turn: Int
    /// The previous turn of the same conversation, when `turn > 1`.
    public let parentID: Int?

    public init(id: Int, arrivalStep: Int = 0, promptTokens: [Int32], outputLength: Int,
                samples: Int = 1, sharedPrefixID: Int? = nil, turn: Int = 1, parentID: Int? = nil) {
        self.id = id
        self.arrivalStep = arrivalStep
        self.promptTokens = promptTokens
        self.outputLength = outputLength
        self.samples = samples
        self.sharedPrefixID = sharedPrefixID
        self.turn = turn
        self.parentID = parentID
    }

    public var promptLength: Int { promptTokens.count }
    /// Tokens one sample holds when it finishes: prompt plus output.
    public var finalLength: Int { promptTokens.count + outputLength }
}

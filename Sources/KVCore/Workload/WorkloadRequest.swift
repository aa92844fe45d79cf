/// One request of a synthetic workload: what a client sends (a prompt), when, and how long the
/// answer will be. Output lengths are known in advance so that every policy (contiguous or
/// paged) serves the exact same work; the output tokens themselves come from
/// `WorkloadGenerator.syntheticOutputToken(request:index:)`.
///
/// A generated request does not store its prompt: `promptTokens` writes it out on demand from
/// the workload's plan (shared by all its requests), so a workload of 100,000 requests costs a
/// few dozen bytes a request until a run reads a prompt, and a run that reads each prompt when
/// its request arrives holds only the prompts in flight.
public struct WorkloadRequest: Sendable, Equatable, Identifiable {
    /// Position in arrival order, from 0.
    public let id: Int
    /// The first step at which the server may admit it.
    public let arrivalStep: Int
    /// Tokens in the prompt (known without writing the prompt out).
    public let promptLength: Int
    /// Tokens the request generates before it finishes.
    public let outputLength: Int
    /// Parallel samples wanted (n). Each sample generates `outputLength` tokens.
    public let samples: Int
    /// Which shared system prompt the prompt starts with, if any (for display and prefix hits).
    let sharedPrefixID: Int?
    /// 1 for a new conversation; k for the k-th turn, whose prompt resends the whole earlier
    /// conversation (previous prompt + previous answer) followed by the new user message.
    let turn: Int
    /// The previous turn of the same conversation, when `turn > 1`.
    let parentID: Int?
    private let source: Source

    /// Where the prompt's tokens come from.
    enum Source: Sendable {
        case tokens([Int32])
        /// Written out by the generated workload from plan number `plan`.
        case generated(GeneratedWorkload, plan: Int)
        /// Written out from a request trace's block ids (`TracePrompt`).
        case trace(TracePrompt)
    }

    public init(id: Int, arrivalStep: Int = 0, promptTokens: [Int32], outputLength: Int,
                samples: Int = 1, sharedPrefixID: Int? = nil, turn: Int = 1, parentID: Int? = nil) {
        self.init(id: id, arrivalStep: arrivalStep, promptLength: promptTokens.count, outputLength: outputLength,
                  samples: samples, sharedPrefixID: sharedPrefixID, turn: turn, parentID: parentID,
                  source: .tokens(promptTokens))
    }

    init(id: Int, arrivalStep: Int, promptLength: Int, outputLength: Int, samples: Int,
         sharedPrefixID: Int?, turn: Int, parentID: Int?, source: Source) {
        self.id = id
        self.arrivalStep = arrivalStep
        self.promptLength = promptLength
        self.outputLength = outputLength
        self.samples = samples
        self.sharedPrefixID = sharedPrefixID
        self.turn = turn
        self.parentID = parentID
        self.source = source
    }

    /// The prompt. For a generated request it is written out on each call (O(prompt length)):
    /// read it once and keep it while the request is in flight.
    public var promptTokens: [Int32] {
        switch source {
        case let .tokens(tokens): return tokens
        case let .generated(workload, plan): return workload.prompt(ofPlan: plan)
        case let .trace(prompt): return prompt.tokens(count: promptLength)
        }
    }

    /// Tokens one sample holds when it finishes: prompt plus output.
    public var finalLength: Int { promptLength + outputLength }

    public static func == (a: WorkloadRequest, b: WorkloadRequest) -> Bool {
        a.id == b.id && a.arrivalStep == b.arrivalStep && a.promptLength == b.promptLength
            && a.outputLength == b.outputLength && a.samples == b.samples && a.sharedPrefixID == b.sharedPrefixID
            && a.turn == b.turn && a.parentID == b.parentID && a.promptTokens == b.promptTokens
    }
}

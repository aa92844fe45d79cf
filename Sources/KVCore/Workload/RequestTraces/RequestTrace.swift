/// A request trace on disk (an Azure CSV or a Mooncake JSONL) and how to replay it, checked
/// from end to end once (`scan`) so that a replay never meets a bad line. Nothing of the file is
/// kept: a replay reads it again, a request at a time (`feed()`), so memory does not grow with
/// the file.
///
/// Time: the first request arrives at step 0; a request `t` ms after it arrives at step
/// `floor(t / timeScale / stepMilliseconds)`. Lengths are used as given.
///
/// Prompt content (`TracePrompt`): Mooncake's `hash_ids` name 512-token blocks; token `o` of a
/// block with id `h` is a fixed function of (`h`, `o`), so equal ids give equal tokens and
/// therefore equal block hashes at every block size. Azure prompts share nothing.
public struct RequestTrace: Sendable, Equatable {
    /// Tokens per Mooncake hash id.
    public static let traceBlockTokens = 512

    public struct Options: Sendable, Equatable {
        /// nil: detect from the first line (then the extension).
        public var format: RequestTraceFormat?
        /// Arrival gaps are divided by this (2: twice as fast).
        public var timeScale: Double
        /// Milliseconds one engine step stands for.
        public var stepMilliseconds: Double
        /// Replay only the first this many requests (nil: all).
        public var maxRequests: Int?

        public init(format: RequestTraceFormat? = nil, timeScale: Double = 1, stepMilliseconds: Double = defaultStepMilliseconds,
                    maxRequests: Int? = nil) {
            self.format = format
            self.timeScale = timeScale
            self.stepMilliseconds = stepMilliseconds
            self.maxRequests = maxRequests
        }
    }

    /// What one engine step stands for by default: 20 ms, a decode step of a 7B model on one
    /// H100 at moderate batch.
    public static let defaultStepMilliseconds = 20.0
    /// The largest time compression: arrivals a million times closer.
    public static let maxTimeScale = 1_000_000.0

    /// Totals of the scan.
    public struct Summary: Sendable, Equatable {
        public var requests = 0
        public var promptTokens = 0
        public var outputTokens = 0
        /// The longest request, prompt + output.
        public var maxFinalLength = 0
        /// The step the last request arrives at.
        public var lastArrivalStep = 0
        /// Seconds from the first arrival to the last, as the file gives them.
        public var spanSeconds = 0.0
        /// Prompt blocks named by `hash_ids` (Mooncake), repeats included.
        public var traceBlocks = 0
    }

    public let path: String
    public let format: RequestTraceFormat
    public let options: Options
    public let summary: Summary
    /// Seeds the prompt and answer token ids (the run's workload seed).
    public let seed: UInt64
    /// Token ids are drawn from 0..<vocabSize.
    public let vocabSize: Int

    /// Reads the whole file once, checking every line, and keeps its totals.
    public static func scan(path: String, options: Options = Options(), seed: UInt64 = 42,
                            vocabSize: Int = 32_000) throws(RequestTraceError) -> RequestTrace {
        precondition(vocabSize >= 2 && vocabSize <= Int(Int32.max), "a vocabulary of 2 to 2^31 - 1 tokens")
        try check(options, path: path)
        let reader = try RequestTraceReader(path: path, format: options.format)
        var summary = Summary()
        var first: Int64?
        var last: Int64 = 0
        let limit = options.maxRequests ?? Int.max
        while summary.requests < limit, let record = try reader.next() {
            first = first ?? record.timeMicros
            last = record.timeMicros
            summary.requests += 1
            summary.promptTokens += record.inputLength
            summary.outputTokens += record.outputLength
            summary.maxFinalLength = Swift.max(summary.maxFinalLength, record.inputLength + Swift.max(1, record.outputLength))
            summary.traceBlocks += record.hashIDs.count
        }
        guard let first else {
            throw RequestTraceError(path: path, line: nil, .headerOnly)
        }
        summary.spanSeconds = Double(last - first) / 1e6
        summary.lastArrivalStep = arrivalStep(micros: last - first, options)
        return RequestTrace(path: path, format: reader.format, options: options, summary: summary, seed: seed,
                            vocabSize: vocabSize)
    }

    /// The requests, read again from the file one at a time.
    public func feed() throws(RequestTraceError) -> RequestTraceFeed {
        try RequestTraceFeed(self)
    }

    /// The step a request arrives at, `micros` after the first.
    static func arrivalStep(micros: Int64, _ options: Options) -> Int {
        let steps = Double(micros) / 1_000 / options.timeScale / options.stepMilliseconds
        return steps < Double(Int.max / 2) ? Int(steps.rounded(.down)) : Int.max / 2
    }

    private static func check(_ options: Options, path: String) throws(RequestTraceError) {
        if !(options.timeScale > 0 && options.timeScale <= maxTimeScale) {
            throw RequestTraceError(path: path, line: nil, field: "time_scale", .timeScale(options.timeScale, maximum: Int(maxTimeScale)))
        }
        if !(options.stepMilliseconds > 0 && options.stepMilliseconds <= 3_600_000) {
            throw RequestTraceError(path: path, line: nil, field: "step_ms", .stepMilliseconds(options.stepMilliseconds))
        }
        if let count = options.maxRequests, count < 1 {
            throw RequestTraceError(path: path, line: nil, field: "requests", .requestCount(count))
        }
    }
}

/// A replay's reading of the trace: `WorkloadRequest`s in arrival order (ids 0, 1, 2, ...),
/// each prompt written out only when the request's `promptTokens` is read.
public struct RequestTraceFeed {
    private let trace: RequestTrace
    private let reader: RequestTraceReader
    private var origin: Int64?
    private var nextID = 0

    init(_ trace: RequestTrace) throws(RequestTraceError) {
        self.trace = trace
        reader = try RequestTraceReader(path: trace.path, format: trace.format)
    }

    /// The next request, or nil after the last (or after `maxRequests`). Without
    /// `keepingBlocks` the request's prompt shares nothing (for runs that read only lengths).
    public mutating func next(keepingBlocks: Bool = true) throws(RequestTraceError) -> WorkloadRequest? {
        guard nextID < trace.summary.requests, let record = try reader.next() else { return nil }
        let origin = self.origin ?? record.timeMicros
        self.origin = origin
        let id = nextID
        nextID += 1
        let prompt = TracePrompt(blockIDs: keepingBlocks ? record.hashIDs : [], requestID: id, seed: trace.seed, vocabSize: trace.vocabSize)
        return WorkloadRequest(id: id, arrivalStep: RequestTrace.arrivalStep(micros: record.timeMicros - origin, trace.options),
                               promptLength: record.inputLength, outputLength: record.outputLength, samples: 1,
                               sharedPrefixID: nil, turn: 1, parentID: nil, source: .trace(prompt))
    }

    /// Every request at once (for the few consumers that index a workload: small excerpts).
    public mutating func all() throws(RequestTraceError) -> [WorkloadRequest] {
        var requests: [WorkloadRequest] = []
        while let request = try next() { requests.append(request) }
        return requests
    }
}

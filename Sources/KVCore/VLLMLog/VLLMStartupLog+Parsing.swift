import KVBase

/// A log kvviz cannot explain: one line naming the file, the line and what to pass instead.
/// The problem keeps the line (its number and text as quoted, at most 60 characters) and the
/// figure at fault; `description` words it, here only.
public struct VLLMLogError: KVVizError, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let problem: Problem

    public enum Problem: Equatable, Sendable {
        /// No line with text.
        case empty
        /// No line is vLLM's; `line`/`text`: the first line with text.
        case notVLLM(line: Int, text: String)
        /// The log stops before the KV cache was sized; `line`/`text`: its last line with text.
        case endsEarly(line: Int, text: String)
        /// A figure no GPU has (`figure`: what it is, e.g. "GPU memory").
        case impossibleFigure(line: Int, text: String, figure: String, value: Double)
    }

    public var description: String {
        let startUp = "pass the log `vllm serve` prints at start-up"
        return switch problem {
        case .empty: "\(file): is empty: \(startUp)"
        case let .notVLLM(line, text): "\(file): line \(line) '\(text)' is not a vLLM line, and no other line is either; \(startUp)"
        case let .endsEarly(line, text):
            "\(file): ends at line \(line) '\(text)' before vLLM sized its KV cache (no 'GPU KV cache size', "
                + "'# GPU blocks' or 'Available KV cache memory'); pass the whole start-up log"
        case let .impossibleFigure(line, text, figure, value):
            "\(file): line \(line) '\(text)' gives \(figure) \(value), which no GPU has; check the log is not corrupted"
        }
    }
}

extension VLLMStartupLog {
    /// The largest log read (a start-up log is a few hundred KiB with progress bars).
    public static let maxBytes = 64 << 20

    /// Reads `text`, the log of one vLLM start-up. Throws when no line is vLLM's (naming the
    /// first line), when the log stops before the KV cache was sized (naming the last line),
    /// or when a figure is impossible (naming its line).
    public init(text: String, file: String) throws(VLLMLogError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        lineCount = lines.count
        var firstText: (Int, Substring)?
        for (index, raw) in lines.enumerated() {
            let line = Self.plain(raw)
            if firstText == nil, !line.allSatisfy(\.isWhitespace) { firstText = (index + 1, line) }
            if read(line, at: index + 1) { vllmLines += 1 }
        }
        guard let (firstNumber, first) = firstText else {
            throw VLLMLogError(file: file, problem: .empty)
        }
        guard vllmLines > 0 else {
            throw VLLMLogError(file: file, problem: .notVLLM(line: firstNumber, text: Self.shown(first)))
        }
        guard isComplete else {
            let last = lines.lastIndex { !Self.plain($0).allSatisfy(\.isWhitespace) } ?? 0
            throw VLLMLogError(file: file, problem: .endsEarly(line: last + 1, text: Self.shown(Self.plain(lines[last]))))
        }
        for (figure, limit, name) in [(totalGiB, 4096.0, "GPU memory"), (weightsGiB, 65_536, "weights"),
                                      (kvGiB, 65_536, "KV cache memory"), (utilization, 1, "gpu_memory_utilization")] {
            if let figure, !(figure.value > 0 && figure.value <= limit) {
                throw VLLMLogError(file: file, problem: .impossibleFigure(line: figure.line, text: Self.shown(Self.plain(lines[figure.line - 1])),
                                                                          figure: name, value: figure.value))
            }
        }
    }

    /// Reads one line; true when it is recognisably vLLM's.
    private mutating func read(_ line: Substring, at number: Int) -> Bool {
        var known = false
        func take(_ marker: String) -> Double? {
            guard let value = Self.number(after: marker, in: line) else { return nil }
            known = true
            return value
        }
        func int(_ marker: String) -> Int? { take(marker).map { Int($0) } }
        if version == nil, let text = Self.version(in: line) { version = Figure(value: text, line: number); known = true }
        if model == nil, let name = Self.quoted(after: "model=", in: line) ?? Self.quoted(after: "'model': ", in: line) {
            model = Figure(value: name, line: number); known = true
        }
        if let v = take("total_gpu_memory") ?? take("total_memory=") { totalGiB = Figure(value: v, line: number) }
        if let v = take("gpu_memory_utilization") ?? take("Requested memory:") { utilization = Figure(value: v, line: number) }
        if let v = take("worker requested memory:") ?? take("the current vLLM instance can use") ?? take("(util),") {
            requestedGiB = Figure(value: v, line: number)
        }
        if line.contains("total_gpu_memory ("), let v = take(") =") { requestedGiB = Figure(value: v, line: number) }
        if let v = take("Model loading took") ?? take("model weights took") ?? take("model weights take") {
            weightsGiB = Figure(value: v, line: number)
        }
        if let v = take("torch peak memory increase:") ?? take("PyTorch activation peak memory takes")
            ?? take("PyTorch activation peak memory") {
            activationGiB = Figure(value: v, line: number)
        } else if let v = take("peak_torch_memory=") {
            activationGiB = Figure(value: v, line: number)
            peakIncludesWeights = true
        }
        if let v = take("non-torch forward increase memory:") ?? take("non_torch_memory takes") ?? take("non_torch_memory") {
            nonTorchGiB = Figure(value: v, line: number)
        }
        if let v = take("Estimated CUDA graph memory:") { cudaGraphEstimateGiB = Figure(value: v, line: number) }
        if line.contains("Graph capturing finished"), let v = take("took") { cudaGraphActualGiB = Figure(value: v, line: number) }
        if let v = take("Available KV cache memory:") ?? take("reserved for KV Cache is") ?? take("kv_cache_size=")
            ?? take("available_kv_cache_memory") {
            kvGiB = Figure(value: v, line: number)
        }
        if let v = int("GPU blocks:") ?? int("num_gpu_blocks is:") { gpuBlocks = Figure(value: v, line: number) }
        if let v = int("GPU KV cache size:") { kvTokens = Figure(value: v, line: number) }
        if let length = int("Maximum concurrency for"), let v = take("tokens per request:") {
            concurrency = Figure(value: v, line: number)
            concurrencyLength = length
        }
        if let v = int("max_seq_len=") ?? int("'max_model_len':") { maxModelLen = Figure(value: v, line: number) }
        if let v = int("tensor_parallel_size=") ?? int("'tensor_parallel_size':") { tensorParallel = Figure(value: v, line: number) }
        if let v = int("max_num_batched_tokens=") ?? int("Defaulting max_num_batched_tokens to") {
            maxNumBatchedTokens = Figure(value: v, line: number)
        }
        if let v = int("Defaulting max_num_seqs to") ?? int("max_num_seqs=") { maxNumSeqs = Figure(value: v, line: number) }
        if let v = int("Add") , line.contains("padding layers") {
            paddingLayers = Figure(value: v, line: number)
            paddingWastePercent = take("waste at most")
        }
        readRefusal(line, at: number, known: &known)
        readWording(line)
        if dtype == nil, let range = line.range(of: "dtype=torch."), !line[..<range.lowerBound].hasSuffix("kv_cache_") {
            dtype = try? DType(parsing: String(line[range.upperBound...].prefix { $0.isLetter || $0.isNumber }))
        }
        if let range = line.range(of: "kv_cache_dtype=") {
            let name = String(line[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            kvCacheDType = name == "auto" ? nil : try? DType(parsing: name)
        }
        return known || line.localizedLowercase.contains("vllm")
    }

    /// Which release's wording a line uses, for logs that never state their version.
    private mutating func readWording(_ line: Substring) {
        if line.contains("torch peak memory increase") {
            wording = .v0_18
        } else if line.contains("Available KV cache memory") || line.contains("kv_cache_utils") || line.contains("[v1/") {
            if wording == nil || wording! < .v0_8 { wording = .v0_8 }
        } else if line.contains("Memory profiling") || line.contains("the current vLLM instance")
                    || line.contains("available_kv_cache_memory") || line.contains("peak_torch_memory") {
            if wording == nil { wording = .v0_6 }
        }
    }

    private mutating func readRefusal(_ line: Substring, at number: Int, known: inout Bool) {
        guard line.contains("max seq len"), let maxLen = Self.number(after: "max seq len (", in: line) else { return }
        known = true
        if let capacity = Self.number(after: "stored in KV cache (", in: line) {
            refusal = .tokens(maxModelLen: Int(maxLen), capacity: Int(capacity), line: number)
        } else if let needed = Self.number(after: "), (", in: line),
                  let available = Self.number(after: "available KV cache memory (", in: line) {
            refusal = .memory(maxModelLen: Int(maxLen), neededGiB: needed, availableGiB: available,
                              estimatedMaxLen: Self.number(after: "maximum model length is", in: line).map { Int($0) },
                              line: number)
        }
    }
}

import ArgumentParser
import KVCore

/// The flags that replace the generated workload with a request trace: an Azure LLM inference
/// CSV or a Mooncake FAST'25 JSONL, replayed with its own arrival times (compressed by
/// --time-scale) and lengths.
struct TraceFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Replay a request trace instead of a generated workload: an Azure 2023 CSV (TIMESTAMP,ContextTokens,GeneratedTokens) or a Mooncake JSONL (timestamp ms, input_length, output_length, hash_ids). Arrival times and lengths as given; Mooncake's hash_ids become shared prompt blocks (see README, \"Real request traces\").",
                               valueName: "file"))
    var workloadFile: String?

    @Option(help: ArgumentHelp("With --workload-file: azure or mooncake (default: from the first line, then the extension).",
                               valueName: "name"))
    var workloadFormat: RequestTraceFormat?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("With --workload-file: divide the gaps between arrivals by this factor (2: twice as fast; default 1).",
                               valueName: "factor"))
    var timeScale: Double?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("With --workload-file: milliseconds of trace time one engine step stands for (default 20).",
                               valueName: "ms"))
    var stepMs: Double?

    /// The trace's replay options, checked; nil when no file is named (then the other trace
    /// flags are refused, as they would do nothing).
    func options(maxRequests: Int?) throws -> RequestTrace.Options? {
        guard workloadFile != nil else {
            if workloadFormat != nil || timeScale != nil || stepMs != nil {
                let flag = workloadFormat != nil ? "--workload-format" : timeScale != nil ? "--time-scale" : "--step-ms"
                throw CLIError(flag: flag, .traceOnly)
            }
            return nil
        }
        let scale = timeScale ?? 1
        guard scale > 0, scale <= RequestTrace.maxTimeScale else {
            throw CLIError(flag: "--time-scale", .timeScale(scale, maximum: Int(RequestTrace.maxTimeScale)))
        }
        let step = stepMs ?? RequestTrace.defaultStepMilliseconds
        guard step > 0, step <= 3_600_000 else {
            throw CLIError(flag: "--step-ms", .stepMilliseconds(step))
        }
        return RequestTrace.Options(format: workloadFormat, timeScale: scale, stepMilliseconds: step, maxRequests: maxRequests)
    }

    /// The workload's name in reports: "mooncake trace conv.jsonl".
    static func name(of trace: RequestTrace) -> String {
        let file = trace.path.split(separator: "/").last.map(String.init) ?? trace.path
        return "\(trace.format.rawValue) trace \(file)"
    }
}

extension RequestTraceFormat: ExpressibleByArgument {}

import KVBase
import Foundation
import KVCore

/// `kvviz bench --trace FILE [--python-baseline PATH|auto|off] [--nano-vllm PATH] [--json]`:
/// replays a kvtrace, prints the totals with ok/MISMATCH per expected field and the replay speed,
/// then runs the pure-Python baseline and nano-vllm's own block manager (`NanoVLLMBaseline`) on
/// the same trace and reports both speedups measured in this run; exits 1 naming the fields
/// that mismatch. A missing python3, script, package or checkout is reported and skipped.
public enum TraceBenchCLI {
    /// What `--python-baseline` asked for.
    enum BaselineChoice: Equatable {
        case auto
        case off
        case script(String)

        init(argument: String) {
            switch argument {
            case "auto": self = .auto
            case "off", "none": self = .off
            default: self = .script(argument)
            }
        }
    }

    /// Replays `bytes`, the trace read from `path` (a file the Python baseline reads too), named
    /// `shown` in the report and errors (`<stdin>` for standard input).
    public static func run(bytes: [UInt8], path: String, shown: String, pythonBaseline: String, nanoVLLM: String? = nil,
                           json: Bool, output: BenchOutput) throws {
        if let nanoVLLM, let problem = NanoVLLMBaseline.checkoutProblem(nanoVLLM) { throw BenchError.usage(problem) }
        // A TraceError travels up to ErrorReport.
        let report = try TraceReplayBenchmark.run(trace: KVTrace(parsing: bytes, path: shown))
        // One at a time, after the Swift replay: they would compete for the CPU.
        let baseline = try measureBaseline(BaselineChoice(argument: pythonBaseline), trace: path)
        let nano = NanoVLLMBaseline.measure(checkout: nanoVLLM, trace: path)
        // The table quotes the trace path and the baselines' last stderr lines: escaped.
        if json {
            output.out(jsonText(report, baseline: baseline, nano: nano), terminator: "")
        } else {
            output.out(table(report, baseline: baseline, nano: nano).split(separator: "\n", omittingEmptySubsequences: false)
                .map { SafeText.escaped(String($0)) }.joined(separator: "\n"))
        }
        let mismatches = report.mismatches
        if !mismatches.isEmpty {
            throw BenchError("bench --trace: \(shown): replay totals differ from the trace's end line in " +
                mismatches.map(\.name).joined(separator: ", "))
        }
    }

    /// Runs the Python baseline after the Swift replay (never both at once: they would compete
    /// for the CPU). An explicit script that does not exist is a usage error; anything else
    /// that stops the baseline is a skip with its reason.
    static func measureBaseline(_ choice: BaselineChoice, trace: String) throws -> PythonBaselineOutcome {
        let script: String
        switch choice {
        case .off:
            return .skipped(reason: "turned off (--python-baseline off)")
        case .script(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw BenchError.usage("--python-baseline: \(path): no such file; pass the path of \(PythonBaseline.scriptRelativePath), auto or off")
            }
            script = path
        case .auto:
            guard let found = PythonBaseline.locateScript() else {
                return .skipped(reason: "\(PythonBaseline.scriptRelativePath) not found beside the kvviz binary (its install or checkout; the working directory is never searched): pass --python-baseline PATH")
            }
            script = found
        }
        guard let python = PythonBaseline.findPython3() else {
            return .skipped(reason: "python3 is not on PATH")
        }
        return PythonBaseline.run(python: python, script: script, trace: trace)
    }

    /// One baseline's lines: its speed and kvviz's ratio to it, both measured in this run, or
    /// why it was skipped.
    private static func baselineLines(_ outcome: PythonBaselineOutcome, against report: TraceReplayReport,
                                      labels: (speed: String, speedup: String, skipped: String), versus: String,
                                      source: (PythonBaselineResult) -> String) -> [String] {
        switch outcome {
        case .measured(let baseline):
            let millis = String(format: "%.3f", baseline.bestSeconds * 1000)
            return [
                "\(labels.speed) \(Int(baseline.opsPerSecond.rounded()))  (\(baseline.interpreter), best of \(baseline.runs) runs: \(millis) ms, \(source(baseline)))",
                "\(labels.speedup) \(String(format: "%.1f", report.opsPerSecond / baseline.opsPerSecond))x  (\(versus), both measured in this run)",
            ]
        case .skipped(let reason):
            return ["\(labels.skipped) skipped: \(reason)"]
        }
    }

    static func table(_ report: TraceReplayReport, baseline: PythonBaselineOutcome,
                      nano: PythonBaselineOutcome = .skipped(reason: NanoVLLMBaseline.notRequested)) -> String {
        var lines = ["trace                 \(report.trace) (block size \(report.blockSize), \(report.numBlocks) blocks)"]
        let checks = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.name, $0) })
        for field in report.totals.fields {
            let name = field.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            let value = String(field.value).padding(toLength: 10, withPad: " ", startingAt: 0)
            var verdict = ""
            if let check = checks[field.name] {
                verdict = check.isOK ? "ok" : "MISMATCH expected \(check.expected) got \(check.got)"
            }
            lines.append("\(name)\(value)\(verdict)".trimmingCharacters(in: .whitespaces))
        }
        let millis = String(format: "%.3f", report.bestSeconds * 1000)
        lines.append("ops_per_second        \(Int(report.opsPerSecond.rounded()))  (best of \(report.runs) runs: \(millis) ms, parsing not timed)")
        lines += baselineLines(baseline, against: report, labels: ("python_ops_per_second", "speedup              ", "python_baseline      "),
                               versus: "kvviz / python") { $0.script }
        lines += baselineLines(nano, against: report, labels: ("nano_vllm_ops_per_second", "speedup_vs_nano_vllm ", "nano_vllm_baseline   "),
                               versus: "kvviz / nano-vllm's BlockManager") { $0.blockManager ?? $0.script }
        if report.isDebugBuild {
            lines.append("build                 debug: invariants checked after every op, so the speed means nothing (use swift build -c release)")
        }
        if !report.hasExpectations {
            lines.append("expected totals       none: the trace has no end line, nothing compared")
        }
        if let first = report.result.firstHitMismatch {
            lines.append("alloc hits            \(report.result.hitMismatches) allocs differ; first at line \(first.line): expected \(first.expected) got \(first.got)")
        } else if report.result.recordedHits > 0 {
            lines.append("alloc hits            all \(report.result.recordedHits) recorded per-alloc hit counts match")
        }
        return lines.joined(separator: "\n")
    }

    /// One object in kvviz's JSON style: the trace, its totals, the speed, the baseline, the checks.
    static func jsonText(_ report: TraceReplayReport, baseline: PythonBaselineOutcome,
                         nano: PythonBaselineOutcome = .skipped(reason: NanoVLLMBaseline.notRequested)) -> String {
        var object = JSONObject()
        object.add("trace", report.trace)
        object.add("block_size", report.blockSize)
        object.add("num_blocks", report.numBlocks)
        for field in report.totals.fields { object.add(field.name, field.value) }
        object.add("ops_per_second", report.opsPerSecond, digits: 1)
        object.add("runs", report.runs)
        switch baseline {
        case .measured(let python):
            object.add("python_ops_per_second", python.opsPerSecond, digits: 1)
            object.add("speedup", report.opsPerSecond / python.opsPerSecond, digits: 2)
            object.add("python_baseline", python.script)
            object.add("python_interpreter", python.interpreter)
        case .skipped(let reason):
            object.add("python_ops_per_second", .null)
            object.add("speedup", .null)
            object.add("python_baseline_skipped", reason)
        }
        switch nano {
        case .measured(let nano):
            object.add("nano_vllm_ops_per_second", nano.opsPerSecond, digits: 1)
            object.add("speedup_vs_nano_vllm", report.opsPerSecond / nano.opsPerSecond, digits: 2)
            object.add("nano_vllm_block_manager", nano.blockManager ?? nano.script)
            object.add("nano_vllm_interpreter", nano.interpreter)
        case .skipped(let reason):
            object.add("nano_vllm_ops_per_second", .null)
            object.add("speedup_vs_nano_vllm", .null)
            object.add("nano_vllm_baseline_skipped", reason)
        }
        object.add("debug_build", report.isDebugBuild)
        object.add("checked", report.hasExpectations)
        object.add("alloc_hit_mismatches", report.result.hitMismatches)
        object.add("mismatches", report.mismatches.map { mismatch -> JSON in
            ["field": .string(mismatch.name), "expected": .int(mismatch.expected), "got": .int(mismatch.got)]
        })
        return object.rendered
    }
}

import ArgumentParser
import CommandReports
import Engine

/// `kvviz simulate`: serves a whole workload on the paged engine without a model (memory-only
/// mode) and prints the totals. Thin: `WorkloadOptions` builds the run, `Simulation` runs it,
/// `SimulationReport` formats it.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a workload to completion on the paged KV cache (no model) and report the totals.",
        discussion: """
            The pool is what --model leaves of --gpu (default llama-2-7b on h100-80gb), cut into \
            blocks of --block-size slots as vLLM sizes it, or --capacity-tokens slots. The workload \
            is generated from --workload and --seed (same seed, same run). Reports completed \
            requests, steps, preemptions, prefix hit rate, peak blocks, generated tokens per step, \
            wall time and peak RSS (VmHWM).

            Examples:
              kvviz simulate
              kvviz simulate --requests 200 --gpu a100-40gb --no-prefix-caching --json
            """)

    /// 1,000 chat requests on LLaMA-2-7B / H100-80GB: the engine benchmark's configuration.
    static let defaults = WorkloadOptions.Defaults(requests: 1000, model: "llama-2-7b", gpu: "h100-80gb")

    @OptionGroup var options: WorkloadOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingErrors {
            let run = try options.run(Self.defaults)
            // A RunError travels up to ErrorReport.
            let report = try ProgressLine.during("simulating \(run.requests.count) requests") { try Simulation.run(run) }
            Console.out(json ? report.json : report.text, terminator: "")
            if !report.allCompleted {
                throw CLIError("simulate: only \(report.completedRequests) of \(report.requests) requests completed "
                    + "in \(report.steps) steps")
            }
        }
    }
}

import ArgumentParser
import CommandReports
import Engine
import KVCore

/// `kvviz compare`: the same workload through contiguous pre-allocation (max, pow2, oracle) and
/// the paged manager on the same capacity, as in the PagedAttention paper's Fig. 2.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Contiguous pre-allocation (max, pow2, oracle) vs paged on one workload: shares of KV memory.",
        discussion: """
            Defaults follow the setting of the PagedAttention paper's Fig. 2: OPT-13B on an \
            A100-40GB (a KV budget of 832 blocks of 16 slots as vLLM would size it), serving the \
            sharegpt workload (1,000 requests with the dataset's mean lengths as the paper reports \
            them, max_model_len 2048) under load. Contiguous reservations are placed by a buddy \
            allocator, as the paper assumes (--allocator first-fit for exact extents); Pow2 \
            reserves the prompt plus the next power of two of the output (the paper's 6.1). \
            Shares average the steps in which the next request waits for memory; there free \
            memory it cannot use is external fragmentation, for every strategy. The paper's \
            figures are printed under each row; paged shows its preemptions and recomputed tokens.

            Examples:
              kvviz compare
              kvviz compare --workload uniform --requests 500 --json
              kvviz compare --model llama-2-7b --gpu a100-40gb --requests 1000
            """)

    /// The PagedAttention paper's Fig. 2 setting: OPT-13B on an A100-40GB, ShareGPT lengths.
    static let defaults = WorkloadOptions.Defaults(requests: 1_000, model: "opt-13b", gpu: "a100-40gb",
                                                   workload: "sharegpt")

    @OptionGroup var options: WorkloadOptions

    @Option(help: ArgumentHelp("Allocator of the contiguous baselines: buddy (the paper's assumption) or first-fit.",
                               valueName: "name"))
    var allocator = "buddy"

    @Flag(help: "Print one JSON object: {\"strategies\": [{\"name\", \"token_states\", ...}]} with shares in 0..1.")
    var json = false

    func run() throws {
        try reportingErrors {
            guard let kind = ContiguousAllocatorKind(rawValue: allocator.lowercased()) else {
                throw CLIError.usage("--allocator: \(allocator) is unknown; use buddy or first-fit")
            }
            let run = try options.run(Self.defaults)
            // A RunError travels up to ErrorReport.
            let report = try ProgressLine.during("comparing 4 strategies on \(run.requests.count) requests") {
                try Comparison.run(run, allocator: kind)
            }
            Console.out(json ? report.json : report.text, terminator: "")
        }
    }
}

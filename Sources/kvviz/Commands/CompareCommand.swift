import ArgumentParser
import Reports
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
            A100-40GB with the paper's pool, 12 GiB of KV (its Table 1) = 983 blocks of 16 = \
            15,728 token slots (--gpu-util sizes the pool from the GPU instead), serving the \
            sharegpt workload (1,000 requests with the dataset's mean lengths as the paper reports \
            them and a log-normal spread fitted to Fig. 2's Max row alone, max_model_len 2048) \
            under load; --fit-spread repeats that fit (the Max baseline serving a \
            10,000-request sample at each sigma) and prints it. Contiguous reservations are placed by a buddy \
            allocator, as the paper assumes (--allocator first-fit for exact extents); Pow2 \
            reserves the prompt plus the next power of two of the output (the paper's 6.1). \
            Shares average the steps in which the next request waits for memory; there free \
            memory it cannot use is external fragmentation, for every strategy. The paper's \
            figures are printed under each row, with the mean batch beside its Fig. 13; paged \
            shows its preemptions and recomputed tokens.

            --workload-file replays a request trace (Azure CSV or Mooncake JSONL; see \
            simulate --help); --max-model-len then defaults to its longest request.

            Examples:
              kvviz compare
              kvviz compare --workload uniform --requests 500 --json
              kvviz compare --workload-file azure-llm-2023-conv.csv --requests 1000 --time-scale 4
              kvviz compare --model llama-2-7b --gpu a100-40gb --requests 1000
            """)

    /// The PagedAttention paper's Fig. 2 setting: OPT-13B on an A100-40GB, ShareGPT lengths.
    static let defaults = WorkloadOptions.Defaults(requests: 1_000, model: "opt-13b", gpu: "a100-40gb",
                                                   workload: "sharegpt", kvBudgetBytes: paperKVBytes,
                                                   kvBudgetSource: "the paper's 12 GiB of OPT-13B KV on an A100-40GB (Table 1)")

    /// The PagedAttention paper's Table 1: OPT-13B on one A100-40GB keeps 12 GB of KV cache,
    /// 15.7K token slots at 800 KiB a token, so GiB.
    static let paperKVBytes = 12 << 30

    @OptionGroup var options: WorkloadOptions

    @Option(help: ArgumentHelp("Allocator of the contiguous baselines: buddy (the paper's assumption) or first-fit.",
                               valueName: "name"))
    var allocator = "buddy"

    @Flag(help: "Print one JSON object: {\"strategies\": [{\"name\", \"token_states\", ...}]} with shares in 0..1.")
    var json = false

    @Flag(help: "Fit the sharegpt workload's length spread (log-normal sigma) to Fig. 2's Max row, print the fit, then compare with it.")
    var fitSpread = false

    func run() throws {
        guard let kind = ContiguousAllocatorKind(rawValue: allocator.lowercased()) else {
            throw CLIError(flag: "--allocator", .unknownName(allocator, choices: ["buddy", "first-fit"]))
        }
        var (configuration, trace) = try options.plan(Self.defaults)
        if fitSpread {
            guard configuration.workloadName == "sharegpt", trace == nil else {
                throw CLIError(flag: "--fit-spread", .rule(.fitSpreadNeedsShareGPT))
            }
            let fit = try SpreadFit.fit(configuration, allocator: kind)
            if !json { Console.out(fit.text) }
            configuration = SpreadFit.withSpread(fit.sigma, configuration)
        }
        let run = try WorkloadOptions.run(configuration, trace: trace)
        // A RunError travels up to ErrorReport.
        let report = try ProgressLine.during("comparing 4 strategies on \(run.requestCount) requests") {
            try Comparison.run(run, allocator: kind)
        }
        Console.out(json ? report.json : report.text, terminator: "")
    }
}

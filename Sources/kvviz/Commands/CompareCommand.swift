import ArgumentParser
import Engine

/// `kvviz compare`: the same workload through contiguous pre-allocation (max, pow2, oracle) and
/// the paged manager on the same capacity, as in the PagedAttention paper's Fig. 2.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Contiguous pre-allocation (max, pow2, oracle) vs paged on one workload: shares of KV memory.",
        discussion: """
            Defaults reproduce the setting of the PagedAttention paper's Fig. 2: OPT-13B on an \
            A100-40GB, whose KV budget is 963 blocks of 16 slots (15,408 tokens), serving the chat \
            workload (200 requests, seed 42, max_model_len 2048), about a ninth of its total demand, \
            so requests queue for memory. --model/--gpu or --capacity-tokens size the memory \
            instead. Headline shares average the steps in which an arrived request was waiting; \
            the busy columns average every step in which some request held memory.

            Examples:
              kvviz compare
              kvviz compare --workload uniform --requests 500 --json
              kvviz compare --model llama-2-7b --gpu a100-40gb --requests 1000
            """)

    /// The PagedAttention paper's Fig. 2 setting: OPT-13B on an A100-40GB (963 blocks of 16
    /// slots), serving 200 chat requests.
    static let defaults = WorkloadOptions.Defaults(requests: 1_000, model: "opt-13b", gpu: "a100-40gb")

    @OptionGroup var options: WorkloadOptions

    @Flag(help: "Print one JSON object: {\"strategies\": [{\"name\", \"token_states\", ...}]} with shares in 0..1.")
    var json = false

    func run() throws {
        try reportingErrors {
            let run = try options.run(Self.defaults)
            let report: ComparisonReport
            do throws(RunError) {
                report = try Comparison.run(run)
            } catch {
                throw CLIError(error.message)
            }
            print(json ? report.json : report.text, terminator: "")
        }
    }
}

import ArgumentParser
import Reports
import Engine
import KVEvents
import LiveTransport

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

            --workload-file replays a request trace instead: an Azure 2023 CSV or a Mooncake \
            JSONL, arrival times as given (the first at step 0, one step per --step-ms of trace \
            time, gaps divided by --time-scale) and lengths as given. A Mooncake hash id names \
            512 prompt tokens, written as a fixed function of the id and the position: equal ids \
            give equal tokens, so with --block-size B a prefix of k shared ids hits \
            floor(512k / B) blocks (all of it when B divides 512; a block that straddles the end \
            of the shared prefix misses, as with real text). Azure prompts share nothing.

            Examples:
              kvviz simulate
              kvviz simulate --requests 200 --gpu a100-40gb --no-prefix-caching --json
              kvviz simulate --workload-file mooncake-conversation.jsonl --model qwen2.5-7b
              kvviz simulate --requests 50 --publish 'tcp://*:5557' --encoding map

            With --publish the engine's prefix cache is published as vLLM's KV events (ZMQ PUB, \
            one EventBatch a step: BlockStored when a block is cached, BlockRemoved when one is \
            evicted) in --encoding array (vLLM up to about v0.23) or map (since PR #42892), so \
            kvviz attach, a router or a dashboard built for vLLM can watch it.
            """)

    /// 1,000 chat requests on LLaMA-2-7B / H100-80GB: the engine benchmark's configuration.
    static let defaults = WorkloadOptions.Defaults(requests: 1000, model: "llama-2-7b", gpu: "h100-80gb")

    @OptionGroup var options: WorkloadOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: ArgumentHelp("Publish the engine's cache events as vLLM's KV events on this ZMQ endpoint.", valueName: "tcp://*:PORT"))
    var publish: String?

    @Option(help: ArgumentHelp("With --publish: a replay socket (ROUTER) as vLLM's replay_endpoint.", valueName: "tcp://*:PORT"))
    var publishReplay: String?

    @Option(help: "With --publish: array (vLLM up to about v0.23) or map (since PR #42892).")
    var encoding: KVEventEncoding = .map

    @Option(help: "With --publish: the ZMQ topic (vLLM's default is empty).")
    var topic = ""

    @Option(parsing: .unconditional, help: "With --publish: steps a second (0: as fast as possible).")
    var stepsPerSecond: Double = 20

    @Option(parsing: .unconditional, help: ArgumentHelp("With --publish: wait this long for a subscriber before the first step (0: do not wait).", valueName: "SECONDS"))
    var waitSubscriber: Double = 10

    func run() throws {
        let run = try options.run(Self.defaults)
        // A RunError travels up to ErrorReport.
        let report = try publish.map { try publisher($0).run(run) }
            ?? ProgressLine.during("simulating \(run.requestCount) requests") { try Simulation.run(run) }
        Console.out(json ? report.json : report.text, terminator: "")
        if !report.allCompleted {
            throw CLIError(.unfinished(completed: report.completedRequests, requests: report.requests, steps: report.steps))
        }
    }

    func publisher(_ text: String) throws -> EnginePublisher {
        func endpoint(_ text: String, _ flag: String) throws -> Endpoint {
            switch Endpoint.parse(text) {
            case let .success(value): return value
            case let .failure(error): throw CLIError(flag: flag, .live(.endpoint(error)))
            }
        }
        guard stepsPerSecond >= 0, stepsPerSecond.isFinite else { throw CLIError(flag: "--steps-per-second", .negativeAmount("\(stepsPerSecond)", zeroMeans: "as fast as possible", unit: nil)) }
        guard waitSubscriber >= 0, waitSubscriber.isFinite else { throw CLIError(flag: "--wait-subscriber", .negativeAmount("\(waitSubscriber)", zeroMeans: "do not wait", unit: "seconds")) }
        return EnginePublisher(endpoint: try endpoint(text, "--publish"), replay: try publishReplay.map { try endpoint($0, "--publish-replay") },
                               encoding: encoding, topic: topic, stepsPerSecond: stepsPerSecond, waitSeconds: waitSubscriber)
    }
}

extension KVEventEncoding: ExpressibleByArgument {}

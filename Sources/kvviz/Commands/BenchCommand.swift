import ArgumentParser
import Foundation
import KVBenchmarks

/// `kvviz bench`: the benchmarks (README, "kvviz bench"). Each suite lives in Benchmarks/KVBenchmarks.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the block manager, the toy decoder, the engine and the frame renderer."
    )

    @Option(help: "Replay a kvtrace file through the KV cache manager and check its expected totals.")
    var trace: String?

    @Option(help: ArgumentHelp(
        "With --trace: also replay it through the pure-Python baseline and report the speedup.",
        discussion: "auto runs the script installed with kvviz (PREFIX/share/kvviz/kvtrace_replay.py) or the one in the checkout the binary was built in, never one in the working directory; PATH runs that script; off skips it.",
        valueName: "PATH|auto|off"
    ))
    var pythonBaseline = "auto"

    @Flag(help: "Cached vs uncached toy-decoder decoding at N = 256, 512, 1000.")
    var decoder = false

    @Flag(help: "One full frame (update + view) at 120x40 with 8,000 blocks, and the canvas encoders.")
    var frame = false

    @Flag(help: "Simulate 1,000 chat requests (llama-2-7b, h100-80gb), then step an engine 10,000 steps forward and back; steps/s and VmHWM.")
    var engine = false

    @Option(parsing: .unconditional, help: "With --engine: steps to run forward and then back (default 10,000).")
    var engineSteps = 10_000

    @Flag(help: "simulate and compare at 1,000, 10,000 and 100,000 requests, each in a child process: wall time and peak RSS.")
    var scale = false

    @Option(help: ArgumentHelp("Replay a request trace (Azure CSV or Mooncake JSONL) with simulate, beside 10,000 synthetic chat requests on the same server (qwen2.5-7b, h100-80gb): requests/s and peak RSS. Repeat for several files.",
                               valueName: "file"))
    var workload: [String] = []

    @Flag(help: "vLLM KV events decoded and applied per second (1,000,000 events, array and map encodings).")
    var events = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    /// Most `--engine-steps`: the benchmark's workload has steps + steps/10 requests, at most 1,000,000.
    static let maxEngineSteps = 909_090

    func run() throws {
        let suites = [trace != nil, decoder, frame, engine, scale, events, !workload.isEmpty].filter { $0 }.count
        if suites == 0 {
            throw CLIError.usage("bench: no suite named; pass --trace FILE, --decoder, --frame, --engine, --scale, --events or --workload FILE")
        }
        if json, suites > 1 {
            throw CLIError.usage("--json: prints one document, and \(suites) suites are named; run one suite per --json run")
        }
        var ranSomething = false
        if let trace {
            ranSomething = true
            try TraceBenchCLI.run(path: trace, pythonBaseline: pythonBaseline, json: json)
        }
        if decoder {
            ranSomething = true
            try DecoderBenchCLI.run(json: json)
        }
        if frame {
            ranSomething = true
            try FrameBenchCLI.run(json: json)
        }
        if engine {
            ranSomething = true
            // The run replays steps + steps/10 requests, at most the workload's 1,000,000.
            guard engineSteps > 0, engineSteps <= Self.maxEngineSteps else {
                throw CLIError.usage("--engine-steps: is \(engineSteps); use 1 to \(Self.maxEngineSteps)")
            }
            let result = try EngineBenchmark.run(engineSteps: engineSteps)
            Console.out(json ? result.json.rendered : result.summary, terminator: json ? "" : "\n")
        }
        if scale {
            ranSomething = true
            try ScaleBenchCLI.run(json: json)
        }
        if !workload.isEmpty {
            ranSomething = true
            try WorkloadBenchCLI.run(files: workload, json: json)
        }
        if events {
            ranSomething = true
            let result = EventsBenchmark.run()
            Console.out(json ? result.json.rendered : result.summary + "\n", terminator: "")
        }
        assert(ranSomething)
    }
}

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
        discussion: "auto finds Benchmarks/python/kvtrace_replay.py from the working directory or the executable; off skips it.",
        valueName: "PATH|auto|off"
    ))
    var pythonBaseline = "auto"

    @Flag(help: "Cached vs uncached toy-decoder decoding at N = 256, 512, 1000.")
    var decoder = false

    @Flag(help: "One full frame (update + view) at 120x40 with 8,000 blocks, and the canvas encoders.")
    var frame = false

    @Flag(help: "Simulate 1,000 chat requests (llama-2-7b, h100-80gb), then step an engine 10,000 steps forward and back; steps/s and VmHWM.")
    var engine = false

    @Option(help: "With --engine: steps to run forward and then back (default 10,000).")
    var engineSteps = 10_000

    @Flag(help: "simulate and compare at 1,000, 10,000 and 100,000 requests, each in a child process: wall time and peak RSS.")
    var scale = false

    @Flag(help: "vLLM KV events decoded and applied per second (1,000,000 events, array and map encodings).")
    var events = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        try reportingErrors {
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
                guard engineSteps > 0 else { throw CLIError.usage("--engine-steps is \(engineSteps); expected 1 or more") }
                let result = try EngineBenchmark.run(engineSteps: engineSteps)
                print(json ? result.json.rendered : result.summary, terminator: json ? "" : "\n")
            }
            if scale {
                ranSomething = true
                try ScaleBenchCLI.run(json: json)
            }
            if events {
                ranSomething = true
                let result = EventsBenchmark.run()
                print(json ? result.json.rendered : result.summary, terminator: json ? "" : "\n")
            }
            if !ranSomething {
                throw CLIError("bench: name a suite: --trace Tests/Fixtures/traces/chat.kvtrace, --decoder, --frame, --engine, --scale or --events")
            }
        }
    }
}

import ArgumentParser
import Foundation
import KVBase
import KVBenchmarks
import KVCore

/// `kvviz bench`: the benchmarks (README, "kvviz bench"). Each suite, its text and its JSON live
/// in Benchmarks/KVBenchmarks; this command parses the arguments, reads the trace file and
/// hands the suites the console.
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

    @Option(name: .customLong("nano-vllm"), help: ArgumentHelp(
        "With --trace: also replay it through nano-vllm's own BlockManager and report the speedup.",
        discussion: "PATH is a nano-vllm checkout (git clone https://github.com/GeeeekExplorer/nano-vllm) or its nanovllm/engine/block_manager.py; Benchmarks/python/nanovllm_replay.py loads that file with the python3 on PATH, which needs numpy and xxhash (pip install numpy xxhash). Without this option, or without those packages, the report says what to pass or install and goes on.",
        valueName: "PATH"
    ))
    var nanoVLLM: String?

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
            throw CLIError(flag: "bench", .rule(.noBenchSuite))
        }
        if nanoVLLM != nil, trace == nil {
            throw CLIError(flag: "--nano-vllm", .rule(.nanoVLLMWithoutTrace))
        }
        if json, suites > 1 {
            throw CLIError(flag: "--json", .rule(.jsonWithSuites(suites)))
        }
        let output = BenchOutput { Console.out($0, terminator: "") }
        var ranSomething = false
        if let trace {
            ranSomething = true
            try Self.withTrace(trace) { bytes, path, shown in
                try TraceBenchCLI.run(bytes: bytes, path: path, shown: shown, pythonBaseline: pythonBaseline, nanoVLLM: nanoVLLM, json: json,
                                      output: output)
            }
        }
        if decoder {
            ranSomething = true
            try DecoderBenchCLI.run(json: json, output: output)
        }
        if frame {
            ranSomething = true
            let catalog = DemoCatalog(option: nil)
            try FrameBenchCLI.run(json: json, narrated: ChapterLibrary.chapter(named: FrameBenchCLI.narratedDemo, in: catalog),
                                  tour: { try ChapterLibrary.tour(catalog) }, output: output)
        }
        if engine {
            ranSomething = true
            // The run replays steps + steps/10 requests, at most the workload's 1,000,000.
            guard engineSteps > 0, engineSteps <= Self.maxEngineSteps else {
                throw CLIError(flag: "--engine-steps", .outside(engineSteps, range: 1...Self.maxEngineSteps))
            }
            let result = try EngineBenchmark.run(engineSteps: engineSteps)
            Console.out(json ? result.json.rendered : result.summary, terminator: json ? "" : "\n")
        }
        if scale {
            ranSomething = true
            try ScaleBenchCLI.run(json: json, output: output)
        }
        if !workload.isEmpty {
            ranSomething = true
            try WorkloadBenchCLI.run(files: workload, json: json, output: output)
        }
        if events {
            ranSomething = true
            let result = EventsBenchmark.run()
            Console.out(json ? result.json.rendered : result.summary + "\n", terminator: "")
        }
        assert(ranSomething)
    }

    /// Reads the trace at `path` and gives `body` its bytes, a path the Python baseline can read
    /// and its name in the report. `path` may be `-`: standard input, saved to a temporary file
    /// (the baseline reads the same bytes) and named `<stdin>`.
    static func withTrace(_ path: String, _ body: ([UInt8], String, String) throws -> Void) throws {
        guard path == "-" else { return try body(bytes(path, shown: path), path, path) }
        let copy = try StandardInputCopy(limit: KVTrace.maxFileBytes, kind: "a .kvtrace file")
        defer { copy.remove() }
        try body(bytes(copy.path, shown: "<stdin>"), copy.path, "<stdin>")
    }

    /// The trace file's bytes, through `InputFile` (folders, FIFOs and devices refused).
    private static func bytes(_ path: String, shown: String) throws -> [UInt8] {
        do {
            return try InputFile.read(path, limit: KVTrace.maxFileBytes, expecting: "a .kvtrace file (e.g. Tests/Fixtures/traces/chat.kvtrace)")
        } catch {
            throw CLIError(.unreadable(shown, error))
        }
    }
}

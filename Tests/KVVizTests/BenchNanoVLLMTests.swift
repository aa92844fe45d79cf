import Foundation
import KVCore
import Testing
@testable import KVBenchmarks
@testable import kvviz

/// `kvviz bench --trace FILE --nano-vllm PATH`: the option, the checkout check, the skip lines
/// and the speedup in the text and JSON. None of these needs numpy, xxhash or nano-vllm: the
/// driver's real run is Tests/e2e/nanovllm.sh's, when those are there.
@Suite struct BenchNanoVLLMTests {
    /// A folder removed when the test ends.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-nanovllm-\(UInt64.random(in: 0 ... .max))")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }

    /// A four-op trace (one sequence of 5 tokens in blocks of 4) replayed by the Swift side.
    static func tinyReport() throws -> TraceReplayReport {
        let text = """
        {"format":"kvtrace","version":1,"block_size":4,"num_blocks":4,"sequences":1,"ops":3,"seed":1}
        {"op":"alloc","seq":0,"tokens":[1,2,3,4,5],"hit":0}
        {"op":"commit","seq":0,"computed":5}
        {"op":"free","seq":0}
        {"op":"end","expect":{"hit_blocks":0,"fresh_blocks":2,"evictions":0,"cached_blocks_at_end":1,"used_blocks_at_end":0}}
        """
        return try TraceReplayBenchmark.run(trace: KVTrace(parsing: Array(text.utf8), path: "tiny.kvtrace"), minimumRuns: 1, minimumSeconds: 0)
    }

    static func measured(_ opsPerSecond: Double, blockManager: String? = nil) -> PythonBaselineOutcome {
        .measured(PythonBaselineResult(script: "/x/nanovllm_replay.py", opsPerSecond: opsPerSecond, bestSeconds: 0.2, runs: 5,
                                       interpreter: "cpython 3.11.7", blockManager: blockManager))
    }

    @Test func theOptionIsParsedAndOffByDefault() throws {
        #expect(try BenchCommand.parse(["--trace", "t.kvtrace"]).nanoVLLM == nil)
        #expect(try BenchCommand.parse(["--trace", "t.kvtrace", "--nano-vllm", "/src/nano-vllm"]).nanoVLLM == "/src/nano-vllm")
        let help = BenchCommand.helpMessage(columns: 1000)
        #expect(help.contains("--nano-vllm <PATH>") && help.contains("pip install numpy xxhash"))
    }

    @Test func withoutTraceItIsAUsageError() throws {
        let command = try BenchCommand.parse(["--frame", "--nano-vllm", "/src/nano-vllm"])
        #expect(throws: CLIError.self) { try command.run() }
    }

    @Test func theCheckoutMustHoldTheBlockManager() throws {
        let folder = try Folder()
        #expect(NanoVLLMBaseline.checkoutProblem(folder.path("missing"))?.contains("no such file or folder") == true)
        #expect(NanoVLLMBaseline.checkoutProblem(folder.url.path)?.contains("has no nanovllm/engine/block_manager.py") == true)
        try folder.write("notes.txt", "x")
        #expect(NanoVLLMBaseline.checkoutProblem(folder.path("notes.txt"))?.contains("not a folder") == true)
        try folder.write("nanovllm/engine/block_manager.py", "# stand-in\n")
        #expect(NanoVLLMBaseline.checkoutProblem(folder.url.path) == nil)
        #expect(NanoVLLMBaseline.checkoutProblem(folder.path("nanovllm/engine/block_manager.py")) == nil)
    }

    @Test func aMissingCheckoutIsAUsageErrorBeforeTheReplay() throws {
        let output = BenchOutput { _ in Issue.record("nothing may be printed") }
        do {
            try TraceBenchCLI.run(bytes: [], path: "x", shown: "x", pythonBaseline: "off", nanoVLLM: "/no/such/nano-vllm",
                                  json: false, output: output)
            Issue.record("no error")
        } catch let error as BenchError {
            #expect(error.isUsage && error.message.hasPrefix("--nano-vllm: /no/such/nano-vllm: no such file or folder"))
        }
    }

    @Test func withoutTheOptionTheReportSaysWhatToPass() throws {
        #expect(NanoVLLMBaseline.measure(checkout: nil, trace: "t.kvtrace") == .skipped(reason: NanoVLLMBaseline.notRequested))
        let table = TraceBenchCLI.table(try Self.tinyReport(), baseline: .skipped(reason: "off"))
        #expect(table.contains("nano_vllm_baseline    skipped: pass --nano-vllm PATH"))
        #expect(!table.contains("speedup_vs_nano_vllm"))
    }

    @Test func theSpeedupIsKvvizOverNanoVLLMInTextAndJSON() throws {
        let report = try Self.tinyReport()
        let nanoRate = report.opsPerSecond / 125
        let nano = Self.measured(nanoRate, blockManager: "/src/nano-vllm/nanovllm/engine/block_manager.py at bb823b3e0698")
        let table = TraceBenchCLI.table(report, baseline: Self.measured(report.opsPerSecond / 30), nano: nano)
        #expect(table.contains("speedup               30.0x"))
        #expect(table.contains("speedup_vs_nano_vllm  125.0x  (kvviz / nano-vllm's BlockManager"))
        #expect(table.contains("nano_vllm_ops_per_second \(Int(nanoRate.rounded()))  (cpython 3.11.7, best of 5 runs: 200.000 ms, /src/nano-vllm/nanovllm/engine/block_manager.py at bb823b3e0698)"))

        let json = try #require(JSONSerialization.jsonObject(with: Data(TraceBenchCLI.jsonText(report, baseline: .skipped(reason: "off"), nano: nano).utf8)) as? [String: Any])
        #expect((json["speedup_vs_nano_vllm"] as? NSNumber)?.doubleValue == 125)
        #expect(json["nano_vllm_block_manager"] as? String == "/src/nano-vllm/nanovllm/engine/block_manager.py at bb823b3e0698")
        #expect(json["speedup"] is NSNull && json["python_baseline_skipped"] as? String == "off")

        let skipped = try #require(JSONSerialization.jsonObject(with: Data(TraceBenchCLI.jsonText(report, baseline: .skipped(reason: "off"),
                                                                                                 nano: .skipped(reason: "no xxhash")).utf8)) as? [String: Any])
        #expect(skipped["speedup_vs_nano_vllm"] is NSNull && skipped["nano_vllm_baseline_skipped"] as? String == "no xxhash")
    }

    @Test func theDriversJSONNamesTheBlockManagerAndCommit() throws {
        let line = #"{"ops_per_second": 500000, "best_seconds": 0.2, "runs": 5, "python": "3.11.7", "implementation": "cpython", "block_manager": "/n/nanovllm/engine/block_manager.py", "nano_vllm_commit": "bb823b3e0698"}"#
        let result = try #require(PythonBaseline.parse(Data(line.utf8), script: "d.py"))
        #expect(result.blockManager == "/n/nanovllm/engine/block_manager.py at bb823b3e0698" && result.opsPerSecond == 500_000)
        let noCommit = #"{"ops_per_second": 5, "block_manager": "/n/b.py", "nano_vllm_commit": null}"#
        #expect(try #require(PythonBaseline.parse(Data(noCommit.utf8), script: "d.py")).blockManager == "/n/b.py")
        #expect(try #require(PythonBaseline.parse(Data(#"{"ops_per_second": 5}"#.utf8), script: "d.py")).blockManager == nil)
    }

    /// The driver's "cannot measure here" exit (3) makes its last stderr line the whole reason;
    /// another failure names the script and its status. /bin/sh stands in for python3.
    @Test func anUnavailableExitIsTheDriversOwnLine() throws {
        let folder = try Folder()
        try folder.write("driver.sh", "echo progress >&2\necho 'nanovllm_replay: python3 has no xxhash: pip install xxhash' >&2\nexit 3\n")
        let unavailable = PythonBaseline.run(python: "/bin/sh", script: folder.path("driver.sh"), arguments: ["--nano-vllm=/n"],
                                             trace: "t.kvtrace", unavailableStatus: NanoVLLMBaseline.unavailableStatus)
        #expect(unavailable == .skipped(reason: "nanovllm_replay: python3 has no xxhash: pip install xxhash"))
        let failed = PythonBaseline.run(python: "/bin/sh", script: folder.path("driver.sh"), trace: "t.kvtrace")
        #expect(failed == .skipped(reason: "\(folder.path("driver.sh")) failed (exit 3): nanovllm_replay: python3 has no xxhash: pip install xxhash"))
    }

    /// The arguments reach the driver in order: the checkout (as one `--nano-vllm=PATH`, so a
    /// path starting with `-` stays a value), then the trace.
    @Test func theDriverGetsTheCheckoutThenTheTrace() throws {
        let folder = try Folder()
        try folder.write("driver.sh", "printf '%s\\n' \"$@\" >\"\(folder.path("args"))\"\nexit 1\n")
        _ = PythonBaseline.run(python: "/bin/sh", script: folder.path("driver.sh"), arguments: ["--nano-vllm=-odd"], trace: "t.kvtrace",
                               minimumSeconds: 1.0)
        let args = try String(contentsOfFile: folder.path("args"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(args == ["--nano-vllm=-odd", "t.kvtrace", "--json", "--min-seconds", "1.0"])
    }
}

import Foundation
import KVBase
import KVEvents
import LiveTransport
import Testing
@testable import kvviz

/// A flag's value out of bounds is a typed problem about the flag, worded once.
@Suite("Command-line errors")
struct CLIErrorTests {
    @Test func everyFlagProblemRendersItsLine() {
        let lines: [(String, CLIError.Problem, String)] = [
            ("--block-size", .notPositive(0, unit: "token slots per block"), "--block-size: is 0; use a positive number of token slots per block"),
            ("--max-num-seqs", .aboveLimit(9_000, limit: 4_096, of: "sequences a run may schedule"),
             "--max-num-seqs: is 9000, above the 4096 sequences a run may schedule"),
            ("--requests", .aboveMaximum(30_000, maximum: 20_000), "--requests: is 30000; use at most 20000"),
            ("--engine-steps", .outside(0, range: 1...1_000_000), "--engine-steps: is 0; use 1 to 1000000"),
            ("--pp", .outsideRange(0, range: 1...64, meaning: "the number of pipeline stages", example: 2),
             "--pp: is 0, outside 1...64; pass the number of pipeline stages, such as 2"),
            ("--steps", .negative(-1), "--steps: is -1; use 0 or more"),
            ("--max-tokens", .belowOne(0), "--max-tokens: is 0; use 1 or more"),
            ("--seed", .negativeSeed(-3), "--seed: is -3; use 0 or a positive integer"),
            ("--timeout", .negativeAmount("-1.0", zeroMeans: "never", unit: "seconds"), "--timeout: is -1.0; pass 0 (never) or more seconds"),
            ("--temperature", .negativeAmount("-1", zeroMeans: "greedy", unit: nil), "--temperature: is -1; pass 0 (greedy) or more"),
            ("--allocator", .unknownName("slab", choices: ["buddy", "first-fit"]), "--allocator: slab is unknown; use buddy or first-fit"),
            ("--workload", .unknownName("x", choices: ["chat", "uniform", "sharegpt"]), "--workload: x is unknown; use one of chat, uniform, sharegpt"),
            ("--time-scale", .timeScale(0.0, maximum: 1000), "--time-scale: is 0.0; use a factor above 0 and at most 1000 (2: arrivals twice as fast)"),
            ("--step-ms", .stepMilliseconds(-1.0), "--step-ms: is -1.0; use a step length above 0 ms and at most 3600000 (an hour)"),
            ("--format", .traceOnly, "--format: applies to a trace; pass --workload-file FILE with it, or drop it"),
            ("--size", .sizeSyntax("big"), "--size: 'big' is not WIDTHxHEIGHT; use e.g. 120x40"),
            ("--size", .sizeOutOfRange("10x10"), "--size: is 10x10; use at least 80x24 and at most 1000x500"),
            ("attach", .notATerminal, "attach: stdin or stdout is not a terminal; add --json for one JSON line per batch"),
        ]
        for (flag, problem, line) in lines {
            let error = CLIError(flag: flag, problem)
            #expect(error.description == line)
            #expect(error.isUsage)
        }
        #expect(CLIError(.cannotWrite("out.txt", errno: ENOSPC)).description
            == "cannot write out.txt: no space left on device; free some space or write elsewhere")
        #expect(CLIError(.cannotWrite("standard output", errno: EBADF)).description
            == "cannot write standard output: bad file descriptor; it is closed; redirect it to a file or /dev/null instead")
        #expect(CLIError(.cannotOpenOutput("a/b.txt", errno: ENOENT)).description
            == "-o a/b.txt: no such file or directory; create its folder first")
        #expect(CLIError(.cannotOpenOutput("/x", errno: EACCES)).description == "-o /x: permission denied; choose a writable path")
        #expect(!CLIError(.cannotWrite("out.txt", errno: ENOSPC)).isUsage)
        let missing: InputFile.Failure
        do {
            _ = try InputFile.read("/nonexistent/x.log", limit: 10, expecting: "a vLLM log")
            Issue.record("a missing file was read")
            return
        } catch {
            missing = error
        }
        #expect(CLIError(.unreadable("/nonexistent/x.log", missing)).description == "/nonexistent/x.log: no such file; check the path")
        #expect(CLIError(.unreadableRecording("replay r.kvlive", missing)).description
            == "replay r.kvlive: no such file; check the path; record one with kvviz attach tcp://HOST:PORT --record FILE")
        let garbage: LiveRecording.Failure
        do {
            _ = try LiveRecording.decode(Array("not a recording".utf8))
            Issue.record("garbage decoded as a recording")
            return
        } catch {
            garbage = error
        }
        let header = "is not a kvviz recording (no \"KVVIZ-LIVE 1\" or \"KVVIZ-LIVE 2\" header)"
        #expect(CLIError(.undecodableRecording("replay r.kvlive", garbage)).description
            == "replay r.kvlive: \(header); record one with kvviz attach tcp://HOST:PORT --record FILE")
        #expect(CLIError(.recordingNotBuiltIn(origin: "w.yaml", recording: "r.kvlive")).description
            == "w.yaml: recording r.kvlive is not built in; add it to demos/recordings/ and rebuild")
        #expect(CLIError(.recordingCutShort(origin: "w.yaml", recording: "r.kvlive")).description
            == "w.yaml: recording r.kvlive ends in a record cut short; record it again with scripts/record-engine-demo.sh")
        #expect(CLIError(.recordingUndecodable(origin: "w.yaml", recording: "r.kvlive", garbage)).description
            == "w.yaml: recording r.kvlive \(header); record it again with scripts/record-engine-demo.sh")
        #expect(CLIError(.cueFramePastRecording(origin: "w.yaml", cue: 2, frame: 9, frames: 5)).description
            == "w.yaml: narration[2].frame: 9 is past the recording's 5 frames; use a frame from 0 to 5")
        #expect(CLIError(.standardInputTooLarge(limit: 64, kind: "a trace")).description == "<stdin>: is more than 64 bytes, the limit for a trace")
        #expect(CLIError(.standardInputEmpty(kind: "a trace")).description == "<stdin>: is empty; pipe a trace into it or pass a path")
    }

    /// Runtime failures (exit 1) name their own subject; each case renders its exact line.
    @Test func everyRuntimeProblemRendersItsLine() throws {
        func endpoint(_ text: String) throws -> Endpoint { try Endpoint.parse(text).get() }
        let first = try endpoint("tcp://127.0.0.1:5557"), second = try endpoint("tcp://127.0.0.1:5558")
        let config = #"'{"enable_kv_cache_events":true,"publisher":"zmq"}'"#
        let lines: [(CLIError.Problem, String)] = [
            (.logInputTooLarge(limit: 1_000), "-: standard input is more than 1000 bytes; pass only the start-up part of the log"),
            (.cannotCopyStandardInput(path: "/tmp/kvviz-stdin-1"),
             "cannot write standard input to /tmp/kvviz-stdin-1: check that the temporary folder is writable"),
            (.cannotCreateFolder("slides", reason: "permission denied"), "cannot create the folder slides: permission denied"),
            (.notZmq(first),
             "attach tcp://127.0.0.1:5557: the endpoint answers but does not speak ZMQ (handshake failed); point attach at vLLM's KV-event port (--kv-events-config endpoint, default tcp://HOST:5557)"),
            (.nothingReceived(endpoints: [first], seconds: 1.5, states: [.refused(retries: 3)]),
             "attach tcp://127.0.0.1:5557: nothing received in 1.5 s (no publisher at tcp://127.0.0.1:5557 (connection refused, 3 retries); "
                + "start vLLM with --kv-events-config or check the address); start vLLM with --kv-events-config \(config) or check the address"),
            (.nothingReceived(endpoints: [first, second], seconds: 2.0, states: [.connected, .connecting]),
             "attach tcp://127.0.0.1:5557 tcp://127.0.0.1:5558: nothing received in 2.0 s (connected to tcp://127.0.0.1:5557; "
                + "connecting to tcp://127.0.0.1:5558…); start vLLM with --kv-events-config \(config) or check the address"),
            (.cannotRecord(path: "/no/dir/r.kvlive", errno: ENOENT),
             "attach --record /no/dir/r.kvlive: cannot write it (No such file or directory); check the directory exists and is writable"),
            (.recordingWriteFailed(path: "r.kvlive", errno: ENOSPC),
             "attach --record r.kvlive: cannot write (No space left on device); free some space or record elsewhere"),
            (.cannotPublish(first, reason: "zmq_bind: Address already in use"),
             "simulate --publish tcp://127.0.0.1:5557: zmq_bind: Address already in use; choose a free port or another address"),
            (.publishFailed(first, reason: "zmq_send: Interrupted system call"),
             "simulate --publish tcp://127.0.0.1:5557: zmq_send: Interrupted system call; check the subscriber and the address"),
            (.unfinished(completed: 3, requests: 4, steps: 9), "simulate: only 3 of 4 requests completed in 9 steps"),
            (.checkFailed(count: 1, walkthroughs: 1), "1 problem in 1 walkthrough; each is listed above with its file, line, cue and step"),
            (.checkFailed(count: 3, walkthroughs: 21), "3 problems in 21 walkthroughs; each is listed above with its file, line, cue and step"),
        ]
        for (problem, line) in lines {
            let error = CLIError(problem)
            #expect(error.description == line)
            #expect(!error.isUsage)
        }
    }

    /// `--record` into a folder that does not exist keeps the path and errno, not a sentence.
    @Test func unwritableRecordingIsTyped() {
        do {
            _ = try LiveRecorder(path: "/nonexistent/dir/r.kvlive")
            Issue.record("a recording was opened in a missing folder")
        } catch let error as CLIError {
            #expect(error.problem == .cannotRecord(path: "/nonexistent/dir/r.kvlive", errno: ENOENT))
        } catch {
            Issue.record("not a CLIError: \(error)")
        }
    }

    @Test func everyFlagRuleRendersItsLine() {
        let lines: [(String, FlagRule, String)] = [
            ("--model and --config", .bothNameAModel, "--model and --config: both name a model; pass one of them"),
            ("--model", .missingModel(choices: ["a", "b"]), "--model: is missing; pass --model (one of a, b) or --config FILE (or --list)"),
            ("--workload", .workloadAndTrace, "--workload: names a generated workload, --workload-file a trace; pass one of them"),
            ("--fit-spread", .fitSpreadNeedsShareGPT, "--fit-spread fits the sharegpt workload: drop --workload or pass --workload sharegpt"),
            ("bench", .noBenchSuite,
             "bench: no suite named; pass --trace FILE, --decoder, --frame, --engine, --scale, --events or --workload FILE"),
            ("--json", .jsonWithSuites(2), "--json: prints one document, and 2 suites are named; run one suite per --json run"),
            ("--step", .stepWithoutSVG, "--step: picks one SVG slide; use it with --format svg"),
            ("--format svg", .slidesWithoutFolder, "--format svg: writes one file per narration cue; pass -o DIR, or --step N for one slide"),
            ("--step", .stepPastEnd(step: 90, last: 40), "--step: is 90, but the walkthrough ends at step 40; use a step up to that"),
            ("-o out.svg", .slidesIntoFile, "-o out.svg: is a file; --format svg writes a folder of slides, so name a folder"),
            ("--gpu", .gpuWithoutModel, "--gpu only sets up a prediction: add --config FILE or --model ID"),
            ("--vllm", .unknownVLLM("0.1"), "--vllm: 0.1 is not a vLLM release kvviz follows (0.4 to 0.x); pass one such as 0.19, v0.6.3 or latest"),
            ("--speed", .speed("0"), "--speed: is 0; use steps per second between 0 and 1000, e.g. 2"),
            ("--prompt", .emptyPrompt, "--prompt: is empty; give at least one character"),
            ("--prompt", .beyondContext(promptTokens: 10, maxTokens: 300, context: 256),
             "--prompt (10 tokens) + --max-tokens (300) exceeds the toy model's context of 256 tokens: lower --max-tokens to at most 246 or shorten --prompt"),
            ("--atomic", .atomicToStandardOutput, "--atomic: there is no file to replace on standard output; pass -o PATH with it"),
            ("-o f", .atomicNotRegular(node: "a FIFO"), "-o f: --atomic replaces only a regular file, and this is a FIFO; drop --atomic to write through it"),
            ("--demos d", .notAFolder, "--demos d: is not a folder; name a folder of scenario files (.yaml, .yml, .json)"),
            ("--demos d", .noScenarioFiles, "--demos d: has no scenario files; put .yaml, .yml or .json walkthroughs in it"),
            ("walkthrough 'x'", .unknownWalkthrough(known: ["a", "b"]), "walkthrough 'x': not found; see kvviz demo --list (a, b)"),
        ]
        for (subject, rule, line) in lines {
            #expect(CLIError(flag: subject, .rule(rule)).description == line)
        }
    }

    @Test func everyLiveFlagProblemRendersItsLine() {
        let lines: [(String, LiveFlagProblem, String)] = [
            ("attach", .noEndpoint, "attach: no endpoint; write e.g. kvviz attach tcp://127.0.0.1:5557"),
            ("--ranks", .rankCount(0, maximum: 64), "--ranks: is 0; pass the number of data-parallel ranks, 1 to 64"),
            ("--ranks", .ranksWithEndpoints(2),
             "--ranks: 2 endpoints given; pass rank 0's endpoint only (rank r publishes on its port + r) or list every endpoint without --ranks"),
            ("--ranks", .noPortToCount(flag: "attach", endpoint: "ipc:///tmp/x"),
             "--ranks: attach ipc:///tmp/x has no port to count from; list each rank's endpoint instead"),
            ("--ranks", .pastLastPort(flag: "--replay", endpoint: "tcp://h:65535", extraRanks: 1),
             "--ranks: --replay tcp://h:65535 + 1 passes port 65535; lower --ranks or the port"),
            ("--replay", .oneReplayForRanks(2), "--replay: one replay socket for 2 endpoints; use --ranks N to derive one per rank (port + r)"),
            ("attach", .endpointTwice("tcp://h:1"), "attach: tcp://h:1 is given twice; list each data-parallel rank's endpoint once"),
            ("--metrics", .httpsMetrics("https://h/metrics"),
             "--metrics: https://h/metrics uses https, which is not supported; use http:// (vLLM serves /metrics over plain HTTP) or a local proxy"),
            ("--metrics", .notHTTPAddress("h"), "--metrics: h is not an http://HOST:PORT/PATH address; write e.g. http://127.0.0.1:8000/metrics"),
            ("--metrics-per-rank", .metricsPerRankCount(2), "--metrics-per-rank: needs one --metrics URL (rank 0's; rank r's is on its port + r), got 2"),
            ("--metrics-per-rank", .metricsPastLastPort(port: 65535, extraRanks: 1), "--metrics-per-rank: port 65535 + 1 passes 65535; lower the port or the ranks"),
            ("--metrics", .metricsCount(pages: 2, ranks: 1),
             "--metrics: 2 pages for 1 rank; give one for the whole server, one per rank in rank order, or one with --metrics-per-rank"),
            ("--metrics", .metricsCount(pages: 2, ranks: 3),
             "--metrics: 2 pages for 3 ranks; give one for the whole server, one per rank in rank order, or one with --metrics-per-rank"),
        ]
        for (subject, problem, line) in lines {
            #expect(CLIError(flag: subject, .live(problem)).description == line)
        }
    }
}

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
        #expect(CLIError("simulate: only 3 of 4 requests completed in 9 steps").description == "simulate: only 3 of 4 requests completed in 9 steps")
        #expect(!CLIError("a file is broken").isUsage)
    }
}

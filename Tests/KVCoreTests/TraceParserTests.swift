import Testing
@testable import KVCore

@Suite("Trace reading")
struct TraceParserTests {
    static let header = #"{"format":"kvtrace","version":1,"block_size":4,"num_blocks":8,"sequences":1,"ops":4,"seed":3}"#

    func parse(_ lines: [String]) throws -> KVTrace {
        try KVTrace(parsing: Array(lines.joined(separator: "\n").utf8), path: "t.kvtrace")
    }

    /// The error message a trace produces, or nil if it parses.
    func parseError(_ lines: [String]) -> String? {
        do {
            _ = try parse(lines)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aWellFormedTraceParsesIntoCompactOps() throws {
        let trace = try parse([
            Self.header,
            #"{"op":"alloc","seq":0,"tokens":[5,6,7,8,9],"hit":0}"#,
            "",
            #"{"op":"commit","seq":0,"computed":5}"#,
            #"{"op":"append","seq":0,"token":-3}"#,
            #"{"op":"free","seq":0}"#,
            #"{"op":"end","expect":{"hit_blocks":0,"fresh_blocks":2,"evictions":0,"peak_used_blocks":2,"cached_blocks_at_end":1,"used_blocks_at_end":0,"steps":9}}"#,
        ])
        #expect(trace.blockSize == 4)
        #expect(trace.numBlocks == 8)
        #expect(trace.seed == 3)
        #expect(trace.ops == [.allocate(0, prompt: 0, hit: 0), .commit(0, computed: 5), .append(0, -3), .free(0)])
        #expect(trace.lines == [2, 4, 5, 6])
        #expect(trace.prompts == [[5, 6, 7, 8, 9]])
        #expect(trace.expected?["steps"] == 9)
        let result = try trace.replay()
        #expect(trace.checks(for: result.totals).allSatisfy { $0.isOK })
        #expect(trace.checks(for: result.totals).count == 6)
        #expect(result.totals.cachedBlocksAtEnd == 1)
    }

    @Test func aTraceWithoutAnEndLineHasNothingToCompare() throws {
        let trace = try parse([Self.header, #"{"op":"alloc","seq":0,"tokens":[1]}"#])
        #expect(trace.expected == nil)
        let result = try trace.replay()
        #expect(trace.checks(for: result.totals).isEmpty)
        #expect(result.totals.usedBlocksAtEnd == 1)
        #expect(result.hitMismatches == 0)                      // no recorded hit to compare
    }

    @Test func malformedLinesNameTheFileLineAndProblem() {
        #expect(parseError([]) == "t.kvtrace: empty file, expected a kvtrace header line")
        #expect(parseError([#"{"op":"alloc"}"#])?.hasPrefix("t.kvtrace:1: not a kvtrace header") == true)
        #expect(parseError([#"{"format":"kvtrace","version":2,"block_size":4,"num_blocks":8}"#])
            == "t.kvtrace:1: kvtrace version 2 is not supported, this kvviz reads version 1")
        #expect(parseError([#"{"format":"kvtrace","version":1,"num_blocks":8}"#])
            == #"t.kvtrace:1: header needs "block_size""#)
        #expect(parseError([Self.header, #"{"op":"alloc","seq":0}"#]) == #"t.kvtrace:2: op "alloc" needs "tokens""#)
        #expect(parseError([Self.header, #"{"op":"alloc","seq":0,"tokens":[1,2"#])
            == "t.kvtrace:2: invalid JSON at column 36: line ends early, expected ',' or ']'")
        #expect(parseError([Self.header, #"{"op":"alloc","seq":0,"tokens":"abc"}"#])
            == #"t.kvtrace:2: op "alloc": "tokens" must be an array of integers, found a string"#)
        #expect(parseError([Self.header, #"{"op":"alloc","seq":0,"tokens":[1,2.5]}"#])
            == #"t.kvtrace:2: op "alloc": "tokens" must be an array of integers, found an array"#)
        #expect(parseError([Self.header, #"{"op":"append","seq":-1,"token":3}"#])
            == #"t.kvtrace:2: op "append": "seq" is -1, outside 0...999999"#)
        #expect(parseError([Self.header, #"{"op":"append","seq":0,"token":4294967296}"#])
            == #"t.kvtrace:2: op "append": "token" is 4294967296, outside -2147483648...2147483647"#)
        #expect(parseError([Self.header, #"{"op":"alloc","seq":0,"tokens":[1,99999999999]}"#])
            == #"t.kvtrace:2: op "alloc": token 1 is 99999999999, outside the 32-bit token ids"#)
        #expect(parseError([Self.header, #"{"op":"allok","seq":0}"#])
            == #"t.kvtrace:2: unknown op "allok" (expected alloc, commit, append, free or end)"#)
        #expect(parseError([Self.header, #"{"seq":0}"#]) == #"t.kvtrace:2: missing "op" (alloc, commit, append, free or end)"#)
        #expect(parseError([Self.header, #"{"op":"end","expect":{}}"#, #"{"op":"free","seq":0}"#])
            == #"t.kvtrace:3: text after the "end" line (line 2)"#)
        #expect(parseError([Self.header, "not json"]) == "t.kvtrace:2: invalid JSON at column 1: expected a JSON object starting with '{'")
        #expect(parseError([Self.header, #"{"op":"free","seq":0} x"#]) == "t.kvtrace:2: invalid JSON at column 23: unexpected text after the object")
    }

    @Test func impossibleOpsFailTheReplayAtTheirLine() {
        func replayError(_ lines: [String]) -> String? {
            do {
                _ = try parse([Self.header] + lines).replay()
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(replayError([#"{"op":"append","seq":4,"token":1}"#])
            == "t.kvtrace:2: append to seq 4, which is not allocated")
        #expect(replayError([#"{"op":"alloc","seq":0,"tokens":[1]}"#, #"{"op":"commit","seq":0,"computed":2}"#])
            == "t.kvtrace:3: commit of 2 tokens, but seq 0 holds only 1")
        #expect(replayError([#"{"op":"alloc","seq":0,"tokens":[1]}"#, #"{"op":"alloc","seq":0,"tokens":[1]}"#])
            == "t.kvtrace:3: alloc of seq 0, which is still allocated (a trace frees a sequence before reusing its id)")
        #expect(replayError([#"{"op":"alloc","seq":0,"tokens":[\#((0 ..< 40).map(String.init).joined(separator: ","))]}"#])
            == "t.kvtrace:2: alloc of seq 0 needs up to 10 blocks, only 8 are free")
        #expect(replayError([#"{"op":"free","seq":1}"#]) == "t.kvtrace:2: free of seq 1, which is not allocated")
    }

    @Test func aMissingFileIsReportedByName() {
        #expect(throws: TraceError.self) { try KVTrace(contentsOf: "/nonexistent/x.kvtrace") }
    }

    @Test func stringsWithEscapesAndUnknownFieldsAreAccepted() throws {
        let trace = try parse([
            #"{"format":"kvtrace","version":1,"block_size":4,"num_blocks":8,"note":"a \"quoted\" \u00e9 \ud83d\ude00","extra":[true,null,{"x":1.5}]}"#,
            #"{"op":"free","seq":0,"why":"x"}"#,
        ])
        #expect(trace.ops == [.free(0)])
    }

    /// A trace error keeps what was wrong as values; its line is worded in one place.
    @Test func traceProblemsAreTyped() {
        func problem(_ lines: [String]) -> TraceError.Problem? {
            do {
                _ = try parse(lines)
                return nil
            } catch let error as TraceError {
                return error.problem
            } catch {
                return nil
            }
        }
        #expect(problem([Self.header, #"{"op":"grow","seq":0}"#]) == .unknownOp("grow"))
        #expect(problem([Self.header, #"{"op":"commit","seq":0,"computed":-1}"#])
            == .outOfRange(subject: "op \"commit\"", field: "computed", value: -1, accepted: 0 ... Int(Int32.max)))
        #expect(problem([]) == .empty)
        #expect(parseError([Self.header, #"{"op":"grow","seq":0}"#]) == #"t.kvtrace:2: unknown op "grow" (expected alloc, commit, append, free or end)"#)
    }
}

import Foundation
import Testing
@testable import KVCore

/// Every malformed shape gives one located line, `FILE:LINE: field X: why; fix`, never a trap.
@Suite("Request traces: malformed files")
struct RequestTraceErrorTests {
    static let header = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
    static func line(_ time: Any, _ input: Any, _ output: Any, _ ids: String = "[1]") -> String {
        #"{"timestamp": \#(time), "input_length": \#(input), "output_length": \#(output), "hash_ids": \#(ids)}"# + "\n"
    }

    func error(_ text: String, _ name: String = "t.jsonl") throws -> String {
        try #require(try RequestTraceFiles.scanError(text, name: name))
    }

    @Test func missingColumnsAndKeys() throws {
        #expect(try error("TIMESTAMP,ContextTokens\n2023-11-16 18:00:00,5\n", "t.csv")
            == "t.csv:1: field GeneratedTokens: is missing from the header; an Azure trace's header names TIMESTAMP,ContextTokens,GeneratedTokens")
        #expect(try error(#"{"timestamp": 0, "input_length": 5, "hash_ids": [1]}"# + "\n")
            == "t.jsonl:1: field output_length: is missing; each line needs timestamp, input_length, output_length, hash_ids")
        #expect(try error(Self.header + "2023-11-16 18:00:00,5\n", "t.csv").hasPrefix("t.csv:2: field GeneratedTokens: the line has 2 fields but the header names 3"))
    }

    @Test func negativeLengths() throws {
        #expect(try error(Self.header + "2023-11-16 18:00:00,-5,3\n", "t.csv")
            == "t.csv:2: field ContextTokens: is -5; a prompt needs at least 1 token")
        #expect(try error(Self.line(0, 5, 1) + Self.line(1, 5, -2))
            == "t.jsonl:2: field output_length: is -2; use a token count of 0 or more")
    }

    @Test func hugeLengths() throws {
        #expect(try error(Self.header + "2023-11-16 18:00:00,99999999999999999999999,3\n", "t.csv")
            .hasPrefix("t.csv:2: field ContextTokens: is 99999999999999999999999, above the 67108864 tokens a request may hold"))
        #expect(try error(Self.line(0, 5, 100_000_000))
            .hasPrefix("t.jsonl:1: field output_length: is 100000000, above the 67108864 tokens"))
        #expect(try error(Self.line(0, "1e300", 1)).hasPrefix("t.jsonl:1: field input_length: is 1e+300, above the 67108864 tokens"))
    }

    @Test func unsortedTimestamps() throws {
        #expect(try error(Self.line(0, 5, 1) + Self.line(100, 5, 1) + Self.line(40, 5, 1))
            == "t.jsonl:3: field timestamp: arrives 60 ms before the request on line 2; sort the file by arrival time")
        #expect(try error(Self.header + "2023-11-16 18:00:01,5,3\n2023-11-16 18:00:00.75,5,3\n", "t.csv")
            == "t.csv:3: field TIMESTAMP: arrives 250 ms before the request on line 2; sort the file by arrival time")
    }

    @Test func nonNumericFields() throws {
        #expect(try error(Self.header + "2023-11-16 18:00:00,five,3\n", "t.csv")
            == #"t.csv:2: field ContextTokens: "five" is not a whole number; give a whole number of tokens"#)
        #expect(try error(Self.header + "yesterday,5,3\n", "t.csv")
            == #"t.csv:2: field TIMESTAMP: "yesterday" is not a time; use YYYY-MM-DD HH:MM:SS.fffffff as the Azure traces do"#)
        #expect(try error(Self.line(#""now""#, 5, 1))
            == "t.jsonl:1: field timestamp: is a string, not a number; give the arrival in milliseconds")
        #expect(try error(Self.line(0, 5.5, 1))
            == "t.jsonl:1: field input_length: is 5.5, not a whole number; give a whole number of tokens")
        #expect(try error(Self.line(0, 5, 1, #"["a"]"#))
            == "t.jsonl:1: field hash_ids: holds something other than whole numbers; give a list of integer block ids")
        #expect(try error(Self.line(0, 5, 1) + "{\"timestamp\": 1, \n")
            .hasPrefix("t.jsonl:2: not valid JSON at column"))
    }

    @Test func hashIDsMustCoverThePrompt() throws {
        #expect(try error(Self.line(0, 1_025, 1, "[1, 2]"))
            == "t.jsonl:1: field hash_ids: has 2 ids for 1025 prompt tokens; give one id per 512-token block (3)")
        #expect(try error(Self.line(0, 5, 1, "[-1]"))
            == "t.jsonl:1: field hash_ids: holds -1; block ids are 0 to \(Int.max >> 1)")
    }

    @Test func emptyFilesAndHeaderOnly() throws {
        #expect(try error("", "t.csv") == "t.csv: is empty; give an Azure CSV or a Mooncake JSONL trace")
        #expect(try error("\n  \n", "t.jsonl") == "t.jsonl: is empty; give an Azure CSV or a Mooncake JSONL trace")
        #expect(try error(Self.header, "t.csv") == "t.csv: has a header but no requests; add request lines")
        #expect(try error("hello\n", "t.txt")
            == "t.txt:1: is neither a Mooncake JSON line nor an Azure CSV header; pass --workload-format azure or mooncake")
    }

    @Test func aGigabyteLineIsRefusedAfterTheCapNotRead() throws {
        // A sparse 1 GiB file: a header, one good line, then a line of a billion NUL bytes.
        let path = try RequestTraceFiles.write(Self.header + "2023-11-16 18:00:00,5,3\n", name: "huge.csv")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: RequestTraceError(path: path, line: 3, .lineTooLong(maximum: 1_048_576))) {
            _ = try RequestTrace.scan(path: path)
        }
        #expect(start.duration(to: clock.now) < .seconds(5))
        try FileManager.default.removeItem(atPath: path)
    }

    @Test func notAFileAndBadOptions() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: RequestTraceError.self) { _ = try RequestTrace.scan(path: folder) }
        #expect(throws: RequestTraceError.self) { _ = try RequestTrace.scan(path: "/no/such/trace.csv") }
        let path = RequestTraceFiles.fixture("azure-code-100.csv")
        #expect(throws: RequestTraceError.self) { _ = try RequestTrace.scan(path: path, options: .init(timeScale: 0)) }
        #expect(throws: RequestTraceError.self) { _ = try RequestTrace.scan(path: path, options: .init(stepMilliseconds: .nan)) }
    }

    @Test func theFirstLineOfALongFileIsNamedWhereItFails() throws {
        let ordered = Self.header + (0..<5_000).map { "2023-11-16 18:00:00.\(String(format: "%04d", $0)),5,3\n" }.joined()
            + "2023-11-16 18:00:00,x,3\n"
        #expect(try error(ordered, "long.csv") == #"long.csv:5002: field ContextTokens: "x" is not a whole number; give a whole number of tokens"#)
    }
}

import Foundation
import Testing
@testable import KVCore

@Suite("Request traces: reading the real formats")
struct RequestTraceReadingTests {
    @Test func theAzureExcerptReadsWithItsTimesAndLengths() throws {
        let trace = try RequestTrace.scan(path: RequestTraceFiles.fixture("azure-conv-200.csv"))
        #expect(trace.format == .azure)
        #expect(trace.summary.requests == 200)
        var feed = try trace.feed()
        let requests = try feed.all()
        #expect(requests.count == 200)
        // 2023-11-16 18:15:46.6805900,374,44 then 18:15:50.9951690,396,109: 4,314.579 ms later,
        // step floor(4314.579 / 20) = 215.
        #expect(requests[0].promptLength == 374 && requests[0].outputLength == 44 && requests[0].arrivalStep == 0)
        #expect(requests[1].promptLength == 396 && requests[1].outputLength == 109 && requests[1].arrivalStep == 215)
        #expect(requests.map(\.id) == Array(0..<200))
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.arrivalStep <= $1.arrivalStep })
        #expect(trace.summary.promptTokens == requests.reduce(0) { $0 + $1.promptLength })
    }

    @Test func timeScaleCompressesArrivalsAndStepLengthSetsTheUnit() throws {
        let path = RequestTraceFiles.fixture("azure-conv-200.csv")
        var fast = try RequestTrace.scan(path: path, options: .init(timeScale: 10)).feed()
        var coarse = try RequestTrace.scan(path: path, options: .init(stepMilliseconds: 1_000)).feed()
        let second = try fast.all()[1]
        #expect(second.arrivalStep == 21)  // 4314.579 / 10 / 20
        #expect(try coarse.all()[1].arrivalStep == 4)  // 4314.579 / 1000
    }

    @Test func theMooncakeExcerptKeepsItsBlockIDsAsSharedPrompts() throws {
        let trace = try RequestTrace.scan(path: RequestTraceFiles.fixture("mooncake-conversation-200.jsonl"))
        #expect(trace.format == .mooncake)
        #expect(trace.summary.requests == 200)
        var feed = try trace.feed()
        let requests = try feed.all()
        // Lines 11 and 135 share their first 26 ids: 26 x 512 = 13,312 tokens, then differ
        // (line 11's 27th block is its partial last one, 232 tokens).
        let eleventh = requests[10].promptTokens
        let later = requests[134].promptTokens
        let first = requests[0].promptTokens
        #expect(eleventh.count == 13_544 && later.count == 49_948)
        #expect(eleventh.prefix(13_312).elementsEqual(later.prefix(13_312)))
        #expect(!eleventh[13_312...].elementsEqual(later[13_312..<13_544]))
        // Lines 1 and 2 share only id 0: 512 tokens, then differ.
        let second = requests[1].promptTokens
        #expect(second.prefix(512).elementsEqual(first.prefix(512)))
        #expect(!second[512..<1024].elementsEqual(first[512..<1024]))
        #expect(trace.summary.traceBlocks == requests.reduce(0) { $0 + ($1.promptLength + 511) / 512 })
    }

    @Test func formatFollowsContentThenExtensionOrTheGivenName() throws {
        let csv = try RequestTraceFiles.write("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,10,2\n", name: "trace.txt")
        #expect(try RequestTrace.scan(path: csv).format == .azure)
        let json = try RequestTraceFiles.write(#"{"timestamp": 5, "input_length": 3, "output_length": 1, "hash_ids": [7]}"# + "\n",
                                               name: "trace.log")
        #expect(try RequestTrace.scan(path: json).format == .mooncake)
        #expect(try RequestTrace.scan(path: json, options: .init(format: .mooncake)).summary.requests == 1)
    }

    @Test func maxRequestsReadsOnlyTheFirstOnes() throws {
        let trace = try RequestTrace.scan(path: RequestTraceFiles.fixture("mooncake-synthetic-100.jsonl"),
                                          options: .init(maxRequests: 7))
        var feed = try trace.feed()
        #expect(trace.summary.requests == 7)
        #expect(try feed.all().count == 7)
    }

    @Test func azurePromptsShareNothing() throws {
        var feed = try RequestTrace.scan(path: RequestTraceFiles.fixture("azure-code-100.csv")).feed()
        let requests = try feed.all()
        #expect(requests[0].promptTokens.prefix(8) != requests[1].promptTokens.prefix(8))
        #expect(requests[0].promptTokens == requests[0].promptTokens)  // written the same each time
    }

    @Test func crlfLineEndsAndBlankLinesAreAccepted() throws {
        let path = try RequestTraceFiles.write("TIMESTAMP,ContextTokens,GeneratedTokens\r\n\r\n2023-11-16 18:00:00.5,10,2\r\n"
            + "2023-11-16 18:00:01,12,0\r\n", name: "crlf.csv")
        let trace = try RequestTrace.scan(path: path)
        var feed = try trace.feed()
        let requests = try feed.all()
        #expect(requests.map(\.promptLength) == [10, 12])
        #expect(requests[1].arrivalStep == 25)  // 500 ms / 20
    }

    @Test func azureTimestampsAreUTCMicroseconds() throws {
        let bytes = Array("2023-11-16 18:15:46.6805900".utf8)
        let micros = try bytes.withUnsafeBufferPointer { try AzureTraceColumns.time($0) }
        // 2023-11-16 = 19,677 days after 1970-01-01.
        #expect(micros == (Int64(19_677) * 86_400 + 18 * 3_600 + 15 * 60 + 46) * 1_000_000 + 680_590)
    }
}

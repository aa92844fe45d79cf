import Testing
@testable import KVCore

/// The scheduler's request table: ids in chunks (found directly below 4,194,304, by a dictionary
/// above or below zero), requests read and updated in place, sequences kept per request.
@Suite("Scheduler request table")
struct RequestTableTests {
    static func request(_ id: Int, prompt: Int = 3) -> Request {
        Request(id: RequestID(id), promptTokens: (0..<prompt).map { TokenID($0 + id % 1000) }, maxOutputTokens: 4)
    }

    @Test func insertsFindsAndRemovesAcrossKeyRanges() {
        var table = RequestTable()
        let ids = [0, 1, 63, 64, 200, 1_000_000, 1_000_001, 4_194_303, 4_194_304, 9_000_000_000, -5]
        for id in ids { table[RequestID(id)] = Self.request(id) }
        #expect(table.count == ids.count)
        for id in ids {
            #expect(table[RequestID(id)]?.id == RequestID(id))
            #expect(table.contains(RequestID(id)))
        }
        #expect(!table.contains(RequestID(2)))
        #expect(table[RequestID(65)] == nil)
        #expect(table.values.map(\.id.rawValue) == ids.sorted(), "values in id order")
        var visited: [Int] = []
        table.forEach { visited.append($0.id.rawValue) }
        #expect(visited == ids.sorted())

        #expect(table.removeValue(forKey: RequestID(63))?.id == RequestID(63))
        #expect(table.removeValue(forKey: RequestID(63)) == nil)
        table[RequestID(9_000_000_000)] = nil
        #expect(table.count == ids.count - 2)
        #expect(table[RequestID(9_000_000_000)] == nil)
        // A chunk emptied and filled again starts with no sequences.
        table[RequestID(64)] = nil
        table[RequestID(64)] = Self.request(64)
        #expect(table.sequence(of: RequestID(64)) == nil)
    }

    @Test func updatesInPlaceAndCopiesAreIndependent() {
        var table = RequestTable()
        table[RequestID(5)] = Self.request(5)
        table.setSequence(SequenceID(7), of: RequestID(5))
        let kept = table
        let appended = table.update(RequestID(5)) { request -> Int in
            request.outputTokens.append(42)
            request.numComputedTokens = 3
            return request.outputTokens.count
        }
        #expect(appended == 1)
        table[RequestID(5)]?.outputTokens.append(43)
        #expect(table[RequestID(5)]?.outputTokens == [42, 43])
        #expect(kept[RequestID(5)]?.outputTokens == [], "a kept copy does not see later writes")
        #expect(table.sequence(of: RequestID(5)) == SequenceID(7))
        #expect(kept.sequence(of: RequestID(5)) == SequenceID(7))
        #expect(table.update(RequestID(6)) { _ in 1 } == nil)

        let header = table.header(RequestID(5))
        #expect(header?.numTokens == 5)
        #expect(header?.numComputedTokens == 3)
        #expect(header?.promptLength == 3)
        #expect(table.tokens(of: RequestID(5), 1, 3) == [6, 7])
        #expect(table.tokens(of: RequestID(5), 3, 5) == [42, 43])
        #expect(table.tokens(of: RequestID(5), 2, 4) == [7, 42])
        #expect(table.read(RequestID(5)) { $0.outputTokens.count } == 2)
        #expect(table.read(RequestID(4)) { $0.outputTokens.count } == nil)
    }
}

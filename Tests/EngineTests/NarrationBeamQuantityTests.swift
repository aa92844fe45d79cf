import Testing
import KVCore
@testable import Engine
import Narration

/// The beam-search quantities a cue's `expect:` can read, on a run whose beam events are known
/// (the scheduler tests pin the mechanics; here: the figures read from the snapshot).
@Suite("Narration beam quantities")
struct NarrationBeamQuantityTests {
    static func value(_ claim: String, _ snapshot: Snapshot) throws -> String? {
        let expectation = try NarrationExpectation.parse(claim).get()
        return expectation.check(snapshot, history: NarrationHistory())
    }

    @Test func beamFiguresFollowTheSnapshot() throws {
        var engine = try Runs.decoder(blocks: 16, requests: [
            EngineRequest(id: 0, prompt: .text("天气很好，我们"), maxTokens: 6, beamWidth: 3),
            EngineRequest(id: 1, prompt: .text("abc"), maxTokens: 2),
        ])
        #expect(try Self.value("beams request=0 == 1", engine.snapshot) == nil, "the first beam waits")
        #expect(try Self.value("beams request=1 == 0", engine.snapshot) == nil, "a plain request has no beams")
        engine.stepForward()
        #expect(try Self.value("beams request=0 == 3", engine.snapshot) == nil)
        #expect(try Self.value("beams_forked_step == 2", engine.snapshot) == nil)
        #expect(try Self.value("copies_on_write_step == 0", engine.snapshot) == nil)
        engine.stepForward()
        #expect(try Self.value("copies_on_write_step == 2", engine.snapshot) == nil)
        var dropped = 0
        var freed = 0
        while !engine.isComplete {
            engine.stepForward()
            for case let .beamDropped(_, blocks) in engine.snapshot.events {
                dropped += 1
                freed += blocks
            }
            if dropped > 0 && freed > 0 {
                #expect(try Self.value("beams_dropped_step == \(dropped)", engine.snapshot) == nil)
                #expect(try Self.value("beam_blocks_freed_step == \(freed)", engine.snapshot) == nil)
                break
            }
            dropped = 0
            freed = 0
        }
        #expect(try Self.value("best_beam request=0", engine.snapshot) != nil, "no best beam before the end")
        engine.runToEnd()
        #expect(try Self.value("best_beam request=0", engine.snapshot) == nil)
        #expect(try Self.value("beams request=0 == 0", engine.snapshot) == nil)
    }
}

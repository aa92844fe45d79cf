import KVCore
import Testing
@testable import Engine
import KVScenario
import Narration

@Suite("Narration track")
struct NarrationTrackTests {
    static let requests = """
        pool: {blocks: 6, block_size: 4}
        requests:
          - {id: 0, prompt: "今天天气", continuation: "很好很好"}
          - {id: 1, arrival: 2, prompt: "天气", continuation: "好"}
        """

    func run(_ narration: String, requests: String = Self.requests) throws -> ScenarioRun {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: t, zh: t}
            \(requests)
            narration:
            \(narration)
            """, file: "t.yaml", name: "t")
        return try ScenarioRun(scenario, file: "t.yaml")
    }

    /// The English text shown at each step of the whole run (nil where no cue is shown).
    func shown(_ run: ScenarioRun) throws -> [String?] {
        var texts: [String?] = []
        try run.played { snapshot, track in texts.append(track.text(for: snapshot)?.en) }
        return texts
    }

    @Test func stepCuesCarryOverAndPauseOnlyAtTheirStep() throws {
        let run = try run("""
              - {step: 0, en: "start {num_blocks}", zh: "开始"}
              - {step: 2, en: "two at {step}", zh: "二", pause: true}
            """)
        var pauses: [Bool] = []
        let track = try run.played { snapshot, track in pauses.append(track.text(for: snapshot)?.pause ?? false) }
        #expect(pauses.prefix(4) == [false, false, true, false])
        #expect(track.firing(at: 1)?.step == 0)
        #expect(track.firing(at: 3)?.step == 2)
    }

    @Test func figuresAreLiveUnlessAnchoredAndAnAnchoredOneWritesItsStep() throws {
        let run = try run("""
              - {step: 2, en: "at {anchor}: {step anchored}, now {step}; used {used_blocks anchored}", zh: "{anchor}时 {step anchored}"}
            """)
        var texts: [String?] = []
        var used: [Int] = []
        try run.played { snapshot, track in
            texts.append(track.text(for: snapshot)?.en)
            used.append(snapshot.usedBlocks)
        }
        try #require(texts.count > 4)
        #expect(used[2] != used[4])
        #expect(texts[2] == "at step 2: 2, now 2; used \(used[2])")
        // Two steps later the anchored figures are still the step-2 figures, and say so; the live one moved.
        #expect(texts[4] == "at step 2: 2, now 4; used \(used[2])")
    }

    @Test func aCueDisappearsAtItsUntilStep() throws {
        let run = try run("""
              - {step: 1, until: 3, en: "one", zh: "一"}
              - {step: 4, en: "four", zh: "四"}
            """)
        let texts = try shown(run)
        try #require(texts.count > 4)
        #expect(texts[0] == nil)
        #expect(texts[1] == "one" && texts[2] == "one")
        #expect(texts[3] == nil)
        #expect(texts[4] == "four")
    }

    @Test func aCueDisappearsAtItsUntilEvent() throws {
        let run = try run("""
              - {step: 0, until: {on: admitted, request: 1}, en: "only A", zh: "A"}
            """)
        let texts = try shown(run)
        // B arrives at step 2 and is admitted by the step that ends at 3.
        #expect(texts[0] == "only A" && texts[1] == "only A" && texts[2] == "only A")
        #expect(texts[3] == nil)
    }

    @Test func eventCuesFireOnceForTheirRequestAndNameWhatTheEventDid() throws {
        let run = try run("""
              - {on: admitted, request: 1, en: "{event_request} in, blocks {event_blocks}", zh: "B"}
              - {on: finished, request: 1, en: "{event_request} done, freed {event_blocks}", zh: "完"}
            """, requests: Self.requests.replacingOccurrences(of: "continuation: \"好\"", with: "continuation: \"好好好好好\""))
        var admitted: (step: Int, blocks: [BlockID])?
        var finished: [Int: [BlockID]] = [:]
        var texts: [Int: String] = [:]
        try run.played { snapshot, track in
            for event in snapshot.events {
                if case let .admitted(id, _, _) = event, id == RequestID(1) {
                    let seq = snapshot.request(id)!.sequence
                    var blocks: [BlockID] = []
                    for case let .paging(.allocated(s, block, _)) in snapshot.events where s == seq { blocks.append(block) }
                    admitted = (snapshot.step, blocks)
                }
                if case let .finished(id) = event, id == RequestID(1) {
                    let seq = snapshot.request(id)!.sequence
                    finished[snapshot.step] = snapshot.events.compactMap {
                        if case let .paging(.freed(s, block, _)) = $0, s == seq { block } else { nil }
                    }
                }
            }
            if let firing = track.firing(at: snapshot.step), firing.step == snapshot.step {
                texts[snapshot.step] = track.text(for: snapshot)?.en
            }
        }
        let (step, blocks) = try #require(admitted)
        #expect(step == 3)
        #expect(texts[step] == "B in, blocks " + blocks.map { "#\($0.index)" }.joined(separator: ", "))
        let (finishStep, freed) = try #require(finished.min { $0.key < $1.key })
        #expect(texts[finishStep]?.hasSuffix("done, freed " + freed.map { "#\($0.index)" }.joined(separator: ", ")) == true,
                "\(texts[finishStep] ?? "nothing")")
    }

    @Test func recordingIsInOrderAndRereadingAStepGivesTheSameText() throws {
        let run = try run("""
              - {step: 1, en: "used {used_blocks}", zh: "一"}
            """)
        var engine = try run.makeEngine()
        var track = NarrationTrack(script: run.script())
        track.record(engine.snapshot)
        engine.stepForward()
        engine.stepForward()
        track.record(engine.snapshot)  // step 2 before step 1: ignored
        #expect(track.recordedSteps == 1)
        engine.stepBack()
        track.record(engine.snapshot)
        let atOne = track.text(for: engine.snapshot)?.en
        engine.stepForward()
        track.record(engine.snapshot)
        engine.stepBack()
        #expect(track.text(for: engine.snapshot)?.en == atOne)
    }
}

extension NarrationTrackTests {
    /// `run_until: both`: a cue when the paged server is done quotes the steps the contiguous
    /// one still needs, and a cue on `contiguous_finished` fires at the very last step.
    @Test func pagedDoneThenContiguousDone() throws {
        let run = try run("""
              - on: all_finished
                en: "paged {paged_finish_step}, at {anchor} left {contiguous_steps_left anchored}, live {contiguous_steps_left}"
                zh: "分页"
                expect: ["complete", "not contiguous_complete", "contiguous_steps_left > 0"]
              - on: contiguous_finished
                en: "contiguous {step} = {contiguous_finish_step}, {contiguous_lag} after {paged_finish_step}"
                zh: "连续"
                expect: ["complete", "contiguous_complete", "paged_finish_step < step"]
            """, requests: """
            mode: memory
            pool: {blocks: 12, block_size: 4}
            max_model_len: 16
            contiguous: max
            run_until: both
            requests:
              - {id: 0, prompt_tokens: 4, max_tokens: 8}
              - {id: 1, prompt_tokens: 4, max_tokens: 8}
              - {id: 2, prompt_tokens: 4, max_tokens: 8}
              - {id: 3, prompt_tokens: 4, max_tokens: 8}
              - {id: 4, prompt_tokens: 4, max_tokens: 8}
            """)
        var texts: [String?] = []
        var broken: [NarrationTrack.BrokenClaim] = []
        var pagedDone: Int?
        let track = try run.played { snapshot, track in
            texts.append(track.text(for: snapshot)?.en)
            broken += track.brokenClaims(for: snapshot)
            if snapshot.isComplete, pagedDone == nil { pagedDone = snapshot.step }
        }
        #expect(broken.isEmpty, "\(broken)")
        let paged = try #require(pagedDone)
        let last = texts.count - 1
        #expect(last > paged + 1)
        let left = last - paged
        #expect(texts[paged] == "paged \(paged), at step \(paged) left \(left), live \(left)")
        #expect(texts[paged + 1] == "paged \(paged), at step \(paged) left \(left), live \(left - 1)")
        #expect(texts[last] == "contiguous \(last) = \(last), \(left) after \(paged)")
        #expect(track.firings.map(\.step) == [paged, last])
    }
}

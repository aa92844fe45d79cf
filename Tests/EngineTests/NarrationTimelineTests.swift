import KVCore
import Testing
@testable import Engine

@Suite("Narration timeline")
struct NarrationTimelineTests {
    func run(_ narration: String) throws -> (ScenarioRun, Engine) {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: t, zh: t}
            pool: {blocks: 6, block_size: 4}
            requests:
              - {id: 0, prompt: "今天天气", continuation: "很好很好"}
              - {id: 1, arrival: 2, prompt: "天气", continuation: "好"}
            narration:
            \(narration)
            """, file: "t.yaml", name: "t")
        let run = try ScenarioRun(scenario, file: "t.yaml")
        return (run, try run.makeEngine())
    }

    @Test func stepCuesCarryOverAndPauseOnlyAtTheirStep() throws {
        let (run, start) = try run("""
              - {step: 0, en: "start {num_blocks}", zh: "开始"}
              - {step: 2, en: "two at {step}", zh: "二", pause: true}
            """)
        let timeline = NarrationTimeline(engine: start, cues: run.cues())
        var engine = start
        #expect(timeline.narration(for: engine.snapshot())?.en == "start 6")
        engine.stepForward()
        #expect(timeline.narration(for: engine.snapshot())?.en == "start 6")
        engine.stepForward()
        let atTwo = timeline.narration(for: engine.snapshot())
        #expect(atTwo?.en == "two at 2" && atTwo?.pause == true)
        engine.stepForward()
        let afterTwo = timeline.narration(for: engine.snapshot())
        #expect(afterTwo?.en == "two at 3" && afterTwo?.pause == false)
        engine.stepBack()
        engine.stepBack()
        #expect(timeline.narration(for: engine.snapshot())?.en == "start 6")
    }

    @Test func eventCuesFireOnceForTheirRequest() throws {
        let (run, start) = try run("""
              - {on: admitted, request: 1, en: "B in", zh: "B"}
              - {on: finished, en: "done {finished}", zh: "完"}
            """)
        let timeline = NarrationTimeline(engine: start, cues: run.cues())
        var engine = start
        var seen: [String] = []
        while !engine.isComplete {
            engine.stepForward()
            if let text = timeline.narration(for: engine.snapshot())?.en, seen.last != text { seen.append(text) }
        }
        #expect(seen.first == "B in")
        #expect(seen.contains { $0.hasPrefix("done") })
        let admittedStep = engine.scheduler.requests[RequestID(1)]?.firstScheduledStep
        #expect(admittedStep == 2)
    }
}

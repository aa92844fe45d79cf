import Engine
import KVScenario
import ScenarioChapters
import Foundation
import TerminalCanvas
import Testing
@testable import Visualizer

/// Every walkthrough in demos/, rendered headless as a teacher would step through it.
@Suite("Demo walkthroughs")
struct DemoWalkthroughTests {
    static let demos: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demos")

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: demos.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func chapter(_ file: String) throws -> Chapter {
        try Chapter(Scenario.run(path: demos.appendingPathComponent(file).path))
    }

    /// The narration shown at each step (en or zh) for the first `steps` steps.
    static func narrations(_ file: String, language: Language, steps: Int) throws -> [String] {
        var state = try AppState(chapters: [chapter(file)], language: language, colors: false,
                                 size: Size(width: 120, height: 40))
        var texts: [String] = []
        for _ in 0...steps {
            if let narration = state.narration { texts.append(narration.text.text(language)) }
            if state.engine.isComplete { break }
            _ = dispatch(&state, .stepForward)
        }
        return texts
    }

    static let screens = [Size(width: 80, height: 24), Size(width: 120, height: 40)].flatMap { size in
        [Language.en, .zh].map { (size: size, language: $0) }
    }

    /// Plays a chapter to its end as the app does, and returns every claim found false at a step
    /// its cue was on screen, for each screen (en and zh, 80x24 and 120x40), named by file, cue,
    /// step and claim. Where a cue fires, each screen is drawn and must show that cue.
    static func brokenClaims(_ chapter: Chapter, file: String,
                             screens: [(size: Size, language: Language)] = screens) throws -> [String] {
        var state = try AppState(chapters: [chapter], language: .en, colors: false, size: Size(width: 120, height: 40))
        var problems: [String] = []
        for _ in 0...5_000 {
            let firing = state.track.firing(at: state.snapshot.step)
            for (size, language) in screens {
                state.size = size
                state.language = language
                let place = "\(file) \(language) \(size.width)x\(size.height)"
                if firing?.step == state.snapshot.step, let narration = state.narration?.text.text(language) {
                    var canvas = Canvas(size: size)
                    view(state, into: &canvas)
                    let opening = String(narration.prefix(12))
                    if !canvas.plainText().contains(opening) {
                        problems.append("\(place) step \(state.snapshot.step): narration '\(opening)…' not on screen")
                    }
                }
                problems += state.track.brokenClaims(for: state.snapshot).map {
                    "\(file):\($0.line) \(language) \(size.width)x\(size.height): \($0)"
                }
            }
            if state.engine.isComplete { break }
            _ = dispatch(&state, .stepForward)
        }
        return problems
    }

    @Test(arguments: files)
    func everyClaimHoldsAtEveryStepItsCueIsShown(file: String) throws {
        let problems = try Self.brokenClaims(try Self.chapter(file), file: file)
        #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
    }

    /// The check above catches a walkthrough that says what the screen does not show.
    @Test func aFalseClaimIsCaughtWithItsFileCueStepAndClaim() throws {
        let scenario = try ScenarioLoader.load(text: """
            title: {en: t, zh: t}
            pool: {blocks: 8, block_size: 4}
            requests:
              - {id: 0, prompt: "今天天气", continuation: "很好很好"}
              - {id: 1, arrival: 1, prompt: "天气", continuation: "好"}
            narration:
              - step: 1
                en: "Nobody has been preempted, and A's blocks sit side by side."
                zh: "没有请求被抢占。"
                expect: ["preemptions == 0", "request_blocks request=0 > 5"]
            """, file: "false-claim.yaml", name: "false-claim")
        let chapter = Chapter(try ScenarioRun(scenario, file: "false-claim.yaml"))
        let problems = try Self.brokenClaims(chapter, file: "false-claim.yaml", screens: [(Size(width: 120, height: 40), .en)])
        let first = try #require(problems.first)
        #expect(first == "false-claim.yaml:7 en 120x40: narration[0] at step 1: expect 'request_blocks request=0 > 5' is false: request_blocks request=0 = 1", "\(first)")
        #expect(!problems.contains { $0.contains("preemptions == 0") })
    }

    @Test(arguments: files)
    func rendersInBothLanguagesAndNarrationFitsItsPanel(file: String) throws {
        let chapter = try Self.chapter(file)
        var state = try AppState(chapters: [chapter], language: .en, colors: true, size: Size(width: 120, height: 40))
        for _ in 0...40 {
            for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
                for language in [Language.en, .zh] {
                    state.size = size
                    state.language = language
                    var canvas = Canvas(size: size)
                    view(state, into: &canvas)
                    let text = canvas.plainText()
                    #expect(text.contains("step \(state.snapshot.step)"), "\(file) \(language) \(size): no step number")
                    guard let narration = state.narration?.text.text(language) else { continue }
                    let inner = state.layout.narration.inset(by: 1)
                    let lines = TextLayout.wrap(narration, width: inner.width)
                    #expect(lines.count <= inner.height,
                            "\(file) \(language) \(size) step \(state.snapshot.step): narration needs \(lines.count) lines, panel has \(inner.height): \(narration)")
                    #expect(!narration.contains("{") && !narration.contains("?"),
                            "\(file): unresolved placeholder in \(narration)")
                }
            }
            if state.engine.isComplete { break }
            _ = dispatch(&state, .stepForward)
        }
    }

    @Test func theCacheSizeWalkthroughQuotesTheChaptersFigures() throws {
        let en = try Self.narrations("02-cache-size.yaml", language: .en, steps: 20).joined(separator: "\n")
        #expect(en.contains("524,288 B"))  // LLaMA-2-7B, fp16, one token
        #expect(en.contains("2 GiB (2.15 GB)"))  // 4096 tokens
        #expect(en.contains("256 MiB"))  // 512 tokens
        #expect(en.contains("1.25 GiB (1.34 GB)"))  // LLaMA-2-70B, GQA, 4096 tokens
        #expect(en.contains("10 GiB (10.74 GB)"))  // the same with 64 KV heads
        #expect(en.contains("8×"))
    }

    @Test func theWhyWalkthroughShowsNAgainstNTimesNPlusOneOverTwo() throws {
        let en = try Self.narrations("01-why-kv-cache.yaml", language: .en, steps: 40)
        let last = try #require(en.last)
        // A one-token prompt and 18 generated tokens: 17 computed with a cache, 17*18/2 without.
        #expect(last.contains("153 K/V computations shrank to 17"))
        #expect(last.contains("500.5×"))
    }

    @Test func thePreallocationWalkthroughComputesTheWaste() throws {
        let en = try Self.narrations("04-preallocation-waste.yaml", language: .en, steps: 20).joined(separator: "\n")
        #expect(en.contains("4,096 reserved, 100 used: 97.6%"))
        let zh = try Self.narrations("04-preallocation-waste.yaml", language: .zh, steps: 20).joined(separator: "\n")
        #expect(zh.contains("预留 4,096，只用 100：97.6%"))
    }

    @Test func theMemoryBarWalkthroughReaches32GiBOfKV() throws {
        let en = try Self.narrations("03-memory-bar.yaml", language: .en, steps: 12).joined(separator: "\n")
        #expect(en.contains("12.55 GiB"))  // LLaMA-2-7B fp16 weights (13.48 GB)
        #expect(en.contains("32 requests"))
    }

    @Test func narrationFollowsTheRunAfterPrefixCachingIsToggled() throws {
        var state = try AppState(chapters: [Self.chapter("08-prefix-sharing.yaml")], language: .en, colors: false,
                                 size: Size(width: 120, height: 40))
        var withCaching: [String] = []
        for _ in 0..<8 {
            _ = dispatch(&state, .stepForward)
            withCaching.append(state.narration?.text.en ?? "")
        }
        #expect(withCaching.contains { $0.hasPrefix("B's first blocks hit the cache") })
        _ = dispatch(&state, .togglePrefixCaching)
        #expect(!state.snapshot.prefixCaching)
        _ = dispatch(&state, .home)
        for _ in 0..<8 {
            _ = dispatch(&state, .stepForward)
            let text = state.narration?.text.en ?? ""
            #expect(text.hasPrefix("B's first blocks hit the cache") == false, "\(text)")
        }
    }
}

extension DemoWalkthroughTests {
    /// After `c` or `v` a cue about another mode is replaced by one line naming its mode, never
    /// shown with a figure it does not have ("E needs ? slots") or a claim the screen contradicts.
    @Test func aCueAboutAnotherModeGivesWayToOneLineNamingIt() throws {
        var state = try AppState(chapters: [Self.chapter("05-fragmentation.yaml")], language: .en, colors: false,
                                 size: Size(width: 120, height: 40))
        while state.narration?.text.en.hasPrefix("E needs") != true, !state.engine.isComplete {
            _ = dispatch(&state, .stepForward)
        }
        let step = state.snapshot.step
        _ = dispatch(&state, .cycleContiguousPolicy)
        #expect(state.snapshot.step == step && state.engine.config.contiguousPolicy != .pow2)
        #expect(state.narration?.text.en == "This note describes the pow2 contiguous policy: press c until the panel says pow2.")
        #expect(state.narration?.text.zh.contains("?") == false)
        while state.engine.config.contiguousPolicy != .pow2 { _ = dispatch(&state, .cycleContiguousPolicy) }
        #expect(state.narration?.text.en.hasPrefix("E needs") == true)
        while state.view != .paged { _ = dispatch(&state, .cycleView) }
        #expect(state.narration?.text.en == "This note describes the compare view or contiguous view: press v to switch to it.")
        _ = dispatch(&state, .cycleView)
        #expect(state.narration?.text.en.hasPrefix("E needs") == true)
    }
}

import Engine
import Foundation
import KVScenario
import ScenarioChapters
import NarrationCheck
import TerminalCanvas
import Testing
import Visualizer
import Narration

/// The checker behind `kvviz check`: it passes the built-in walkthroughs (a representative set
/// here in every mode; all twelve in Tests/e2e/cli.sh with the binary) and fails, with file,
/// cue and step, on a walkthrough that says what its screen does not show.
@Suite("Narration check")
struct NarrationCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func chapter(_ text: String, file: String) throws -> Chapter {
        let scenario = try ScenarioLoader.load(text: text, file: file, name: "t")
        return Chapter(try ScenarioRun(scenario, file: file))
    }

    static func demo(_ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("demos/\(file)"), encoding: .utf8)
    }

    static func fixture(_ name: String) throws -> (text: String, file: String) {
        let file = "Tests/Fixtures/narration/\(name)"
        return (try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8), file)
    }

    /// Short walkthroughs that exercise every mode: a describes: per view and policy
    /// (fragmentation), per prefix-caching setting (prefix-sharing), the interleaved blocks
    /// (paged-attention). The rest run in e2e, where the binary is faster.
    @Test(arguments: ["05-fragmentation.yaml", "06-paged-attention.yaml", "08-prefix-sharing.yaml"])
    func aBuiltInWalkthroughHoldsInEveryMode(file: String) throws {
        let problems = try NarrationChecker().check(try Self.chapter(Self.demo(file), file: "demos/\(file)"), file: "demos/\(file)")
        #expect(problems.isEmpty, "\(problems.prefix(5).map(\.description).joined(separator: "\n"))")
    }

    @Test func aFalseClaimIsLocated() throws {
        let (text, file) = try Self.fixture("false-claim.yaml")
        let problems = try NarrationChecker(everyPolicy: false, bothPrefixSettings: false).check(try Self.chapter(text, file: file), file: file)
        let first = try #require(problems.first)
        #expect(first.description.hasPrefix("\(file):12: cue 1, step 2: [prefix caching off"), "\(first)")
        #expect(first.message == "false claim: expect 'preemptions > 0' is false: preemptions = 0")
    }

    @Test func aFigureCutFromTheNarrationBoxIsCaught() throws {
        let (text, file) = try Self.fixture("truncated-figure.yaml")
        let problems = try NarrationChecker(everyPolicy: false, bothPrefixSettings: false).check(try Self.chapter(text, file: file), file: file)
        #expect(problems.contains { $0.line == 9 && $0.cue == 0 && $0.step == 1 && $0.mode.hasSuffix("en 80x24")
            && $0.message == "truncated figure: '1' ({used_blocks}) is cut from the narration panel" }, "\(problems)")
        // At 120x40 the box has three lines: the figure is there.
        #expect(!problems.contains { $0.mode.hasSuffix("120x40") && $0.message.hasPrefix("truncated") })
    }

    /// Fragmentation's hole is a pow2 story: without its `describes:`, `c` shows it false.
    @Test func aClaimFalseUnderAnotherContiguousPolicyIsCaught() throws {
        let text = try Self.demo("05-fragmentation.yaml").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("describes:") }.joined(separator: "\n")
        let problems = try NarrationChecker(screens: [.init(Size(width: 120, height: 40), .en)], views: [.compare],
                                            bothPrefixSettings: false).check(try Self.chapter(text, file: "frag.yaml"), file: "frag.yaml")
        #expect(problems.contains { $0.cue == 3 && $0.mode.contains("contiguous max") && $0.message.hasPrefix("false claim: expect 'hole_too_small'") },
                "\(problems.map(\.description))")
        #expect(!problems.contains { $0.mode.contains("contiguous pow2") })
    }

    /// Prefix-sharing's cached blocks exist only with prefix caching: without `describes:`, `p` shows it false.
    @Test func aClaimFalseWithPrefixCachingOffIsCaught() throws {
        let text = try Self.demo("08-prefix-sharing.yaml").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("describes:") }.joined(separator: "\n")
        let problems = try NarrationChecker(screens: [.init(Size(width: 120, height: 40), .en)], views: [.paged],
                                            everyPolicy: false).check(try Self.chapter(text, file: "prefix.yaml"), file: "prefix.yaml")
        #expect(problems.contains { $0.mode.hasPrefix("prefix caching off") && $0.message.contains("cached_blocks > 0") },
                "\(problems.map(\.description))")
        #expect(!problems.contains { $0.mode.hasPrefix("prefix caching on") })
    }

    /// A figure kept from the step its cue fired at, without the text saying so, is stale as soon
    /// as the quantity moves (the loader refuses such a text; a cue built in code is checked here).
    @Test func aStaleFrozenFigureIsCaught() throws {
        let run = try ScenarioRun(try ScenarioLoader.load(text: """
            title: {en: t, zh: t}
            pool: {blocks: 16, block_size: 4}
            max_model_len: 64
            requests:
              - {id: 0, prompt: "今", continuation: "天天气很好，我们一起去"}
            """, file: "stale.yaml", name: "stale"), file: "stale.yaml")
        func template(_ word: String) -> NarrationTemplate {
            NarrationTemplate(segments: [.literal("\(word) "), .placeholder(Placeholder(.kvComputedTotal), anchored: true)])
        }
        let cue = NarrationCue(trigger: .step(2), en: template("Computed so far:"), zh: template("目前计算量："), line: 7)
        let chapter = Chapter(name: "stale", title: LocalizedText("t"), summary: LocalizedText("t"),
                              makeEngine: run.makeEngine, script: run.script().replacingCues([cue]))
        let problems = try NarrationChecker(screens: [.init(Size(width: 120, height: 40), .en)], views: [.paged],
                                            everyPolicy: false, bothPrefixSettings: false).check(chapter, file: "stale.yaml")
        let first = try #require(problems.first)
        #expect(first.description == "stale.yaml:7: cue 0, step 3: [prefix caching on, contiguous max, en] stale figure '2' ({kv_computed_total}, frozen at step 2 without writing it): it is 3 now", "\(first)")
    }

    /// The same figure anchored and written with its step is not stale.
    @Test func anAnchoredFigureThatWritesItsStepIsNotStale() throws {
        let problems = try NarrationChecker(screens: [.init(Size(width: 120, height: 40), .en)], views: [.paged],
                                            everyPolicy: false, bothPrefixSettings: false).check(try Self.chapter("""
            title: {en: t, zh: t}
            pool: {blocks: 16, block_size: 4}
            max_model_len: 64
            requests:
              - {id: 0, prompt: "今", continuation: "天天气很好，我们一起去"}
            narration:
              - step: 2
                en: "At {anchor}: {kv_computed_total anchored} computed; now {kv_computed_total}."
                zh: "{anchor}时：计算了 {kv_computed_total anchored}；现在 {kv_computed_total}。"
            """, file: "anchored.yaml"), file: "anchored.yaml")
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func printsOfOneValueAtTwoPrecisionsAgreeAndDifferentValuesDoNot() {
        #expect(NarrationChecker.agree("12.55 GiB", "12.6 GiB"))
        #expect(NarrationChecker.agree("1,536", "1536"))
        #expect(NarrationChecker.agree("768 MiB", "0.75 GiB"))
        #expect(!NarrationChecker.agree("256 MiB", "1.8 GiB"))
        #expect(!NarrationChecker.agree("36", "136"))
        #expect(!NarrationChecker.agree("4.5×", "8.5×"))
        #expect(!NarrationChecker.agree("80%", "81.2%"))
    }
}

extension NarrationCheckTests {
    /// What the checker could only guess at is refused when the file loads, with file, line and field.
    @Test(arguments: [
        ("malformed-anchor.yaml", "Tests/Fixtures/narration/malformed-anchor.yaml:8: narration[0].en: placeholder {used_blocks anchored} keeps the value of the step the cue fired at"),
        ("unknown-quantity.yaml", "Tests/Fixtures/narration/unknown-quantity.yaml:10: narration[0].expect[0]: unknown quantity 'blocks_in_flight'"),
    ])
    func anUnknownQuantityOrAMalformedAnchoredFigureIsALoadError(name: String, message: String) throws {
        let (text, file) = try Self.fixture(name)
        do {
            _ = try ScenarioLoader.load(text: text, file: file, name: "t")
            Issue.record("\(name) loaded")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }
}

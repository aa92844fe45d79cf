import Engine
import Foundation
import KVCore
import KVScenario
import TerminalCanvas
import Testing
@testable import Visualizer

/// Every built-in walkthrough (demos/*.yaml and demos/practice/*.yaml) played on both block
/// managers, `KVCacheManager` and `ReferenceBlockManager`: at every step the screen (120x40,
/// colours on, so styles count too) and every block's view (owners, ref count, hash, fill,
/// free-queue ticket, change) must be the same, and again while stepping back to step 0 (block
/// views). With the differential test in KVCoreTests
/// (which checks the managers operation by operation), this is what lets `--manager reference`
/// promise the same screens. A walkthrough of a hybrid model (KV-cache groups) runs on
/// `HybridKVCacheManager` under either choice (there is no plain manager of several groups):
/// each run is checked to be on the manager it asked for, and at most one such file is allowed.
@Suite("Walkthroughs: the same screens on both block managers")
struct ManagerEqualityTests {
    static let demos: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demos")

    static var files: [String] {
        ["", "practice/"].flatMap { folder in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: demos.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + $0 }
        }
    }

    static func state(_ file: String, manager: BlockManagerKind) throws -> AppState {
        let path = demos.appendingPathComponent(file).path
        let run = try ScenarioRun(ScenarioLoader.load(path: path), file: path, manager: manager)
        #expect(run.config.manager == manager)
        return try AppState(chapters: [Chapter(run)], language: .en, colors: true, size: Size(width: 120, height: 40))
    }

    /// The first difference between the two runs of `file`, or nil; and the steps compared.
    /// `first` is dispatched to both before step 0 is compared (`p`: the run replayed with
    /// prefix caching switched, on the same manager).
    static func firstDifference(_ file: String, first: Action? = nil) throws -> (difference: String?, steps: Int) {
        var fast = try state(file, manager: .fast)
        var reference = try state(file, manager: .reference)
        if let first {
            let before = fast.engine.config
            _ = dispatch(&fast, first)
            _ = dispatch(&reference, first)
            guard fast.engine.config != before, fast.engine.config.prefixCaching == reference.engine.config.prefixCaching,
                  reference.engine.config.manager == .reference else { return ("\(first) did not change both runs alike", 0) }
        }
        if reference.engine.config.kvGroups == nil {
            #expect(fast.engine.scheduler.kv is KVCacheManager, "\(file)")
            #expect(reference.engine.scheduler.kv is ReferenceBlockManager, "\(file): --manager reference did not reach the engine")
        } else {
            #expect(reference.engine.scheduler.kv is HybridKVCacheManager, "\(file)")
        }
        var steps = 0
        for _ in 0...5_000 {
            let step = fast.snapshot.step
            steps += 1
            for index in 0..<fast.snapshot.numBlocks where fast.snapshot.blocks[index] != reference.snapshot.blocks[index] {
                return ("step \(step): block \(index)\n  fast:      \(fast.snapshot.blocks[index])\n"
                        + "  reference: \(reference.snapshot.blocks[index])", steps)
            }
            let (fastScreen, referenceScreen) = (Fixtures.render(fast), Fixtures.render(reference))
            if fastScreen != referenceScreen {
                return ("step \(step): the screens differ\nfast:\n\(fastScreen.plainText())\nreference:\n\(referenceScreen.plainText())", steps)
            }
            if fast.engine.isComplete || reference.engine.isComplete {
                guard fast.engine.isComplete == reference.engine.isComplete else { return ("step \(step): only one run is complete", steps) }
                return (steppingBack(&fast, &reference), steps)
            }
            _ = dispatch(&fast, .stepForward)
            _ = dispatch(&reference, .stepForward)
        }
        return ("still running after 5,000 steps", steps)
    }

    /// Steps both runs back to step 0 (the engine replays from its keyframes, copies of the
    /// manager): every block's view must still agree, and the screens at step 0.
    static func steppingBack(_ fast: inout AppState, _ reference: inout AppState) -> String? {
        while fast.snapshot.step > 0 {
            _ = dispatch(&fast, .stepBack)
            _ = dispatch(&reference, .stepBack)
            let step = fast.snapshot.step
            guard reference.snapshot.step == step else { return "stepping back: steps \(step) and \(reference.snapshot.step)" }
            for index in 0..<fast.snapshot.numBlocks where fast.snapshot.blocks[index] != reference.snapshot.blocks[index] {
                return "stepping back to step \(step): block \(index)\n  fast:      \(fast.snapshot.blocks[index])\n"
                    + "  reference: \(reference.snapshot.blocks[index])"
            }
        }
        return Fixtures.render(fast) == Fixtures.render(reference) ? nil : "back at step 0: the screens differ"
    }

    @Test func everyWalkthroughIsFound() throws {
        #expect(Self.files.count >= 12)
        #expect(Self.files.contains { $0.hasPrefix("practice/") })
        // Only a hybrid walkthrough keeps its own manager; every other one really is compared.
        let hybrid = try Self.files.filter { file in
            let path = Self.demos.appendingPathComponent(file).path
            return try ScenarioRun(ScenarioLoader.load(path: path), file: path, manager: .reference).config.kvGroups != nil
        }
        #expect(hybrid == ["practice/06-hybrid-kv-cache.yaml"], "walkthroughs not on the reference manager: \(hybrid)")
    }

    @Test(arguments: files)
    func sameScreensAtEveryStep(file: String) throws {
        let (difference, steps) = try Self.firstDifference(file)
        #expect(difference == nil, "\(file): \(difference ?? "")")
        #expect(steps > 1)
    }

    /// The file's prefix-caching setting switched (`p` at step 0), played to the end on both
    /// managers: the default test sees one setting per file; these walkthroughs (chunked
    /// prefill with caching switched on; prefix hits, forks and copies on write, preemption
    /// with it switched off) are played with the other one too.
    @Test(arguments: ["07-prefill-vs-decode.yaml", "08-prefix-sharing.yaml", "practice/01-prefix-hit-rate.yaml", "09-parallel-sampling.yaml",
                     "11-preemption.yaml"])
    func sameScreensWithPrefixCachingSwitched(file: String) throws {
        let before = try Self.state(file, manager: .fast).engine.config.prefixCaching
        let (difference, steps) = try Self.firstDifference(file, first: .togglePrefixCaching)
        #expect(difference == nil, "\(file) with prefix caching \(before ? "off" : "on"): \(difference ?? "")")
        #expect(steps > 1)
    }
}

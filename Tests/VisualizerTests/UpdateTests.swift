import Engine
import KVScenario
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer
import Narration

@Suite struct UpdateTests {
    static func twoChapters() -> [Chapter] {
        [Fixtures.chapter("one") { try Fixtures.decoderEngine(requests: Fixtures.chat(count: 2, maxTokens: 3)) },
         Fixtures.chapter("two", view: .compare) {
             try Fixtures.decoderEngine(requests: Fixtures.chat(count: 3), contiguous: .pow2)
         }]
    }

    static func fresh(size: Size = Size(width: 120, height: 40)) throws -> AppState {
        try Fixtures.state(twoChapters(), size: size)
    }

    @Test func everyKeyMapsToTheDesignedAction() {
        #expect(action(forKey: .space) == .togglePlay)
        #expect(action(forKey: .char("n")) == .stepForward)
        #expect(action(forKey: .char("b")) == .stepBack)
        #expect(action(forKey: .char("+")) == .faster)
        #expect(action(forKey: .char("-")) == .slower)
        #expect(action(forKey: .home) == .home)
        #expect(action(forKey: .end) == .end)
        #expect(action(forKey: .tab) == .nextPanel)
        #expect(action(forKey: .right) == .moveCursor(dx: 1, dy: 0))
        #expect(action(forKey: .up) == .moveCursor(dx: 0, dy: -1))
        #expect(action(forKey: .enter) == .inspect)
        #expect(action(forKey: .char("v")) == .cycleView)
        #expect(action(forKey: .char("p")) == .togglePrefixCaching)
        #expect(action(forKey: .char("r")) == .restart)
        #expect(action(forKey: .char("L")) == .toggleLanguage)
        #expect(action(forKey: .char("?")) == .toggleHelp)
        #expect(action(forKey: .char("q")) == .quit)
        #expect(action(forKey: .escape) == .escape)
        #expect(action(forKey: .pageDown) == .nextChapter)
        #expect(action(forKey: .char("[")) == .previousChapter)
        #expect(action(forKey: .char("z")) == nil)
    }

    @Test func stepsForwardAndBackExactly() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .stepForward)
        _ = dispatch(&state, .stepForward)
        let atTwo = state.snapshot
        #expect(atTwo.step == 2)
        _ = dispatch(&state, .stepForward)
        _ = dispatch(&state, .stepBack)
        #expect(state.snapshot == atTwo)
        _ = dispatch(&state, .home)
        #expect(state.snapshot.step == 0)
        _ = dispatch(&state, .end)
        #expect(state.snapshot.isComplete)
    }

    @Test func rightAtTheEndOfAChapterGoesToTheNextOne() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .end)
        _ = dispatch(&state, .stepForward)
        #expect(state.chapterIndex == 1)
        #expect(state.snapshot.step == 0)
        #expect(state.viewMode == .compare)
        _ = dispatch(&state, .previousChapter)
        #expect(state.chapterIndex == 0)
        _ = dispatch(&state, .previousChapter)
        #expect(state.chapterIndex == 0)
        _ = dispatch(&state, .nextChapter)
        _ = dispatch(&state, .nextChapter)
        #expect(state.chapterIndex == 1)
    }

    @Test func quitAndEscape() throws {
        var state = try Self.fresh()
        #expect(dispatch(&state, .quit) == [.quit])
        _ = dispatch(&state, .toggleHelp)
        #expect(state.showsHelp)
        #expect(dispatch(&state, .escape) == [])
        #expect(!state.showsHelp)
        _ = dispatch(&state, .inspect)
        #expect(state.inspected == BlockID(0))
        #expect(dispatch(&state, .escape) == [])
        #expect(state.inspected == nil)
        // Esc never quits: not after closing the inspector, not from focus mode.
        #expect(dispatch(&state, .escape) == [])
        _ = dispatch(&state, .toggleFocusMode)
        #expect(state.focusMode)
        #expect(dispatch(&state, .escape) == [])
        #expect(!state.focusMode)
        #expect(dispatch(&state, .escape) == [])
    }

    @Test func speedStaysWithinItsSteps() throws {
        var state = try Self.fresh()
        for _ in 0..<20 { _ = dispatch(&state, .faster) }
        #expect(state.speed == AppState.speeds.last)
        for _ in 0..<20 { _ = dispatch(&state, .slower) }
        #expect(state.speed == AppState.speeds.first)
    }

    @Test func playbackAccumulatesFractionsAndCapsBigTicks() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .togglePlay)
        #expect(state.isAnimating)
        #expect(state.wantsStepsPerSecond == 2)
        _ = dispatch(&state, .tick(elapsedSeconds: 0.25))
        #expect(state.snapshot.step == 0)
        _ = dispatch(&state, .tick(elapsedSeconds: 0.25))
        #expect(state.snapshot.step == 1)
        _ = dispatch(&state, .tick(elapsedSeconds: 100))
        #expect(state.snapshot.step <= 1 + AppState.maxStepsPerTick)
        for _ in 0..<200 { _ = dispatch(&state, .tick(elapsedSeconds: 1)) }
        #expect(state.snapshot.isComplete)
        #expect(!state.isAnimating)
        _ = dispatch(&state, .tick(elapsedSeconds: 1))
        #expect(state.isAnimating == false)
    }

    @Test func playbackPausesAtANarrationThatAsksForIt() throws {
        let look = NarrationTemplate(segments: [.literal("look")])
        let script = NarrationScript(cues: [NarrationCue(trigger: .step(2), until: .step(3), pause: true, en: look, zh: look)])
        let chapter = Fixtures.chapter(script: script) { try Fixtures.decoderEngine(requests: Fixtures.chat(count: 2)) }
        var state = try Fixtures.state([chapter])
        _ = dispatch(&state, .togglePlay)
        for _ in 0..<10 { _ = dispatch(&state, .tick(elapsedSeconds: 1)) }
        #expect(state.snapshot.step == 2)
        #expect(!state.isPlaying)
        #expect(Fixtures.render(state).plainText().contains("look"))
    }

    @Test func arrowsStepUntilTabFocusesTheGridThenMoveItsCursor() throws {
        var state = try Self.fresh()
        #expect(state.focus == nil, "no panel has the focus until Tab gives it one")
        #expect(!Fixtures.render(state).plainText().contains("[ "), "and none looks focused")
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(state.snapshot.step == 1)
        _ = dispatch(&state, .moveCursor(dx: -1, dy: 0))
        #expect(state.snapshot.step == 0)
        #expect(!Fixtures.render(state).plainText().contains("cursor"))
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == .grid)
        #expect(Fixtures.render(state).plainText().contains("←↑↓→ cursor"))
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(state.cursor == 1)
        #expect(state.snapshot.step == 0)
        _ = dispatch(&state, .moveCursor(dx: 0, dy: 1))
        #expect(state.cursor == 1 + state.layoutGeometry.columns)
        _ = dispatch(&state, .moveCursor(dx: -1000, dy: -1000))
        #expect(state.cursor == 0)
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == .tables)
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(state.snapshot.step == 1)
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == .sequences)
        #expect(Fixtures.render(state).plainText().contains("[ Sequences"), "the focused panel's title is bracketed")
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == nil, "Tab after the last panel lets go")
        _ = dispatch(&state, .nextPanel)
        _ = dispatch(&state, .escape)
        #expect(state.focus == nil, "Esc lets go too")
        let step = state.snapshot.step
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(state.snapshot.step == step + 1)
    }

    @Test func tabSkipsPanelsTheViewDoesNotShow() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .cycleView)
        #expect(state.viewMode == .contiguous)
        #expect(state.focus == nil)
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == .sequences)
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == nil)
        _ = dispatch(&state, .cycleView)
        #expect(state.viewMode == .compare)
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == .grid)
        _ = dispatch(&state, .nextPanel)
        #expect(state.focus == nil)
    }

    @Test func theGridCursorShowsOnlyWhileTheGridHasFocus() throws {
        var state = try Self.fresh()
        func cursorIsReversed(_ state: AppState) -> Bool {
            let rect = state.layoutGeometry.rect(ofCell: state.cursor)
            return Fixtures.render(state)[rect.x, rect.y].style.reverse
        }
        #expect(!cursorIsReversed(state))
        _ = dispatch(&state, .nextPanel)
        #expect(cursorIsReversed(state))
    }

    @Test func clickOnABlockInspectsItAndClickElsewhereDoesNothing() throws {
        var state = try Self.fresh()
        let geometry = state.layoutGeometry
        let target = geometry.rect(ofCell: 5)
        _ = dispatch(&state, .click(x: target.x + 1, y: target.y))
        #expect(state.inspected == BlockID(5))
        #expect(state.cursor == 5)
        _ = dispatch(&state, .escape)
        _ = dispatch(&state, .click(x: 0, y: 0))
        #expect(state.inspected == nil)
        _ = dispatch(&state, .click(x: -5, y: 9999))
        #expect(state.inspected == nil)
    }

    @Test func viewsCycleAndLanguageToggles() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .cycleView)
        #expect(state.viewMode == .contiguous)
        _ = dispatch(&state, .cycleView)
        #expect(state.viewMode == .compare)
        _ = dispatch(&state, .cycleView)
        #expect(state.viewMode == .paged)
        _ = dispatch(&state, .toggleLanguage)
        #expect(state.language == .zh)
        #expect(Fixtures.render(state).plainText().contains("第 0 步"))
        #expect(Fixtures.render(state).plainText().contains("step 0"))
    }

    @Test func prefixCachingToggleKeepsTheStep() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .stepForward)
        _ = dispatch(&state, .stepForward)
        _ = dispatch(&state, .togglePrefixCaching)
        #expect(!state.snapshot.prefixCaching)
        #expect(state.snapshot.step == 2)
        _ = dispatch(&state, .restart)
        #expect(state.snapshot.step == 0)
    }

    @Test func resizeBelowTheMinimumShowsOnlyTheMessageAndQStillQuits() throws {
        var state = try Self.fresh()
        _ = dispatch(&state, .resize(Size(width: 79, height: 24)))
        let text = Fixtures.render(state).plainText()
        #expect(text.contains("terminal too small: need 80x24, have 79x24"))
        #expect(!text.contains("Blocks"))
        #expect(dispatch(&state, action(forKey: .char("q"))!) == [.quit])
    }

    @Test func everySizeDrawsWithoutCrashingAndWithoutColourInNoColourMode() throws {
        let chapter = Fixtures.chapter { try Fixtures.decoderEngine(requests: Fixtures.chat(count: 3)) }
        var state = try AppState(chapters: [chapter], language: .zh, colors: false, size: .zero)
        _ = dispatch(&state, .stepForward)
        _ = dispatch(&state, .stepForward)
        for width in 0...90 {
            for height in 0...30 {
                _ = dispatch(&state, .resize(Size(width: width, height: height)))
                if width % 7 == 0 { _ = dispatch(&state, .inspect) }
                var canvas = Canvas(size: state.size)
                view(state, into: &canvas)
                if width == 90 && height == 30 {
                    for y in 0..<height {
                        for x in 0..<width {
                            let style = canvas[x, y].style
                            #expect(style.foreground == .default && style.background == .default)
                        }
                    }
                }
            }
        }
    }

    @Test func anEmptyChapterListIsAnErrorNotACrash() {
        #expect(throws: AppStateError.self) {
            _ = try AppState(chapters: [], language: .en, colors: true, size: Size(width: 80, height: 24))
        }
    }

    @Test func largePoolsAggregateCellsWithALegend() throws {
        let chapter = Fixtures.chapter { try Fixtures.largeEngine(blocks: 4_000, requests: 60) }
        var state = try Fixtures.state([chapter])
        for _ in 0..<5 { _ = dispatch(&state, .stepForward) }
        let geometry = state.layoutGeometry
        #expect(geometry.blocksPerCell > 1)
        let text = Fixtures.render(state).plainText()
        #expect(text.contains("per cell"))
        #expect(text.contains("+"))
    }
}

extension AppState {
    var layoutGeometry: GridGeometry {
        layout.gridGeometry(for: snapshot)
    }
}

@Suite struct FrameBenchmarkSmokeTests {
    /// Not a timing assertion: the benchmark's frame must be the aggregated 8,000-block grid.
    @Test func benchmarkEngineDrawsAnAggregatedGrid() throws {
        let chapter = Fixtures.chapter { try Fixtures.largeEngine() }
        var state = try Fixtures.state([chapter])
        _ = dispatch(&state, .stepForward)
        #expect(state.snapshot.numBlocks == 8_000)
        #expect(Fixtures.render(state).plainText().contains("per cell"))
    }
}

import Engine
import KVScenario
import TerminalCanvas
import Testing
@testable import Visualizer

/// A newcomer's first minute (#18): the tour's orientation names the panels where they are and
/// closes on any key; each chapter opens with its summary; a chapter's end says where Space and
/// Right go; `j` goes to the next narrated moment; the title keeps the tour's place.
@Suite struct FirstMinuteTests {
    static func tour(_ files: [String], size: Size = Size(width: 120, height: 40), language: Language = .en) throws -> AppState {
        var state = try AppState(chapters: files.map { try DemoWalkthroughTests.chapter($0) }, language: language,
                                 colors: false, size: size)
        state.openInteractively(orientation: true)
        return state
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    @Test(arguments: sizes, [Language.en, .zh])
    func theOrientationNamesEveryPanelOnceAndAnyKeyClosesIt(size: Size, language: Language) throws {
        var state = try Self.tour(["01-why-kv-cache.yaml", "02-cache-size.yaml"], size: size, language: language)
        let screen = Fixtures.render(state).plainText()
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for tag in GuideOverlays.tags(state.layout) {
            // Each tag starts on its panel's own row (the first inside row of a boxed panel).
            let row = tag.boxed && tag.rect.height > 2 ? tag.rect.y + 1 : tag.rect.y
            let words = (language == .en ? tag.en : tag.zh).split(separator: " ").prefix(1).joined()
            #expect(rows[row].contains("▸ " + words), "row \(row) names \(words): \(rows[row])")
        }
        #expect(screen.contains(language == .en ? "First time here?" : "第一次来？"))
        // L keeps it up, in the other language; any other key closes it and does nothing else.
        _ = dispatch(&state, .toggleLanguage)
        #expect(state.showsOrientation)
        _ = dispatch(&state, .otherKey)
        #expect(!state.showsOrientation)
        #expect(state.snapshot.step == 0)
        // Shown once: the next chapter opens with its card, not the orientation.
        _ = dispatch(&state, .nextChapter)
        #expect(!state.showsOrientation && state.showsChapterCard)
    }

    @Test(arguments: sizes, [Language.en, .zh])
    func eachChapterOpensWithItsSummaryAndTheFirstStepClosesIt(size: Size, language: Language) throws {
        var state = try Self.tour(["05-fragmentation.yaml", "06-paged-attention.yaml"], size: size, language: language)
        _ = dispatch(&state, .otherKey)
        let summary = state.chapter.summary.text(language)
        let screen = Fixtures.render(state).plainText()
        let firstWords = String(summary.prefix(language == .en ? 12 : 6))
        #expect(screen.contains(firstWords), "the card shows the summary: \(screen)")
        #expect(screen.contains(language == .en ? "Chapter 1/2" : "第 1/2 章"))
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(!state.showsChapterCard)
        #expect(state.snapshot.step == 1, "Right closes the card and steps at once")
        _ = dispatch(&state, .nextChapter)
        #expect(Fixtures.render(state).plainText().contains(String(state.chapter.summary.text(language).prefix(6))))
        _ = dispatch(&state, .escape)
        #expect(!state.showsChapterCard && state.snapshot.step == 0, "Esc only closes it")
    }

    @Test(arguments: sizes, [Language.en, .zh])
    func atAChapterEndTheScreenNamesTheNextAndSpaceGoesThere(size: Size, language: Language) throws {
        var state = try Self.tour(["01-why-kv-cache.yaml", "02-cache-size.yaml"], size: size, language: language)
        _ = dispatch(&state, .otherKey)
        _ = dispatch(&state, .end)
        #expect(state.engine.isComplete)
        let keys = Fixtures.render(state).plainText().split(separator: "\n").last.map(String.init) ?? ""
        let next = state.chapters[1].title.text(language)
        #expect(keys.contains(language == .en ? "→ next: 2/2" : "→ 下一章：2/2"), "\(keys)")
        #expect(keys.contains(String(next.prefix(8))), "\(keys)")
        #expect(keys.contains(language == .en ? "q quit" : "q 退出"))
        _ = dispatch(&state, .togglePlay)
        #expect(state.chapterIndex == 1 && state.snapshot.step == 0 && !state.isPlaying)
        // The last chapter's end has no next: Space replays it, as before.
        _ = dispatch(&state, .end)
        #expect(!Fixtures.render(state).plainText().contains("→ next"))
        _ = dispatch(&state, .togglePlay)
        #expect(state.chapterIndex == 1 && state.isPlaying)
    }

    /// With no panel focused Up and Down do nothing; with the sequences focused they scroll its
    /// rows and Left and Right still step.
    @Test func upAndDownBelongToTheFocusedPanelOnly() throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("12-serving-run.yaml")], language: .en,
                                 colors: false, size: Size(width: 80, height: 24))
        while state.viewMode != .paged { _ = dispatch(&state, .cycleView) }
        for _ in 0..<40 { _ = dispatch(&state, .stepForward) }
        _ = dispatch(&state, .moveCursor(dx: 0, dy: 1))
        #expect(state.snapshot.step == 40 && state.sequenceScroll == 0)
        for _ in 0..<4 where state.focus != .sequences { _ = dispatch(&state, .nextPanel) }
        try #require(state.focus == .sequences)
        _ = dispatch(&state, .moveCursor(dx: 0, dy: 1))
        #expect(state.sequenceScroll == 1)
        _ = dispatch(&state, .moveCursor(dx: 1, dy: 0))
        #expect(state.snapshot.step == 41)
    }

    @Test func jGoesToTheNextStepWhereACueFires() throws {
        var state = try AppState(chapters: [DemoWalkthroughTests.chapter("12-serving-run.yaml")], language: .en,
                                 colors: false, size: Size(width: 120, height: 40))
        var fired: [Int] = []
        for _ in 0..<4 {
            _ = dispatch(&state, .nextMoment)
            fired.append(state.snapshot.step)
            let firing = try #require(state.track.firing(at: state.snapshot.step))
            #expect(firing.step == state.snapshot.step, "j stops where a cue fires")
        }
        #expect(fired == fired.sorted() && Set(fired).count == fired.count)
        // Every step it skipped shows no new cue.
        for step in 1..<fired[0] { #expect(state.track.firing(at: step)?.step != step) }
        _ = dispatch(&state, .end)
        _ = dispatch(&state, .nextMoment)
        #expect(state.engine.isComplete, "at the end j stays (no next chapter)")
    }

    /// The title keeps its step, the tour's place and the prefix-cache state at 80 columns in
    /// both languages, for every chapter; a long title is cut after a word.
    @Test(arguments: [Language.en, .zh])
    func theTitleKeepsTheStepThePlaceAndThePrefixCacheState(language: Language) throws {
        var state = try AppState(chapters: DemoWalkthroughTests.files.map { try DemoWalkthroughTests.chapter($0) },
                                 language: language, colors: false, size: Size(width: 80, height: 24))
        for index in state.chapters.indices {
            if index > 0 { _ = dispatch(&state, .nextChapter) }
            _ = dispatch(&state, .stepForward)
            let title = Fixtures.render(state).plainText().split(separator: "\n").first.map(String.init) ?? ""
            #expect(title.contains("\(index + 1)/\(state.chapters.count)"), "\(title)")
            #expect(title.contains(language == .en ? "prefix cache" : "前缀缓存"), "\(title)")
            #expect(title.contains("step 1"), "\(title)")
        }
        #expect(TitleBar.shortened("Fragmentation: reserved but unused", to: 20) == "Fragmentation…")
        #expect(TitleBar.shortened("Fragmentation: reserved but unused", to: 28) == "Fragmentation: reserved but…")
        #expect(DisplayWidth.of(TitleBar.shortened("碎片化：预留了却用不上", to: 9)) <= 9)
    }
}

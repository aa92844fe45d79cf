import Foundation
import KVEvents
import Narration
import TerminalCanvas
import Visualizer

/// `kvviz check` for a recorded walkthrough: plays the recording frame by frame, and at every
/// frame a cue is up, in both languages at 80x24 and 120x40, holds the cue against the screen:
/// its `expect:` claims, every figure it quotes against the same figure where the live screen
/// prints it (title bar, Events panel, tree labels), the cue and its figures cut by the
/// narration box, a missing translation. (`step` in the problems is the frame.)
public struct RecordedWalkthroughChecker: Sendable {
    public var screens: [NarrationChecker.Screen]

    public init(screens: [NarrationChecker.Screen] = NarrationChecker.allScreens) {
        self.screens = screens
    }

    public func check(_ walkthrough: RecordedWalkthrough, frames: [LiveFrameRecord], file: String) -> [NarrationCheckProblem] {
        var problems: [NarrationCheckProblem] = []
        var seen = Set<String>()
        var player = RecordedPlayer(walkthrough, frames: frames, source: walkthrough.recording)
        var shownCue: Int?
        for frame in 0...frames.count {
            if frame > 0 { _ = player.apply(.step(1)) }
            guard let index = player.cueIndex else { continue }
            let cue = walkthrough.cues[index]
            defer { shownCue = index }
            func report(_ key: String, _ place: String, _ message: String) {
                guard seen.insert("\(index)|\(key)").inserted else { return }
                problems.append(NarrationCheckProblem(file: file, line: cue.line, cue: index, step: frame, mode: place, message: message))
            }
            for claim in cue.expectations {
                let value = RecordedFigures.number(claim.figure, on: player.screen)
                if !claim.holds(value) {
                    report("claim \(claim)", "frame \(frame)", "false claim: expect '\(claim)' is false: \(claim.figure.rawValue) = \(value)")
                }
            }
            if let en = player.narration(.en), en == player.narration(.zh), en.contains(where: \.isLetter) {
                report("translation", "frame \(frame)", "missing translation: the zh text is the en text")
            }
            for screen in screens {
                checkScreen(&player, screen, cue: cue) { key, message in
                    report("\(key) \(screen.language) \(screen.size.width)x\(screen.size.height)",
                           "\(screen.language) \(screen.size.width)x\(screen.size.height)", message)
                }
                if shownCue != index {
                    checkMarks(&player, screen) { key, place, message in report(key, place, message) }
                }
            }
        }
        return problems
    }

    /// When a cue comes up: each tree mark it names (`◆`, `▣`) is drawn on the screen, outside
    /// the narration, with colours and without (`--no-color`).
    private func checkMarks(_ player: inout RecordedPlayer, _ screen: NarrationChecker.Screen,
                            _ problem: (String, String, String) -> Void) {
        player.resize(screen.size)
        player.setLanguage(screen.language)
        guard let narration = player.narration(screen.language) else { return }
        let named = LiveView.treeMarks.filter { narration.contains($0) }
        guard !named.isEmpty else { return }
        let original = player.screen.appearance
        defer { player.setAppearance(original) }
        let area = LiveView.narrationArea(screen.size)
        for colors in [true, false] {
            player.setAppearance(Appearance(colors: colors))
            var canvas = Canvas(size: screen.size)
            LiveView.draw(player.screen, on: &canvas)
            let drawn = canvas.plainTextLines().enumerated().filter { $0.offset < area.y || $0.offset >= area.maxY }
                .map(\.element).joined()
            let place = "\(screen.language) \(screen.size.width)x\(screen.size.height)\(colors ? "" : " no-color")"
            for mark in named.sorted() where !drawn.contains(mark) {
                problem("mark \(mark) \(place)", place, "the cue names \(mark) but the screen draws none"
                        + (colors ? "" : " without colour (--no-color)"))
            }
        }
    }

    private func checkScreen(_ player: inout RecordedPlayer, _ screen: NarrationChecker.Screen, cue: RecordedWalkthrough.Cue,
                             _ problem: (String, String) -> Void) {
        player.resize(screen.size)
        player.setLanguage(screen.language)
        var canvas = Canvas(size: screen.size)
        LiveView.draw(player.screen, on: &canvas)
        let lines = canvas.plainTextLines()
        guard let narration = player.narration(screen.language) else { return }
        let area = LiveView.narrationArea(screen.size)
        let rows = lines.indices.filter { $0 > area.y && $0 < area.y + area.height - 1 }.map {
            lines[$0].dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        }
        let panel = (rows.joined(separator: " "), rows.joined())
        func onPanel(_ text: String) -> Bool { panel.0.contains(text) || panel.1.contains(text) }
        if !onPanel(String(narration.suffix(10))) {
            problem("cut", "the narration is cut at \(screen.size.width)x\(screen.size.height): it needs \(TextLayout.wrap(narration, width: area.width - 4).count) lines, the box has \(area.height - 2)")
        }
        let figures = LiveScreenFigures(lines: lines, language: screen.language)
        for figure in Set(screen.language == .en ? cue.en.figures : cue.zh.figures) {
            let shown = RecordedFigures.text(figure, on: player.screen)
            guard let onScreen = figures.value(of: figure) else {
                // The screen must print each quoted figure somewhere, at least on the larger screen.
                if screen.size.width >= 120 {
                    problem("absent \(figure.rawValue)", "figure {\(figure.rawValue)} is not printed anywhere else on the screen, so nothing holds it")
                }
                continue
            }
            if onScreen.hasSuffix("…") {
                problem("cut \(figure.rawValue)", "truncated figure: the narration quotes '\(shown)' ({\(figure.rawValue)}) but the screen cuts it to '\(onScreen)'")
            } else if onScreen != shown {
                problem("screen \(figure.rawValue)", "figure '\(shown)' ({\(figure.rawValue)}) contradicts the screen value '\(onScreen)'")
            }
        }
    }
}

/// Where the live screen prints each figure a recorded walkthrough may quote, read back from
/// the drawn frame's text.
struct LiveScreenFigures {
    let lines: [String]
    let language: Language

    func value(of figure: RecordingFigure) -> String? {
        let en = language == .en
        let number = #"([0-9][0-9,]*…?)"#
        switch figure {
        case .frame: return find((en ? #"frame "# : #"帧 "#) + number + "/", in: Array(lines.prefix(1)))
        case .batches: return find(number + (en ? #" batches"# : #" 批"#), in: Array(lines.prefix(1)))
        case .events: return find(number + (en ? #" events"# : #" 个事件"#), in: Array(lines.prefix(1)))
        case .cachedBlocks: return find((en ? #"│cached blocks +"# : #"│缓存块 +"#) + number, in: lines)
        case .prefixTrees: return find((en ? #"│prefix trees +"# : #"│前缀树 +"#) + number, in: lines)
        case .largestTree: return find(#"│T1·"# + number, in: lines)
        case .storedTotal: return find((en ? #"│stored total +"# : #"│累计存入 +"#) + number, in: lines)
        case .evictedTotal: return find((en ? #"│evicted total +"# : #"│累计驱逐 +"#) + number, in: lines)
        }
    }

    private func find(_ pattern: String, in rows: [String]) -> String? {
        ScreenRows.firstCapture(pattern, in: rows)
    }
}

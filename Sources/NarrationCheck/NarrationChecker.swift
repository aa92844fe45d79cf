import Engine
import Narration
import KVCore
import TerminalCanvas
import Visualizer

/// Plays a walkthrough to its end as a viewer would, in every mode a key can put it in (each
/// contiguous policy `c` reaches, prefix caching on and off with `p`, each view `v`), and at each
/// step a cue is up, in both languages and at each screen size, holds what the cue says against
/// the screen: its `expect:` claims, every figure it quotes (live figures must equal the
/// quantity now and wherever else the screen prints it; anchored ones must write their step in),
/// figures cut from the narration box or from a panel, figures with no value, a missing
/// translation. A cue whose `describes:` excludes the mode is not shown there, so not checked.
public struct NarrationChecker: Sendable {
    public struct Screen: Sendable {
        public let size: Size
        public let language: Language
        public init(_ size: Size, _ language: Language) {
            self.size = size
            self.language = language
        }
    }

    public static let allScreens = [Size(width: 80, height: 24), Size(width: 120, height: 40)].flatMap { size in
        Language.allCases.map { Screen(size, $0) }
    }

    public var screens: [Screen]
    public var views: [ViewMode]
    /// Every contiguous policy `c` reaches (false: the file's own only).
    public var everyPolicy: Bool
    /// Prefix caching as the file sets it and switched with `p` (false: as the file sets it).
    public var bothPrefixSettings: Bool
    /// A run that has not ended after this many steps is reported, not played on.
    public var maxSteps: Int

    public init(screens: [Screen] = allScreens, views: [ViewMode] = ViewMode.allCases, everyPolicy: Bool = true,
                bothPrefixSettings: Bool = true, maxSteps: Int = 20_000) {
        self.screens = screens
        self.views = views
        self.everyPolicy = everyPolicy
        self.bothPrefixSettings = bothPrefixSettings
        self.maxSteps = maxSteps
    }

    /// Every problem of `chapter` (named `file` in the messages), each reported once per cue,
    /// kind and mode: at the first step it shows.
    public func check(_ chapter: Chapter, file: String) throws -> [NarrationCheckProblem] {
        let start = try AppState(chapters: [chapter], language: .en, colors: false, size: Size(width: 120, height: 40))
        var policies: [ContiguousPolicy?] = [start.engine.config.contiguousPolicy]
        if everyPolicy {
            var probe = start
            for _ in ContiguousPolicy.allCases {
                _ = dispatch(&probe, .cycleContiguousPolicy)
                let policy = probe.engine.config.contiguousPolicy
                if policies.contains(policy) { break }
                policies.append(policy)
            }
        }
        var report = Report(file: file)
        for toggled in bothPrefixSettings ? [false, true] : [false] {
            for policy in policies {
                var state = start
                if toggled { _ = dispatch(&state, .togglePrefixCaching) }
                for _ in policies where state.engine.config.contiguousPolicy != policy {
                    _ = dispatch(&state, .cycleContiguousPolicy)
                }
                play(&state, &report)
            }
        }
        return report.problems
    }

    private func play(_ state: inout AppState, _ report: inout Report) {
        let mode = "prefix caching \(state.engine.prefixCaching ? "on" : "off")"
            + (state.engine.config.contiguousPolicy.map { ", contiguous \($0.rawValue)" } ?? "")
        for _ in 0...maxSteps {
            checkStep(&state, mode: mode, &report)
            if state.engine.isComplete { return }
            _ = dispatch(&state, .stepForward)
        }
        report.add(NarrationCheckProblem(file: report.file, line: 0, cue: -1, step: state.engine.step, mode: mode,
                                         message: "the run has not ended after \(maxSteps) steps"), key: "steps")
    }

    private func checkStep(_ state: inout AppState, mode: String, _ report: inout Report) {
        let snapshot = state.snapshot
        guard let firing = state.track.firing(at: snapshot.step) else { return }
        let cue = state.track.script.cues[firing.cue]
        let shownIn = views.filter {
            cue.describes?.mismatch(prefixCaching: state.engine.prefixCaching,
                                    contiguous: state.engine.config.contiguousPolicy, view: $0.name) == nil
        }
        guard !shownIn.isEmpty else { return }
        // Found in this step, each as (where, kind, message); reported once per cue, kind and place.
        var problems: [(String, String, String)] = []
        func problem(_ place: String, _ key: String, _ message: String) {
            problems.append((place, key, message))
        }
        defer {
            for (place, key, message) in problems {
                report.add(NarrationCheckProblem(file: report.file, line: cue.line, cue: firing.cue, step: snapshot.step,
                                             mode: place, message: message), key: "\(firing.cue)|\(key)|\(place)")
            }
        }
        for claim in state.track.brokenClaims(for: snapshot) {
            problem(mode, "claim \(claim.claim)", "false claim: expect '\(claim.claim)' \(claim.problem)")
        }
        let texts = state.track.text(for: snapshot)
        if let en = texts?.en, en == texts?.zh, en.contains(where: { $0.isLetter }) {
            problem(mode, "translation", "missing translation: the zh text is the en text")
        }
        for language in Language.allCases {
            let anchor = language.narrationLanguage.anchor(firing.step)
            let text = (language == .en ? texts?.en : texts?.zh) ?? ""
            for figure in state.track.figures(for: snapshot, language: language.narrationLanguage) {
                let live = state.track.liveValue(figure.placeholder, firing: firing, snapshot: snapshot)
                guard let shown = figure.text else {
                    problem(mode, "none \(figure.name)", "figure {\(figure.name)} has no value here (the screen would show a note instead of the cue); add describes: for the mode it is about")
                    continue
                }
                if figure.anchored && text.contains(anchor) { continue }
                if shown != live {
                    problem("\(mode), \(language)", "stale \(figure.name)",
                            "stale figure '\(shown)' ({\(figure.name)}\(figure.anchored ? ", frozen at step \(firing.step) without writing it" : "")): it is \(live ?? "no value") now")
                }
            }
        }
        // A cue that quotes nothing the screen prints elsewhere is checked against the screen
        // once per text, view and size: only its own box can cut it.
        let readsScreen = (cue.en.placeholders + cue.zh.placeholders).contains { ScreenFigures.kinds.contains($0.kind) }
        for view in shownIn {
            while state.view != view { _ = dispatch(&state, .cycleView) }
            for screen in screens {
                let text = screen.language == .en ? texts?.en : texts?.zh
                let key = "\(view.name) \(screen.size.width)x\(screen.size.height) \(text ?? "")"
                guard readsScreen || report.drawn.insert(key).inserted else { continue }
                checkScreen(&state, screen, firing: firing, mode: "\(mode), \(view.name) view", problem)
            }
        }
    }

    private func checkScreen(_ state: inout AppState, _ screen: Screen, firing: NarrationTrack.Firing, mode: String,
                             _ problem: (String, String, String) -> Void) {
        _ = dispatch(&state, .resize(screen.size))
        if state.language != screen.language { _ = dispatch(&state, .toggleLanguage) }
        let place = "\(mode), \(screen.language) \(screen.size.width)x\(screen.size.height)"
        var canvas = Canvas(size: screen.size)
        viewFigureRows(state, into: &canvas)
        let lines = canvas.plainTextLines()
        // A text with a figure of no value is reported once above; the screen shows a note then.
        let rendered = state.track.text(for: state.snapshot)
        guard let narration = state.narration?.text.text(screen.language),
              (screen.language == .en ? rendered?.en : rendered?.zh) != nil else { return }
        let area = state.narrationArea
        let rows = lines.indices.filter { $0 > area.y && $0 < area.y + area.height - 1 }.map { row in
            String(lines[row].dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        let panel = (rows.joined(separator: " "), rows.joined())
        func onPanel(_ text: String) -> Bool { panel.0.contains(text) || panel.1.contains(text) }
        if !onPanel(String(narration.suffix(10))) {
            problem(place, "cut", "the narration is cut at \(screen.size.width)x\(screen.size.height): it needs \(TextLayout.wrap(narration, width: area.width - 2).count) lines, the panel has \(area.height - 2)")
        }
        let screenFigures = ScreenFigures(lines: lines, counterRow: state.counterArea.y, language: screen.language,
                                          contiguousPolicy: state.view == .paged ? nil : state.engine.config.contiguousPolicy?.rawValue)
        for figure in state.track.figures(for: state.snapshot, language: screen.language.narrationLanguage) {
            guard let shown = figure.text else { continue }
            // The text up to the figure's end must be on the panel (a lone digit elsewhere proves nothing).
            let upTo = narration.range(of: shown).map { String(narration[..<$0.upperBound].suffix(12)) } ?? shown
            if !onPanel(upTo) {
                problem(place, "truncated \(figure.name)", "truncated figure: '\(shown)' ({\(figure.name)}) is cut from the narration panel")
            }
            guard !figure.anchored, let onScreen = screenFigures.value(of: figure.kind) else { continue }
            if onScreen.hasSuffix("…") {
                problem(place, "cut \(figure.name)", "truncated figure: the narration quotes '\(shown)' ({\(figure.name)}) but the screen cuts it to '\(onScreen)'")
            } else if !Self.agree(shown, onScreen) {
                problem(place, "screen \(figure.name)", "figure '\(shown)' ({\(figure.name)}) contradicts the screen value '\(onScreen)'")
            }
        }
    }

    public static func agree(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = ShownFigure(a), let y = ShownFigure(b) else { return false }
        return x.agrees(with: y)
    }

    /// The problems found so far, each (cue, kind, mode) once.
    private struct Report {
        let file: String
        var problems: [NarrationCheckProblem] = []
        var seen = Set<String>()
        /// Texts already checked on a screen (view, size, text).
        var drawn = Set<String>()

        mutating func add(_ problem: NarrationCheckProblem, key: String) {
            guard seen.insert(key).inserted else { return }
            problems.append(problem)
        }
    }
}

extension Language {
    var narrationLanguage: NarrationLanguage { self == .en ? .en : .zh }
}

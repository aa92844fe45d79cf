import Foundation
import KVBase
import Narration

public enum RecordedWalkthroughLoader {
    static let keys = ["title", "summary", "recording", "narration"]
    static let cueKeys = ["frame", "en", "zh", "expect"]

    public static func load(text: String, file: String, name: String) throws(ScenarioError) -> RecordedWalkthrough {
        try YAMLComposer.read(text, file: file, empty: "is empty; a recorded walkthrough needs a title, a recording and narration") {
            (top: ScenarioNode) throws(ScenarioError) -> RecordedWalkthrough in try parse(top, name: name)
        }
    }

    /// The walkthrough of the file's root node.
    private static func parse(_ top: ScenarioNode, name: String) throws(ScenarioError) -> RecordedWalkthrough {
        let fields = try top.fields(allowed: keys)
        guard let title = fields["title"] else { throw top.error("needs a title: {en: ..., zh: ...}") }
        guard let recording = fields["recording"] else { throw top.error("needs recording: FILE.kvlive (a recording made with kvviz attach --record)") }
        guard let narration = fields["narration"] else { throw top.error("needs narration: a list of cues with frame:, en: and zh:") }
        let path = try recording.string()
        guard path.hasSuffix(".kvlive"), !path.contains("/"), !path.hasPrefix(".") else {
            throw recording.error("expected the file name of a .kvlive recording beside this file, got '\(SafeText.escaped(path))'")
        }
        var cues: [RecordedWalkthrough.Cue] = []
        for item in try narration.items() {
            let cue = try parseCue(item)
            if let previous = cues.last, cue.frame <= previous.frame {
                throw item.error("frame \(cue.frame) is not after the previous cue's frame \(previous.frame); list cues in frame order, one per frame")
            }
            cues.append(cue)
        }
        guard !cues.isEmpty else { throw narration.error("has no cues; give at least one with frame:, en: and zh:") }
        let titleText = try title.text()
        let summaryText = try fields["summary"]?.text() ?? Scenario.Text(en: "", zh: "")
        return RecordedWalkthrough(name: name, title: .init(en: titleText.en, zh: titleText.zh),
                                   summary: .init(en: summaryText.en, zh: summaryText.zh),
                                   recording: path, cues: cues)
    }

    static func parseCue(_ node: ScenarioNode) throws(ScenarioError) -> RecordedWalkthrough.Cue {
        let f = try node.fields(allowed: cueKeys)
        guard let frame = f["frame"] else { throw node.error("needs frame: N (the frame of the recording it shows at, 0 = before the first)") }
        func text(_ key: String) throws(ScenarioError) -> RecordingText {
            guard let field = f[key] else { throw node.error("needs \(key == "en" ? "an" : "a") '\(key)' text") }
            switch RecordingText.parse(SafeText.onScreen(try field.string())) {
            case let .success(parsed): return parsed
            case let .failure(problem): throw field.error(.source(problem.description))
            }
        }
        var claims: [RecordedWalkthrough.Claim] = []
        if let field = f["expect"] {
            let items: [ScenarioNode]
            if case .scalar = field.node { items = [field] } else { items = try field.items() }
            for item in items { claims.append(try parseClaim(item)) }
        }
        return RecordedWalkthrough.Cue(frame: try frame.int(atLeast: 0, expected: "a frame >= 0"), en: try text("en"), zh: try text("zh"),
                                       expectations: claims, line: node.line ?? 0)
    }

    static func parseClaim(_ node: ScenarioNode) throws(ScenarioError) -> RecordedWalkthrough.Claim {
        let words = try node.string().split(separator: " ").map(String.init)
        let names = RecordingFigure.allCases.map(\.rawValue).joined(separator: ", ")
        let operators = RecordedWalkthrough.Claim.Comparison.allCases.map(\.rawValue).joined(separator: " ")
        guard words.count == 3, let figure = RecordingFigure(rawValue: words[0]),
              let comparison = RecordedWalkthrough.Claim.Comparison(rawValue: words[1]), let number = Int(words[2]) else {
            throw node.error("expected 'FIGURE OP NUMBER' (FIGURE one of \(names); OP one of \(operators)), got \(node.shown)")
        }
        return RecordedWalkthrough.Claim(figure: figure, comparison: comparison, number: number)
    }
}

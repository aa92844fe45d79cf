import Foundation
import KVBase
import Narration

public enum RecordedWalkthroughLoader {
    static let keys = ["title", "summary", "recording", "narration"]
    static let cueKeys = ["frame", "en", "zh", "expect"]

    public static func load(text: String, file: String, name: String) throws(ScenarioError) -> RecordedWalkthrough {
        try YAMLComposer.read(text, file: file, empty: .recordedWalkthrough) {
            (top: ScenarioNode) throws(ScenarioError) -> RecordedWalkthrough in try parse(top, name: name)
        }
    }

    /// The walkthrough of the file's root node.
    private static func parse(_ top: ScenarioNode, name: String) throws(ScenarioError) -> RecordedWalkthrough {
        let fields = try top.fields(allowed: keys)
        guard let title = fields["title"] else { throw top.error(.missingTitle) }
        guard let recording = fields["recording"] else { throw top.error(.missingRecording) }
        guard let narration = fields["narration"] else { throw top.error(.missingRecordedNarration) }
        let path = try recording.string()
        guard path.hasSuffix(".kvlive"), !path.contains("/"), !path.hasPrefix(".") else {
            throw recording.error(.unaccepted(value: "'\(SafeText.escaped(path))'", accepted: "the file name of a .kvlive recording beside this file"))
        }
        var cues: [RecordedWalkthrough.Cue] = []
        for item in try narration.items() {
            let cue = try parseCue(item)
            if let previous = cues.last, cue.frame <= previous.frame {
                throw item.error(.frameNotAfter(frame: cue.frame, previous: previous.frame))
            }
            cues.append(cue)
        }
        guard !cues.isEmpty else { throw narration.error(.noRecordedCues) }
        let titleText = try title.text()
        let summaryText = try fields["summary"]?.text() ?? Scenario.Text(en: "", zh: "")
        return RecordedWalkthrough(name: name, title: .init(en: titleText.en, zh: titleText.zh),
                                   summary: .init(en: summaryText.en, zh: summaryText.zh),
                                   recording: path, cues: cues)
    }

    static func parseCue(_ node: ScenarioNode) throws(ScenarioError) -> RecordedWalkthrough.Cue {
        let f = try node.fields(allowed: cueKeys)
        guard let frame = f["frame"] else { throw node.error(.missingFrame) }
        func text(_ key: String) throws(ScenarioError) -> RecordingText {
            guard let field = f[key] else { throw node.error(.missingText(language: key)) }
            switch RecordingText.parse(SafeText.onScreen(try field.string())) {
            case let .success(parsed): return parsed
            case let .failure(problem): throw field.error(.recordingText(problem))
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
            throw node.error(.unaccepted(value: node.shown, accepted: "'FIGURE OP NUMBER' (FIGURE one of \(names); OP one of \(operators))"))
        }
        return RecordedWalkthrough.Claim(figure: figure, comparison: comparison, number: number)
    }
}

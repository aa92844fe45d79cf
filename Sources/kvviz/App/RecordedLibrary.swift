import Foundation
import KVBase
import KVDemos
import KVEvents
import KVScenario
import Narration
import Visualizer

/// A recorded walkthrough ready to play: its file, the walkthrough read from it, and the frames
/// of the recording it narrates.
struct RecordedDemo {
    let source: DemoSource
    let walkthrough: RecordedWalkthrough
    let frames: [LiveFrameRecord]

    var name: String { source.name }

    func title(_ language: Language) -> String {
        language == .zh ? walkthrough.title.zh : walkthrough.title.en
    }

    func player(language: Language) -> RecordedPlayer {
        var player = RecordedPlayer(walkthrough, frames: frames, source: walkthrough.recording)
        player.setLanguage(language)
        return player
    }
}

/// The recorded walkthroughs (`demos/recordings/NAME.yaml` and the `.kvlive` beside it): the
/// built-in ones, then those of a `--demos` folder's `recordings/` sub-folder.
enum RecordedLibrary {
    static func sources(_ catalog: DemoCatalog) throws -> [DemoSource] {
        var byName: [String: DemoSource] = [:]
        for file in BuiltInRecordings.walkthroughs {
            let name = DemoCatalog.shortName(of: file.fileName)
            byName[name] = DemoSource(name: name, fileName: file.fileName, origin: "(built in) \(file.fileName)", text: file.text)
        }
        if let folder = catalog.folder {
            let sub = (folder as NSString).appendingPathComponent(BuiltInRecordings.folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: sub)) ?? []).filter(DemoCatalog.isScenarioFile).sorted()
            for name in names {
                let path = (sub as NSString).appendingPathComponent(name)
                let short = DemoCatalog.shortName(of: name)
                byName[short] = DemoSource(name: short, fileName: BuiltInRecordings.folder + "/" + name, origin: path,
                                           text: try ScenarioText.read(path: path))
            }
        }
        return byName.values.sorted { $0.fileName < $1.fileName }
    }

    static func demos(_ catalog: DemoCatalog) throws -> [RecordedDemo] {
        try sources(catalog).map(load)
    }

    static func demo(named name: String, in catalog: DemoCatalog) throws -> RecordedDemo? {
        try sources(catalog).first { $0.name == name || $0.fileName == name }.map(load)
    }

    /// Reads the walkthrough and its recording (embedded, or beside the file on disk).
    static func load(_ source: DemoSource) throws -> RecordedDemo {
        let walkthrough = try RecordedWalkthroughLoader.load(text: source.text, file: source.origin, name: source.stem)
        let builtIn = source.origin.hasPrefix("(built in)")
        let recordingName = BuiltInRecordings.folder + "/" + walkthrough.recording
        let bytes: [UInt8]
        if builtIn {
            guard let embedded = BuiltInRecordings.recording(recordingName) else {
                throw CLIError(.recordingNotBuiltIn(origin: source.origin, recording: walkthrough.recording))
            }
            bytes = embedded
        } else {
            let path = ((source.origin as NSString).deletingLastPathComponent as NSString).appendingPathComponent(walkthrough.recording)
            do {
                bytes = try InputFile.read(path, limit: 1 << 30, expecting: "a kvviz recording")
            } catch {
                throw CLIError(.unreadableRecording("\(source.origin): recording \(path)", error))
            }
        }
        let decoded: (frames: [LiveFrameRecord], truncated: Bool)
        do throws(LiveRecording.Failure) {
            decoded = try LiveRecording.decode(bytes)
        } catch {
            throw CLIError(.recordingUndecodable(origin: source.origin, recording: walkthrough.recording, error))
        }
        guard !decoded.truncated else {
            throw CLIError(.recordingCutShort(origin: source.origin, recording: walkthrough.recording))
        }
        let frames = decoded.frames
        for (index, cue) in walkthrough.cues.enumerated() where cue.frame > frames.count {
            throw CLIError(.cueFramePastRecording(origin: source.origin, cue: index, frame: cue.frame, frames: frames.count))
        }
        return RecordedDemo(source: source, walkthrough: walkthrough, frames: frames)
    }
}

import ArgumentParser
import Foundation
import KVBase
import KVEvents
import Visualizer

/// `kvviz replay FILE`: plays a recording made with `kvviz attach --record FILE`.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play back a recording of a vLLM server's KV events (from attach --record).",
        discussion: """
            The same screen as attach, with the walkthrough keys: Space play/pause (at the \
            recording's pace), Right/n and Left/b step one frame, + - speed, [ ] seek 10%, Home End. \
            With --json it prints one JSON line per applied batch, as attach --json did.

            Examples:
              kvviz replay demos/recordings/prefix-sharing.kvlive
              kvviz replay run.kvlive --json
            """)

    @Argument(help: ArgumentHelp("A recording (attach --record).", valueName: "FILE"))
    var file: String

    @Flag(help: "One JSON line per applied batch instead of the screen.")
    var json = false

    @Option(help: "Label language: en or zh (L toggles).")
    var lang: Language = .en

    @Flag(name: .customLong("no-color"), help: "No colours (also NO_COLOR).")
    var noColor = false

    func run() throws {
        let frames = try Self.load(file)
        if json {
            // A recording of several data-parallel ranks: a cache per rank, and each line says
            // its rank and the ranks' totals, as attach --json printed them.
            var caches = Array(repeating: LiveCache(), count: (frames.map(\.rank).max() ?? 0) + 1)
            for frame in frames where frame.kind != .metrics {
                let outcome = caches[frame.rank].receive(sequence: frame.sequence, payload: frame.payload, arrival: frame.arrival)
                switch outcome {
                case .applied:
                    guard var object = caches[frame.rank].jsonObject(sequence: frame.sequence, outcome: outcome) else { continue }
                    if caches.count > 1 {
                        object.add("rank", frame.rank)
                        object.add("all_blocks", caches.reduce(0) { $0 + $1.state.blockCount })
                        object.add("all_trees", caches.reduce(0) { $0 + $1.state.treeCount })
                    }
                    StandardOutput.line(JSON.object(object).compact)
                case let .rejected(problem): StandardOutput.error("replay \(file): \(problem); the batch was skipped")
                case .duplicate: break
                }
            }
            return
        }
        guard TerminalCheck.isInteractive else {
            throw CLIError(flag: "replay", .notATerminal)
        }
        let colors = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        var screen = LiveScreen(source: (file as NSString).lastPathComponent)
        screen.playback = LiveScreen.Playback(position: 0, count: frames.count)
        screen.recordedWithoutMetrics = !frames.contains { $0.kind == .metrics }
        let status = try LiveScreenSession(colors: colors, language: lang).run(screen: screen, source: ReplayDriver.source(frames: frames))
        if status != 0 { throw ExitCode(status) }
    }

    static func load(_ path: String) throws -> [LiveFrameRecord] {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, limit: 1 << 30, expecting: "a kvviz recording")
        } catch {
            throw CLIError(.unreadableRecording("replay \(path)", error))
        }
        do {
            let (frames, truncated) = try LiveRecording.decode(bytes)
            if truncated { StandardOutput.error("replay \(path): the last record is cut short (the recorder stopped mid-write); playing the \(frames.count) whole ones") }
            return frames
        } catch {
            throw CLIError(.undecodableRecording("replay \(path)", error))
        }
    }
}

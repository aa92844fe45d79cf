import ArgumentParser
import Foundation
import TerminalCanvas
import Visualizer

/// `kvviz render NAME|FILE`: frames without a terminal, as text, ANSI or an asciicast recording.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a walkthrough's frames to stdout (text, ANSI or asciicast v2)."
    )

    @Argument(help: "A walkthrough name (kvviz demo --list) or a scenario file.")
    var target: String

    @Option(help: "Steps to render after the first frame.")
    var steps: Int = 20

    @Option(help: "Frame size, WIDTHxHEIGHT (at least 80x24).")
    var size: String = "120x40"

    @Option(help: "text, ansi or cast (asciicast v2).")
    var format: RenderFormat = .text

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        try reportingErrors {
            guard steps >= 0 else { throw CLIError("--steps is \(steps); expected 0 or more") }
            let frame = try RenderCommand.parseSize(size)
            let chapter = try ChapterLibrary.chapter(namedOrFile: target)
            let language = try viewer.language()
            let speed = try viewer.validatedSpeed()
            var appearance = viewer.appearance(depth: .palette256)
            appearance.glyphs = viewer.requestedGlyphs
            if format == .text { appearance.theme = .mono }
            let state = try AppState(chapters: [chapter], language: language, appearance: appearance, size: frame,
                                     speed: speed, focusMode: viewer.focus)
            var renderer = HeadlessRenderer(state: state, steps: steps, format: format,
                                            title: language == .zh ? chapter.title.zh : chapter.title.en,
                                            frameInterval: 1 / speed)
            renderer.render { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }

    static func parseSize(_ text: String) throws -> Size {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else {
            throw CLIError("--size is '\(text)'; expected WIDTHxHEIGHT, e.g. 120x40")
        }
        guard width >= 80, height >= 24, width <= 1000, height <= 500 else {
            throw CLIError("--size is \(text); expected at least 80x24 (and at most 1000x500)")
        }
        return Size(width: width, height: height)
    }
}

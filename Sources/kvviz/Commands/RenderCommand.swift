import ArgumentParser
import Foundation
import TerminalCanvas
import Visualizer

/// What `kvviz render` writes.
enum RenderFormat: String, ExpressibleByArgument, CaseIterable {
    case text, ansi, cast, svg, html
}

/// `kvviz render NAME|FILE`: a walkthrough without a terminal: text or ANSI frames, an asciicast
/// recording, SVG slides or a self-contained HTML player.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a walkthrough without a terminal: text, ANSI, an asciicast recording, SVG slides or an HTML page.",
        discussion: """
            The whole walkthrough by default (--steps N stops after N steps). Frames show the \
            screen without the interactive chrome (no play state, no key legend).

              text, ansi  every step's frame, to stdout or -o FILE
              cast        an asciicast v2 recording (asciinema play FILE): a frame where a \
            narration starts stays for its reading time (3 s more for pause: cues), other steps \
            1/--speed s; a marker where each narration starts
              svg         one SVG per narration cue into the folder -o DIR \
            (NAME-NN-step-S.svg), or with --step S that step's frame to stdout or -o FILE
              html        one self-contained page that plays the walkthrough with the cast's \
            timing (no network needed), to stdout or -o FILE

            Examples:
              kvviz render paged-attention --format cast -o paged.cast
              kvviz render prefix-sharing --format svg --theme light -o slides/
              kvviz render preemption --format html -o preemption.html
            """
    )

    @Argument(help: ArgumentHelp("A walkthrough name (kvviz demo --list), a scenario file, or - for standard input.",
                                 valueName: "name|file"),
              completion: .list(DemoCatalog.builtInNames))
    var target: String

    @Option(parsing: .unconditional, help: "Stop after this many steps (default: at the end of the walkthrough).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "With svg: only this step's frame.")
    var step: Int?

    @Option(help: "Frame size, WIDTHxHEIGHT (at least 80x24).")
    var size: String = "120x40"

    @Option(help: "What to write.")
    var format: RenderFormat = .text

    @Option(name: [.customShort("o"), .long],
            help: ArgumentHelp("Write to this file (svg: this folder) instead of standard output.", valueName: "path"),
            completion: .file())
    var output: String?

    @Flag(help: "With -o FILE: write a temporary file beside it and rename it into place when complete (regular files only; a symlink, FIFO or device is refused).")
    var atomic = false

    @OptionGroup var viewer: ViewerOptions

    func run() throws {
        if let steps, steps < 0 { throw CLIError(flag: "--steps", .negative(steps)) }
        if let step, step < 0 { throw CLIError(flag: "--step", .negative(step)) }
        if step != nil && format != .svg { throw CLIError(flag: "--step", .rule(.stepWithoutSVG)) }
        let frameSize = try RenderCommand.parseSize(size)
        let language = try viewer.language()
        let speed = try viewer.validatedSpeed()
        // Files: the chosen theme at 256 colours (what players and browsers show), the glyph set
        // only when asked for (files are UTF-8 whatever the locale); plain text has no colour.
        var appearance = viewer.appearance(depth: .palette256)
        appearance.glyphs = viewer.requestedGlyphs
        // A walkthrough over a recording (the practice part's last): its frames, the same outputs.
        if let recorded = try RecordedLibrary.demo(named: target, in: viewer.catalog) ?? CheckCommand.recordedFile(target) {
            // The live screen's trees keep their glyphs (the narration names ▣ and ◆); text drops colour anyway.
            let recorder = RecordedWalkthroughRecorder(player: recorded.player(language: language), size: frameSize,
                                                       language: language, appearance: appearance,
                                                       maxFrames: step ?? steps, speed: speed)
            try write(recorder, name: recorded.name, title: recorded.title(language), language: language)
            return
        }
        let chapter = try ChapterLibrary.chapter(namedOrFile: target, in: viewer.catalog, manager: viewer.manager)
        if format == .text { appearance.theme = .mono }
        let state = try AppState(chapters: [chapter], language: language, appearance: appearance,
                                 size: frameSize, speed: speed, focusMode: viewer.focus)
        let title = language == .zh ? chapter.title.zh : chapter.title.en
        let recorder = WalkthroughRecorder(state: state, maxSteps: step ?? steps, speed: speed)
        // Slides are named after the walkthrough (serving-run-01-step-0.svg), not its file (12-serving-run).
        try write(recorder, name: DemoCatalog.shortName(of: chapter.name + ".yaml"), title: title, language: language)
    }

    /// Writes `recorder`'s frames in the chosen format, with a progress line on a terminal's
    /// stderr for a long render to a file (or slides).
    private func write(_ recorder: some FrameRecorder, name: String, title: String, language: Language) throws {
        let sink = try OutputSink(path: format == .svg && step == nil ? nil : output, atomic: atomic)
        let work = { try render(format: format, recorder: recorder, title: title, language: language, sink: sink, name: name) }
        let note = try output == nil ? work() : ProgressLine.during("rendering \(name) as \(format.rawValue)", work)
        try sink.finish()
        if let note { Console.err(ErrorReport.line(note)) }
    }

    /// Writes the walkthrough; returns a note for stderr (how many slides were written).
    private func render(format: RenderFormat, recorder: some FrameRecorder, title: String, language: Language,
                        sink: OutputSink, name: String) throws -> String? {
        switch format {
        case .text, .ansi:
            try RenderOutput.frames(recorder, ansi: format == .ansi, to: sink)
        case .cast:
            try RenderOutput.cast(recorder, title: title, to: sink)
        case .html:
            try RenderOutput.html(recorder, title: title, language: language, colors: viewer.paintColors, to: sink)
        case .svg:
            if let step {
                try RenderOutput.svgSlide(recorder, step: step, title: title, colors: viewer.paintColors, to: sink)
            } else {
                guard let output else {
                    throw CLIError(flag: "--format svg", .rule(.slidesWithoutFolder))
                }
                let written = try RenderOutput.svgSlides(recorder, name: name, title: title,
                                                         colors: viewer.paintColors, folder: output)
                return "wrote \(written.count) slides to \(output)"
            }
        }
        return nil
    }

    static func parseSize(_ text: String) throws -> Size {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else {
            throw CLIError(flag: "--size", .sizeSyntax(text))
        }
        guard width >= 80, height >= 24, width <= 1000, height <= 500 else {
            throw CLIError(flag: "--size", .sizeOutOfRange(text))
        }
        return Size(width: width, height: height)
    }
}

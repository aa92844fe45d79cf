import Foundation
import TerminalCanvas
import Visualizer

/// The formats of `kvviz render`, each from the same recorded frames.
enum RenderOutput {
    static func frames(_ recorder: some FrameRecorder, ansi: Bool, to sink: OutputSink) throws {
        var recorder = recorder
        var failure: Error?
        var index = 0
        recorder.record { frame in
            guard failure == nil else { return }
            do {
                if ansi {
                    try sink.write(frame.canvas.ansi() + "\n")
                } else {
                    try sink.write("── frame \(index) · step \(frame.step) ──\n" + frame.canvas.plainText() + "\n")
                }
            } catch { failure = error }
            index += 1
        }
        if let failure { throw failure }
    }

    static func cast(_ recorder: some FrameRecorder, title: String, to sink: OutputSink) throws {
        var recorder = recorder
        var encoder = CastEncoder(size: recorder.size, title: title)
        try sink.write(encoder.header())
        var failure: Error?
        recorder.record { frame in
            guard failure == nil else { return }
            do { try sink.write(encoder.encode(frame)) } catch { failure = error }
        }
        if let failure { throw failure }
        try sink.write(encoder.finish())
    }

    /// Streams: each frame is written as it is recorded, so memory does not grow with the
    /// number of frames (a 20,000-step walkthrough at 1000x500 stays one frame's worth).
    static func html(_ recorder: some FrameRecorder, title: String, language: Language, colors: PaintColors,
                     to sink: OutputSink) throws {
        var recorder = recorder
        var writer = HTMLPlayerWriter(title: "kvviz · " + title, colors: colors, language: language.rawValue)
        try sink.write(writer.header(width: recorder.size.width))
        var failure: Error?
        let labels = recorder
        recorder.record { frame in
            guard failure == nil else { return }
            let chunk = writer.chunk(HTMLPlayerWriter.Frame(
                canvas: frame.canvas, duration: frame.duration, marker: frame.cue,
                label: labels.label(frame.step, language: language)))
            do { try sink.write(chunk) } catch { failure = error }
        }
        if let failure { throw failure }
        try sink.write(writer.footer())
    }

    static func svgSlide(_ recorder: some FrameRecorder, step: Int, title: String, colors: PaintColors,
                         to sink: OutputSink) throws {
        var recorder = recorder
        var last: RecordedFrame?
        recorder.record { last = $0 }
        guard let frame = last, frame.step == step else {
            throw CLIError(flag: "--step", .rule(.stepPastEnd(step: step, last: last?.step ?? 0)))
        }
        try sink.write(SVGWriter(colors: colors).document(frame.canvas, title: "\(title) · step \(step)",
                                                           description: frame.narration))
    }

    /// One SVG per narration cue into `folder` (created if missing); returns the paths written.
    static func svgSlides(_ recorder: some FrameRecorder, name: String, title: String, colors: PaintColors,
                          folder: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CLIError(flag: "-o \(folder)", .rule(.slidesIntoFile)) }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CLIError(.cannotCreateFolder(folder, reason: error.localizedDescription))
            }
        }
        var recorder = recorder
        var written: [String] = []
        var failure: Error?
        let writer = SVGWriter(colors: colors)
        recorder.record { frame in
            guard failure == nil, let cue = frame.cue else { return }
            let number = written.count + 1
            let file = "\(name)-\(number < 10 ? "0" : "")\(number)-step-\(frame.step).svg"
            let path = (folder as NSString).appendingPathComponent(file)
            do {
                let sink = try OutputSink(path: path)
                try sink.write(writer.document(frame.canvas, title: "\(title) · step \(frame.step)", description: cue))
                try sink.finish()
                written.append(path)
            } catch { failure = error }
        }
        if let failure { throw failure }
        return written
    }
}

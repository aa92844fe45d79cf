import KVBase
import Foundation
import TerminalCanvas
import Visualizer

/// `kvviz bench --frame [--json]`: one full frame (update + view) at 120x40 with 8,000 blocks;
/// a walkthrough's frame with its narration and the same walkthrough without it (the view does
/// no engine work, so the two should cost the same); the first frame of `kvviz`; and the canvas
/// encoders on their own.
public enum FrameBenchCLI {
    /// The walkthrough the narration comparison plays: many cues, a contiguous baseline.
    public static let narratedDemo = "serving-run"
    /// The same frame as the first line, with this many requests in the run (most of them not
    /// arrived or finished): its cost should follow what is in flight, not the total.
    static let crowdedRequests = 20_000

    /// `narrated` is the `narratedDemo` walkthrough's chapter; `tour` loads the tour as `kvviz`
    /// does at start (the first frame is timed from it).
    public static func run(json: Bool, narrated: Chapter, tour: () throws -> [Chapter], output: BenchOutput) throws {
        let frame = FrameBenchmark.run(iterations: 300)
        let mapped = FrameBenchmark.run(iterations: 300, chapter: FrameBenchmark.chapter(), mapping: true)
        var silent = narrated
        silent.script = .empty
        let withNarration = FrameBenchmark.run(iterations: 300, chapter: narrated)
        let withoutNarration = FrameBenchmark.run(iterations: 300, chapter: silent)
        let crowded = FrameBenchmark.run(iterations: 100, chapter: FrameBenchmark.chapter(requests: crowdedRequests))
        let first = try FirstFrameBenchmark.run(tour: tour)
        let canvas = CanvasBenchmark.run()
        if json {
            // kvviz's JSON style: the 8,000-block frame, the crowded run, narration on and off,
            // the first frame, the canvas encoders, in that order; times in ms or µs as named.
            var object = JSONObject()
            object.add("frame_median_ms", frame.medianMilliseconds)
            object.add("frame_p95_ms", frame.p95Milliseconds)
            object.add("view_median_ms", frame.viewMedianMilliseconds)
            object.add("blocks", frame.blocks)
            object.add("frames", frame.iterations)
            object.add("mapping_frame_median_ms", mapped.medianMilliseconds)
            object.add("mapping_frame_p95_ms", mapped.p95Milliseconds)
            object.add("mapping_view_median_ms", mapped.viewMedianMilliseconds)
            object.add("crowded_requests", crowdedRequests)
            object.add("crowded_frame_median_ms", crowded.medianMilliseconds)
            object.add("crowded_view_median_ms", crowded.viewMedianMilliseconds)
            object.add("narration_demo", narratedDemo)
            object.add("narrated_frame_median_ms", withNarration.medianMilliseconds)
            object.add("narrated_view_median_ms", withNarration.viewMedianMilliseconds)
            object.add("silent_frame_median_ms", withoutNarration.medianMilliseconds)
            object.add("silent_view_median_ms", withoutNarration.viewMedianMilliseconds)
            object.add("first_frame_in_process_ms", first.inProcessMilliseconds)
            object.add("process_start_ms", first.processStartMilliseconds)
            object.add("first_frame_total_ms", first.totalMilliseconds)
            object.add("canvas_draw_us", canvas.drawMicros)
            object.add("canvas_diff_us", canvas.diffMicros)
            object.add("canvas_ansi_us", canvas.ansiMicros)
            object.add("canvas_plain_us", canvas.plainMicros)
            object.add("debug_build", isDebugBuild)
            output.out(object.rendered, terminator: "")
            return
        }
        output.out(frame.summary)
        output.out("with the mapping on (m, the strip in the grid's title): " + mapped.summary)
        output.out("with \(crowdedRequests) requests in the run: " + crowded.summary)
        output.out("\(narratedDemo) with its narration:    " + withNarration.summary)
        output.out("\(narratedDemo) without narration:     " + withoutNarration.summary)
        output.out(String(format: "first frame of kvviz (tour, 120x40): %.1f ms = process start %.1f ms "
                        + "(exec to exit of `kvviz --version`) + %.1f ms in process "
                        + "(load the tour, build the first engine, update, view, ANSI encode); goal < 150 ms",
                     first.totalMilliseconds, first.processStartMilliseconds, first.inProcessMilliseconds))
        output.out(String(format: "canvas 120x40: draw %.0f µs, diff %.0f µs, ANSI %.0f µs, plain %.0f µs per frame",
                     canvas.drawMicros, canvas.diffMicros, canvas.ansiMicros, canvas.plainMicros))
        if isDebugBuild { output.out("build: debug; use swift build -c release for figures") }
    }

    static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }
}

/// What `kvviz` does before its first frame reaches the terminal, minus curses' own start-up:
/// loading the tour's walkthroughs, building the first chapter's state at 120x40, one update,
/// one view and the frame's ANSI encoding, timed in this process (best of a few runs, since
/// the first also pays for page faults the real start pays once); plus the cost of starting
/// the executable, timed as a child process that prints its version and exits (best of a few).
enum FirstFrameBenchmark {
    struct Result {
        let inProcessMilliseconds: Double
        let processStartMilliseconds: Double
        var totalMilliseconds: Double { inProcessMilliseconds + processStartMilliseconds }
    }

    static func run(repeats: Int = 5, tour: () throws -> [Chapter]) throws -> Result {
        var inProcess = Double.infinity
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            let start = clock.now
            let chapters = try tour()
            var state = try AppState(chapters: chapters, language: .en, colors: true, size: Size(width: 120, height: 40))
            _ = dispatch(&state, .resize(Size(width: 120, height: 40)))
            var canvas = Canvas(size: state.size)
            view(state, into: &canvas)
            let bytes = canvas.ansi().utf8.count
            precondition(bytes > 0)
            inProcess = min(inProcess, milliseconds(start.duration(to: clock.now)))
        }
        var startUp = Double.infinity
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for _ in 0..<repeats {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["--version"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = Date()
            try process.run()
            process.waitUntilExit()
            startUp = min(startUp, Date().timeIntervalSince(start) * 1000)
        }
        return Result(inProcessMilliseconds: inProcess, processStartMilliseconds: startUp)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) * 1e-15
    }
}

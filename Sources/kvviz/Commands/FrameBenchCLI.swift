import Foundation
import KVBenchmarks

/// `kvviz bench --frame [--json]`: one full frame (update + view) at 120x40 with 8,000 blocks,
/// and the canvas encoders on their own.
enum FrameBenchCLI {
    static func run(json: Bool) throws {
        let frame = FrameBenchmark.run(iterations: 300)
        let canvas = CanvasBenchmark.run()
        if json {
            let object: [String: Any] = [
                "frame_median_ms": frame.medianMilliseconds, "frame_p95_ms": frame.p95Milliseconds,
                "view_median_ms": frame.viewMedianMilliseconds, "blocks": frame.blocks, "frames": frame.iterations,
                "canvas_draw_us": canvas.drawMicros, "canvas_diff_us": canvas.diffMicros,
                "canvas_ansi_us": canvas.ansiMicros, "canvas_plain_us": canvas.plainMicros,
                "debug_build": isDebugBuild,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print(frame.summary)
        print(String(format: "canvas 120x40: draw %.0f µs, diff %.0f µs, ANSI %.0f µs, plain %.0f µs per frame",
                     canvas.drawMicros, canvas.diffMicros, canvas.ansiMicros, canvas.plainMicros))
        if isDebugBuild { print("build: debug; use swift build -c release for figures") }
    }

    static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }
}

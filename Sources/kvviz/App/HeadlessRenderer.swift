import Foundation
import TerminalCanvas
import Visualizer

/// What `kvviz` prints when standard input or output is not a terminal: the first steps of the
/// walkthrough as plain text frames.
enum HeadlessRenderer {
    static func printText(_ state: AppState, steps: Int, speed: Double) {
        var recorder = WalkthroughRecorder(state: state, maxSteps: steps, speed: speed)
        var index = 0
        recorder.record { frame in
            Console.out("── frame \(index) · step \(frame.step) ──\n" + frame.canvas.plainText())
            index += 1
        }
    }
}

import Dispatch
import Foundation
import KVBase

/// A progress line on standard error for work that takes more than a second, shown only when
/// standard error is a terminal (never in a pipe or a log): `kvviz: simulating 100000
/// requests... 4 s`, redrawn every half second and erased when the work ends, so a long
/// `compare` does not look like a hung, blank terminal.
enum ProgressLine {
    /// Seconds before the line appears.
    static let delay = 1.0

    static func during<T>(_ what: String, _ body: () throws -> T) rethrows -> T {
        guard Console.errorIsTerminal else { return try body() }
        let stop = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)
        let text = SafeText.escaped(what)
        DispatchQueue.global(qos: .utility).async {
            let start = DispatchTime.now()
            var shown = false
            var wait = delay
            while stop.wait(timeout: .now() + wait) == .timedOut {
                let seconds = Int(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
                Console.err("\r\u{1B}[K" + "kvviz: \(text)... \(seconds) s")
                shown = true
                wait = 0.5
            }
            if shown { Console.err("\r\u{1B}[K") }
            stopped.signal()
        }
        defer {
            stop.signal()
            stopped.wait()
        }
        return try body()
    }
}

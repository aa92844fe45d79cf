import Foundation
import Yams

/// The lock every reading of YAML in kvviz holds: Yams' `compose` and the reading of the node
/// tree it returns, one file at a time.
///
/// Yams resolves a plain scalar's tag (when the tree is composed, and again whenever a value is
/// read from a node) with regular expressions it shares between all calls (its default
/// `Resolver`), and on Linux Foundation's `NSRegularExpression` crashed when several threads
/// matched with one of them at once (a bad pointer inside `firstMatch`, seen when the scenario
/// fuzz tests loaded files in parallel). Walkthrough files are small, so serialising their
/// reading costs nothing noticeable and removes the race wherever the loads come from (parallel
/// tests, a chapter built on the run loop's worker thread, `kvviz check`).
enum YAMLComposer {
    private static let lock = NSLock()

    /// `body`, holding the lock: compose and read the tree inside it.
    static func reading<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Yams' node tree of `text`; call it inside `reading`.
    static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text)
    }
}

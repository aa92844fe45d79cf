import Foundation
import Yams

/// The one way kvviz reads a YAML file's text into a tree: the size and nesting bounds first
/// (`YAMLBounds`), then Yams' `compose`, its errors turned into located `ScenarioError`s, and
/// the reading of the tree, all under one lock.
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

    /// `body` applied to the root of `text` (from `file`), holding the lock; `empty` is the
    /// kind of file, for what a file without a document needs ("is empty; a scenario needs ...").
    static func read<T>(_ text: String, file: String, empty: ScenarioError.Rule.FileKind,
                        _ body: (ScenarioNode) throws(ScenarioError) -> T) throws(ScenarioError) -> T {
        if let violation = YAMLBounds.check(text) {
            throw ScenarioError(file: file, line: violation.line, field: "", .bounds(violation.problem))
        }
        lock.lock()
        defer { lock.unlock() }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: nil, field: "", .rule(.emptyFile(empty)))
            }
            root = node
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw ScenarioLoader.syntaxError(error, file: file, text: text)
        } catch {
            throw ScenarioError(file: file, line: nil, field: "", .unparsed("\(error)"))
        }
        return try body(ScenarioNode(file: file, node: root, path: ""))
    }
}

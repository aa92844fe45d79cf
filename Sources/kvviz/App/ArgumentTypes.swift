import ArgumentParser
import Visualizer

// Values with a fixed set of choices are real argument types: the parser rejects anything else
// with exit 64 and lists the choices, and the shell completion scripts offer them.

extension Language: ExpressibleByArgument {}

/// A walkthrough's short name. Completion offers the built-in names; a `--demos` folder may add
/// more at run time, so any name parses and the catalog decides.
struct DemoName: ExpressibleByArgument, Sendable {
    let name: String

    init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { DemoCatalog.builtInNames }
    static var defaultCompletionKind: CompletionKind { .list(DemoCatalog.builtInNames) }
}

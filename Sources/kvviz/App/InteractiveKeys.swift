import Visualizer

/// The keys of the interactive viewer, for the `--help` of the commands that open it; the same
/// table the `?` overlay draws.
enum InteractiveKeys {
    static var help: String {
        let entries = KeyHelp.entries
        let width = (entries.map(\.key.count).max() ?? 0) + 2
        let lines = entries.map { "  " + $0.key.padding(toLength: width, withPad: " ", startingAt: 0) + $0.en }
        return "Interactive keys (also ? in the viewer):\n" + lines.joined(separator: "\n")
            + "\n\nWhen standard input or output is not a terminal, prints a text rendering of the first steps instead."
    }
}

import ArgumentParser
import Foundation
import TerminalCanvas
import Visualizer

/// Options shared by every command that shows walkthroughs.
struct ViewerOptions: ParsableArguments {
    @Option(help: "Narration language (default: from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    @Flag(name: .customLong("no-color"), help: "No colours: owners told apart by letters and glyphs (also NO_COLOR).")
    var noColor = false

    @Flag(help: "Focus mode for a projector: grid and block tables enlarged, full versus light blocks (key f).")
    var focus = false

    @Option(help: "Playback speed in steps per second.")
    var speed: Double = 2

    @Option(help: ArgumentHelp("Also read the walkthroughs in this folder: its files add to the built-in ones or replace one of the same name (also KVVIZ_DEMOS).",
                               valueName: "dir"),
            completion: .directory)
    var demos: String?

    /// The built-in walkthroughs plus the folder `--demos` or `KVVIZ_DEMOS` names.
    var catalog: DemoCatalog { DemoCatalog(option: demos) }

    func language() throws -> Language {
        if let lang { return lang }
        let environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }

    var colors: Bool {
        if noColor { return false }
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        return true
    }

    /// The colours files are painted with (SVG, HTML): the dark theme's unless asked otherwise.
    var paintColors: PaintColors { .dark }

    func validatedSpeed() throws -> Double {
        guard speed.isFinite, speed > 0, speed <= 1000 else {
            throw CLIError.usage("--speed is \(speed); expected steps per second between 0 and 1000, e.g. 2")
        }
        return speed
    }
}

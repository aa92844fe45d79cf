import ArgumentParser
import CursesBackend
import Foundation
import KVCore
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

    @Option(parsing: .unconditional, help: "Playback speed in steps per second.")
    var speed: Double = 2

    @Option(help: ArgumentHelp("Also read the walkthroughs in this folder: its files add to the built-in ones or replace one of the same name (also KVVIZ_DEMOS).",
                               valueName: "dir"),
            completion: .directory)
    var demos: String?

    /// The built-in walkthroughs plus the folder `--demos` or `KVVIZ_DEMOS` names.
    var catalog: DemoCatalog { DemoCatalog(option: demos) }

    @Option(help: ArgumentHelp("The block manager: fast, or reference (the plain one in Sources/KVCore/Paging/Reference/; the same screens). A hybrid model's walkthrough (KV-cache groups) always runs on the hybrid manager.",
                               valueName: "fast|reference"))
    var manager: BlockManagerKind = .fast

    @Option(help: ArgumentHelp("Colours for a dark or light background, none (mono), or auto.",
                               discussion: "auto (the default): mono with NO_COLOR or --no-color; else the background colour the terminal reports (OSC 11, asked with a 150 ms timeout); else COLORFGBG where the terminal sets it; else dark."))
    var theme: ThemeChoice = .auto

    @Flag(help: "Draw with ASCII only (automatic when the locale is not UTF-8 or TERM=linux).")
    var ascii = false

    @Flag(name: .customLong("cjk-wide"),
          help: "The terminal draws ambiguous-width glyphs (box lines, blocks, ·, →) two columns wide, as terminals set up for Chinese may: use glyphs that avoid them (also KVVIZ_CJK_WIDE=1).")
    var cjkWide = false

    /// Runs after parsing, before any walkthrough is loaded: on a terminal, makes sure a crash
    /// cannot leave the backtracer holding the screen (this may restart the process once, see
    /// `BacktraceSetting`), so the restart happens before the expensive work, not after it.
    func validate() throws {
        if TerminalCheck.isInteractive { BacktraceSetting.ensureNonInteractive() }
    }

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
        resolvedTheme != .mono
    }

    /// --theme, else mono for --no-color or NO_COLOR, else the background the terminal
    /// reports (OSC 11, only when both ends are a terminal), else what COLORFGBG says, else dark.
    var resolvedTheme: ThemeName {
        if let chosen = theme.name { return chosen }
        let environment = ProcessInfo.processInfo.environment
        if noColor { return .mono }
        if let value = environment["NO_COLOR"], !value.isEmpty { return .mono }
        return TerminalBackground.theme ?? ThemeName.fromColorFGBG(environment["COLORFGBG"]) ?? .dark
    }

    /// --ascii, else --cjk-wide (or KVVIZ_CJK_WIDE=1), else chosen from the locale and TERM.
    var glyphs: GlyphSet {
        if ascii { return .ascii }
        let environment = ProcessInfo.processInfo.environment
        let wide = cjkWide || environment["KVVIZ_CJK_WIDE"] == "1"
        return GlyphSet.automatic(localeCodeset: TerminalCheck.localeCodeset(), term: environment["TERM"],
                                  ambiguousWide: wide)
    }

    /// The glyph set the options ask for, ignoring the environment: for files, which are UTF-8
    /// whatever the locale.
    var requestedGlyphs: GlyphSet {
        ascii ? .ascii : (cjkWide ? .narrow : .unicode)
    }

    /// The look for a terminal showing `depth` colours (nil: none, which forces mono).
    func appearance(depth: ColorDepth?) -> Appearance {
        guard let depth else { return Appearance(theme: .mono, glyphs: glyphs) }
        return Appearance(theme: resolvedTheme, depth: depth, glyphs: glyphs)
    }

    /// The colours files are painted with (SVG, HTML): the light theme's background for
    /// `--theme light`, else the dark one.
    var paintColors: PaintColors { resolvedTheme == .light ? .light : .dark }

    func validatedSpeed() throws -> Double {
        guard speed.isFinite, speed > 0, speed <= 1000 else {
            throw CLIError(flag: "--speed", .rule(.speed(String(format: "%g", speed))))
        }
        return speed
    }
}

/// `--theme`: a theme, or `auto` (the default) to choose one from the terminal.
enum ThemeChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, dark, light, mono

    var name: ThemeName? { self == .auto ? nil : ThemeName(rawValue: rawValue) }
}

/// The theme the terminal's reported background implies, asked once a run (OSC 11).
enum TerminalBackground {
    static let theme: ThemeName? = TerminalCheck.isInteractive ? BackgroundQuery.reply().flatMap(ThemeName.fromOSC11Reply) : nil
}

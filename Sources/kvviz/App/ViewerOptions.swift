import ArgumentParser
import Foundation
import Visualizer

/// Options shared by every command that shows walkthroughs.
struct ViewerOptions: ParsableArguments {
    @Option(help: "Narration language: en or zh (default: from LANG).")
    var lang: String?

    @Flag(name: .customLong("no-color"), help: "No colours: owners told apart by letters and glyphs (also NO_COLOR).")
    var noColor = false

    @Flag(help: "Focus mode for a projector: grid and block tables enlarged, full versus light blocks (key f).")
    var focus = false

    @Option(help: "Playback speed in steps per second.")
    var speed: Double = 2

    func language() throws -> Language {
        if let lang {
            guard let language = Language(rawValue: lang.lowercased()) else {
                throw CLIError("--lang is '\(lang)'; expected en or zh")
            }
            return language
        }
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

    func validatedSpeed() throws -> Double {
        guard speed.isFinite, speed > 0, speed <= 1000 else {
            throw CLIError("--speed is \(speed); expected steps per second between 0 and 1000, e.g. 2")
        }
        return speed
    }
}

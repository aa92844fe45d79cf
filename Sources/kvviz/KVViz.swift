import ArgumentParser
import Foundation
import KVBase

/// The `kvviz` command: with no subcommand it starts the guided tour.
@main
struct KVViz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvviz",
        abstract: "See what an LLM inference engine does with KV-cache memory.",
        subcommands: [
            TourCommand.self,
            DemoCommand.self,
            PlayCommand.self,
            RenderCommand.self,
            MemoryCommand.self,
            SimulateCommand.self,
            CompareCommand.self,
            BenchCommand.self,
            DecodeCommand.self,
        ],
        defaultSubcommand: TourCommand.self
    )

    /// ArgumentParser's own entry point with one change: its messages quote flag values, which
    /// may hold escape sequences, so they are printed with control characters escaped.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error).escapingControlCharacters(keepingNewlines: true)
            if !message.isEmpty {
                if code == .success {
                    print(message)
                } else {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

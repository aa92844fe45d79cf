import ArgumentParser

struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory", abstract: "(in development)")
    func run() throws {
        try reportingErrors { throw CLIError("'memory' is not built yet") }
    }
}

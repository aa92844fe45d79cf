import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(in development)")
    func run() throws {
        try reportingErrors { throw CLIError("'bench' is not built yet") }
    }
}

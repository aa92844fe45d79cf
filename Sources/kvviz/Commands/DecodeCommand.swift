import ArgumentParser

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "(in development)")
    func run() throws {
        try reportingErrors { throw CLIError("'decode' is not built yet") }
    }
}

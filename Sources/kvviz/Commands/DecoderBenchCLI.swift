// Owned by the decoder work: `kvviz bench --decoder [--json]`.
enum DecoderBenchCLI {
    static func run(json: Bool) throws {
        throw CLIError("bench --decoder: not built yet")
    }
}

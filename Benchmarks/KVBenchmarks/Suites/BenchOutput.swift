/// Where a suite's report goes, a line at a time as it runs (`kvviz bench` passes its console),
/// so the suites print nothing themselves and a long suite shows each row when it is measured.
public struct BenchOutput {
    private let write: (String) -> Void

    /// `write` receives text with its line ends.
    public init(_ write: @escaping (String) -> Void) {
        self.write = write
    }

    func out(_ text: String, terminator: String = "\n") {
        write(text + terminator)
    }
}

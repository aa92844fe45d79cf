/// The walkthroughs compiled into the binary: every scenario file of the package's `demos/`
/// folder at build time (the EmbedDemos plugin writes them out as string literals), in file-name
/// order, which is the tour's order.
public enum BuiltInDemos {
    /// One embedded scenario file: its file name (`06-paged-attention.yaml`) and exact text.
    public struct File: Sendable, Equatable {
        public let fileName: String
        public let text: String
    }

    public static let files: [File] = embeddedDemoFiles.map { File(fileName: $0.name, text: $0.text) }

    /// The embedded text of `fileName`, if it was embedded.
    public static func text(of fileName: String) -> String? {
        files.first(where: { $0.fileName == fileName })?.text
    }
}

/// The walkthroughs compiled into the binary: every scenario file of the package's `demos/` and
/// `demos/practice/` folders at build time (the EmbedDemos plugin writes them out as string
/// literals), the chapter's then the practice part's, each in file-name order: the tour's order.
public enum BuiltInDemos {
    /// One embedded scenario file: its path below `demos/` (`06-paged-attention.yaml`,
    /// `practice/01-prefix-hit-rate.yaml`) and exact text.
    public struct File: Sendable, Equatable {
        public let fileName: String
        public let text: String

        /// The part of the tour it belongs to, from its folder.
        public var part: TourPart { TourPart(fileName: fileName) }
    }

    public static let files: [File] = embeddedDemoFiles.map { File(fileName: $0.name, text: $0.text) }

    /// The embedded text of `fileName`, if it was embedded.
    public static func text(of fileName: String) -> String? {
        files.first(where: { $0.fileName == fileName })?.text
    }
}

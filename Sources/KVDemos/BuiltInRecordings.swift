import Foundation

/// The recorded walkthroughs compiled into the binary: each `demos/recordings/NAME.yaml` (a
/// walkthrough over a recording of KV events) and the `.kvlive` recordings beside them, embedded
/// by the EmbedDemos plugin. They belong to the practice part of the tour, after its scenario
/// walkthroughs.
public enum BuiltInRecordings {
    /// The folder below `demos/` they sit in.
    public static let folder = "recordings"

    /// The walkthrough files (`recordings/engine-prefix-cache.yaml`), in file-name order.
    public static let walkthroughs: [BuiltInDemos.File] = embeddedRecordingFiles
        .filter { !$0.name.hasSuffix(".kvlive") }
        .compactMap { file in
            Data(base64Encoded: file.base64).flatMap { String(data: $0, encoding: .utf8) }
                .map { BuiltInDemos.File(fileName: file.name, text: $0) }
        }

    /// The bytes of an embedded recording by its path below `demos/` (`recordings/x.kvlive`).
    public static func recording(_ fileName: String) -> [UInt8]? {
        embeddedRecordingFiles.first { $0.name == fileName }.flatMap { Data(base64Encoded: $0.base64) }.map { [UInt8]($0) }
    }
}

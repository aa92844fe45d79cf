import Foundation
import KVEvents

/// Appends every frame of an attach session to a recording (`--record FILE`), written per frame
/// so a session stopped by a signal keeps everything it received. The file is opened in place
/// (O_CREAT|O_TRUNC), never replaced by a rename, so a path such as a FIFO or /dev/null stays
/// what it is.
final class LiveRecorder {
    let path: String
    let descriptor: Int32

    /// Whether records carry their rank (version 2: a recording of several data-parallel ranks).
    let ranked: Bool

    init(path: String, ranks: Int = 1) throws {
        ranked = ranks > 1
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CLIError(.cannotRecord(path: path, errno: errno))
        }
        self.path = path
        self.descriptor = descriptor
        write(bytes: ranked ? LiveRecording.rankedHeader : LiveRecording.header)
    }

    deinit { close(descriptor) }

    func write(_ frame: LiveFrameRecord) {
        write(bytes: LiveRecording.encode(frame, ranked: ranked))
    }

    /// Every byte through Console's write loop; a failure (a full disk, say) ends the run with
    /// one line, never a trap.
    private func write(bytes: [UInt8]) {
        let failure = bytes.withUnsafeBufferPointer { Console.writeAll($0, descriptor: descriptor) }
        if let failure {
            Console.err(ErrorReport.line(CLIError(.recordingWriteFailed(path: path, errno: failure)).description))
            exit(1)
        }
    }
}

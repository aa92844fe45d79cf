import Foundation
import KVEvents

/// Appends every frame of an attach session to a recording (`--record FILE`), written per frame
/// so a session stopped by a signal keeps everything it received. The file is opened in place
/// (O_CREAT|O_TRUNC), never replaced by a rename, so a path such as a FIFO or /dev/null stays
/// what it is.
final class LiveRecorder {
    let path: String
    let descriptor: Int32

    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CLIError("attach --record \(path): cannot write it (\(reason)); check the directory exists and is writable")
        }
        self.path = path
        self.descriptor = descriptor
        write(bytes: LiveRecording.header)
    }

    deinit { close(descriptor) }

    func write(_ frame: LiveFrameRecord) {
        write(bytes: LiveRecording.encode(frame))
    }

    /// Every byte with write(2); a failure (a full disk, say) ends the run with one line, never a trap.
    private func write<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let data = Array(bytes)
        let failure = data.withUnsafeBufferPointer { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return errno }
                offset += written
            }
            return nil
        }
        if let failure {
            Console.err(ErrorReport.line("attach --record \(path): cannot write (\(String(cString: strerror(failure)))); free some space or record elsewhere"))
            exit(1)
        }
    }
}

import Foundation
import KVEvents

/// Appends every frame of an attach session to a recording (`--record FILE`), written per frame
/// so a session stopped by a signal keeps everything it received. The file is opened in place
/// (O_CREAT|O_TRUNC), never replaced by a rename, so a path such as a FIFO or /dev/null stays
/// what it is.
final class LiveRecorder {
    let path: String
    let handle: FileHandle

    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CLIError("attach --record \(path): cannot write it (\(reason)); check the directory exists and is writable")
        }
        self.path = path
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        handle.write(Data(LiveRecording.header))
    }

    func write(_ frame: LiveFrameRecord) {
        handle.write(Data(LiveRecording.encode(frame)))
    }
}

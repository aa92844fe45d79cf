import Foundation
import KVEvents

/// Appends every frame of an attach session to a recording (`--record FILE`), flushed per frame
/// so a session stopped by a signal keeps everything it received.
final class LiveRecorder {
    let path: String
    let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(LiveRecording.header)),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError("attach --record \(path): cannot create the file; check the directory exists and is writable")
        }
        handle.seekToEndOfFile()
        self.path = path
        self.handle = handle
    }

    func write(_ frame: RecordedFrame) {
        handle.write(Data(LiveRecording.encode(frame)))
    }

    deinit { try? handle.close() }
}

import ArgumentParser
import Foundation
import KVBase

/// A user-facing failure: one line on stderr, exit status 1 (usage errors from the parser use 64).
/// Messages quote file names, fields and values from files and flags; `reportingErrors` prints
/// them with control characters escaped, so no input can send the terminal escape sequences.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`, turning any thrown error that is not the parser's own into one line and exit 1.
    func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("kvviz: \(error.message.escapingControlCharacters())\n".utf8))
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            FileHandle.standardError.write(Data("kvviz: \(String(describing: error).escapingControlCharacters())\n".utf8))
            throw ExitCode(1)
        }
    }
}

import Foundation
import KVBase
import KVEvents
import LiveTransport

/// A failure the command layer words itself: one line on stderr and an exit status, 64 for a
/// usage error (a flag or argument the user can fix on the command line) and 1 for anything
/// that went wrong running a valid command. Errors from the libraries (ScenarioError,
/// MemoryError, RunError, ...) are not wrapped in it: they travel up with their own types and
/// `ErrorReport` renders every kind in one place.
///
/// Every usage error is a typed `Problem` about its `subject` (the flag, or the flag with its
/// value), worded in `Problem.text` (flag values out of bounds), `FlagRule.text` (flags that
/// exclude or need each other) and `LiveFlagProblem.text` (attach's endpoints and pages).
/// Runtime failures (a file that cannot be written, a live endpoint that does not answer, a
/// recording cut short, a run that did not finish) are typed too and name their own subject;
/// `Problem.text` is the one place any of these lines is worded.
struct CLIError: KVVizError {
    /// What the line is about: a flag (`--steps`), or empty for a sentence that names its own.
    let subject: String
    let problem: Problem
    let isUsage: Bool

    enum Problem: Equatable {
        /// `is 0; use a positive number of token slots per block`.
        case notPositive(Int, unit: String)
        /// `is 2000000, above the 1000000 token slots a run may simulate`.
        case aboveLimit(Int, limit: Int, of: String)
        /// `is 30000; use at most 20000`.
        case aboveMaximum(Int, maximum: Int)
        /// `is 0; use 1 to 1000000`.
        case outside(Int, range: ClosedRange<Int>)
        /// `is 0, outside 1...64; pass the number of pipeline stages, such as 2`.
        case outsideRange(Int, range: ClosedRange<Int>, meaning: String, example: Int)
        /// `is -1; use 0 or more`.
        case negative(Int)
        /// `is 0; use 1 or more`.
        case belowOne(Int)
        /// `is -1; use 0 or a positive integer`.
        case negativeSeed(Int)
        /// A number of seconds (or a rate) below 0 or not finite; 0 means `zeroMeans`.
        case negativeAmount(String, zeroMeans: String, unit: String?)
        /// A name the flag does not know, and the names it does.
        case unknownName(String, choices: [String])
        /// `--time-scale`: a factor above 0 and at most `maximum`.
        case timeScale(Double, maximum: Int)
        /// `--step-ms`: above 0 and at most an hour.
        case stepMilliseconds(Double)
        /// A trace's option without `--workload-file`.
        case traceOnly
        /// `--size` that is not WIDTHxHEIGHT, or out of the sizes a frame may have.
        case sizeSyntax(String)
        case sizeOutOfRange(String)
        /// A screen command run without a terminal.
        case notATerminal
        /// `attach`'s and `simulate --publish`'s endpoints and pages.
        case live(LiveFlagProblem)
        /// Flags that exclude or need each other, a name or folder a flag cannot use.
        case rule(FlagRule)
        /// A write to `what` (a path, standard output) that failed with `errno`.
        case cannotWrite(String, errno: Int32)
        /// `-o PATH` that cannot be created or opened, with `errno`.
        case cannotOpenOutput(String, errno: Int32)
        /// A file named on the command line that cannot be read (`what`: how the line names it).
        case unreadable(String, InputFile.Failure)
        /// A recording that cannot be read (`what`: "replay PATH", or the walkthrough's recording).
        case unreadableRecording(String, InputFile.Failure)
        /// A recording whose records cannot be decoded (`what`: "replay PATH").
        case undecodableRecording(String, LiveRecording.Failure)
        /// A recorded walkthrough's recording (`origin`: the walkthrough file): not embedded in
        /// this build, cut short, not decodable, or shorter than a cue's frame.
        case recordingNotBuiltIn(origin: String, recording: String)
        case recordingCutShort(origin: String, recording: String)
        case recordingUndecodable(origin: String, recording: String, LiveRecording.Failure)
        case cueFramePastRecording(origin: String, cue: Int, frame: Int, frames: Int)
        /// Standard input past `limit` bytes, or empty, where `kind` was expected.
        case standardInputTooLarge(limit: Int, kind: String)
        case standardInputEmpty(kind: String)
        /// `kvviz explain -`: standard input past the start-up log's `limit` bytes.
        case logInputTooLarge(limit: Int)
        /// Standard input that could not be saved to the temporary file at `path`.
        case cannotCopyStandardInput(path: String)
        /// The SVG slides' folder that could not be created (`reason`: Foundation's words).
        case cannotCreateFolder(String, reason: String)
        /// `attach`: the endpoint answers but the ZMQ handshake fails (an HTTP server, say).
        case notZmq(Endpoint)
        /// `attach --timeout`: nothing arrived from `endpoints` in `seconds`; `states` is each
        /// endpoint's connection, in the same order.
        case nothingReceived(endpoints: [Endpoint], seconds: Double, states: [ConnectionState])
        /// `attach --record PATH` that cannot be opened, with `errno`.
        case cannotRecord(path: String, errno: Int32)
        /// `attach --record PATH`: a write into the open recording failed with `errno`.
        case recordingWriteFailed(path: String, errno: Int32)
        /// `simulate --publish`: the socket could not be bound (`reason`: ZMQ's words).
        case cannotPublish(Endpoint, reason: String)
        /// `simulate --publish`: sending a batch failed (`reason`: ZMQ's words).
        case publishFailed(Endpoint, reason: String)
        /// `simulate`: the run stopped with requests unfinished.
        case unfinished(completed: Int, requests: Int, steps: Int)
        /// `kvviz check`: `count` cues that do not hold, in `walkthroughs` files (each printed above).
        case checkFailed(count: Int, walkthroughs: Int)

        var text: String {
            switch self {
            case let .notPositive(value, unit): "is \(value); use a positive number of \(unit)"
            case let .aboveLimit(value, limit, what): "is \(value), above the \(limit) \(what)"
            case let .aboveMaximum(value, maximum): "is \(value); use at most \(maximum)"
            case let .outside(value, range): "is \(value); use \(range.lowerBound) to \(range.upperBound)"
            case let .outsideRange(value, range, meaning, example):
                "is \(value), outside \(range.lowerBound)...\(range.upperBound); pass \(meaning), such as \(example)"
            case let .negative(value): "is \(value); use 0 or more"
            case let .belowOne(value): "is \(value); use 1 or more"
            case let .negativeSeed(value): "is \(value); use 0 or a positive integer"
            case let .negativeAmount(value, zero, unit): "is \(value); pass 0 (\(zero)) or more" + (unit.map { " " + $0 } ?? "")
            case let .unknownName(name, choices):
                "\(name) is unknown; use " + (choices.count == 2 ? choices.joined(separator: " or ") : "one of " + choices.joined(separator: ", "))
            case let .timeScale(value, maximum): "is \(value); use a factor above 0 and at most \(maximum) (2: arrivals twice as fast)"
            case let .stepMilliseconds(value): "is \(value); use a step length above 0 ms and at most 3600000 (an hour)"
            case .traceOnly: "applies to a trace; pass --workload-file FILE with it, or drop it"
            case let .sizeSyntax(text): "'\(text)' is not WIDTHxHEIGHT; use e.g. 120x40"
            case let .sizeOutOfRange(text): "is \(text); use at least 80x24 and at most 1000x500"
            case .notATerminal: "stdin or stdout is not a terminal; add --json for one JSON line per batch"
            case let .live(problem): problem.text
            case let .rule(rule): rule.text
            case let .cannotWrite(what, code): "cannot write \(what): \(Console.describe(code)); \(CLIError.writeFix(code))"
            case let .cannotOpenOutput(path, code): "-o \(path): \(Console.describe(code)); \(CLIError.openFix(code))"
            case let .unreadable(what, failure): "\(what): \(failure.reason)"
            case let .unreadableRecording(what, failure):
                "\(what): \(failure.reason); record one with kvviz attach tcp://HOST:PORT --record FILE"
            case let .undecodableRecording(what, failure):
                "\(what): \(failure.description); record one with kvviz attach tcp://HOST:PORT --record FILE"
            case let .recordingNotBuiltIn(origin, recording):
                "\(origin): recording \(recording) is not built in; add it to demos/recordings/ and rebuild"
            case let .recordingCutShort(origin, recording):
                "\(origin): recording \(recording) ends in a record cut short; record it again with scripts/record-engine-demo.sh"
            case let .recordingUndecodable(origin, recording, failure):
                "\(origin): recording \(recording) \(failure.description); record it again with scripts/record-engine-demo.sh"
            case let .cueFramePastRecording(origin, cue, frame, frames):
                "\(origin): narration[\(cue)].frame: \(frame) is past the recording's \(frames) frames; use a frame from 0 to \(frames)"
            case let .standardInputTooLarge(limit, kind): "<stdin>: is more than \(limit) bytes, the limit for \(kind)"
            case let .standardInputEmpty(kind): "<stdin>: is empty; pipe \(kind) into it or pass a path"
            case let .logInputTooLarge(limit): "-: standard input is more than \(limit) bytes; pass only the start-up part of the log"
            case let .cannotCopyStandardInput(path): "cannot write standard input to \(path): check that the temporary folder is writable"
            case let .cannotCreateFolder(folder, reason): "cannot create the folder \(folder): \(reason)"
            case let .notZmq(endpoint):
                "attach \(endpoint): the endpoint answers but does not speak ZMQ (handshake failed); "
                    + "point attach at vLLM's KV-event port (--kv-events-config endpoint, default tcp://HOST:5557)"
            case let .nothingReceived(endpoints, seconds, states):
                "attach \(endpoints.map(\.description).joined(separator: " ")): nothing received in \(seconds) s ("
                    + zip(states, endpoints).map { $0.describe($1) }.joined(separator: "; ")
                    + "); start vLLM with --kv-events-config '{\"enable_kv_cache_events\":true,\"publisher\":\"zmq\"}' or check the address"
            case let .cannotRecord(path, code):
                "attach --record \(path): cannot write it (\(String(cString: strerror(code)))); check the directory exists and is writable"
            case let .recordingWriteFailed(path, code):
                "attach --record \(path): cannot write (\(String(cString: strerror(code)))); free some space or record elsewhere"
            case let .cannotPublish(endpoint, reason): "simulate --publish \(endpoint): \(reason); choose a free port or another address"
            case let .publishFailed(endpoint, reason): "simulate --publish \(endpoint): \(reason); check the subscriber and the address"
            case let .unfinished(completed, requests, steps): "simulate: only \(completed) of \(requests) requests completed in \(steps) steps"
            case let .checkFailed(count, total):
                "\(count) problem\(count == 1 ? "" : "s") in \(total) walkthrough\(total == 1 ? "" : "s"); "
                    + "each is listed above with its file, line, cue and step"
            }
        }
    }

    /// What to do after a failed write, by its errno.
    fileprivate static func writeFix(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: "free some space or write elsewhere"
        case EBADF: "it is closed; redirect it to a file or /dev/null instead"
        case EFBIG: "the file size limit (ulimit -f) is reached; raise it or write less"
        default: "check where it is redirected"
        }
    }

    /// What to do when `-o PATH` cannot be opened, by its errno.
    fileprivate static func openFix(_ code: Int32) -> String {
        switch code {
        case ENOENT: "create its folder first"
        case EACCES, EPERM, EROFS: "choose a writable path"
        case EISDIR: "name a file, not a folder"
        default: "choose another -o path"
        }
    }

    /// A runtime failure (exit 1) with a typed problem that names its own subject.
    init(_ problem: Problem) {
        subject = ""
        self.problem = problem
        isUsage = false
    }

    /// A usage error about `flag` (a flag, a flag and its value, or the command): exit 64.
    init(flag: String, _ problem: Problem) {
        subject = flag
        self.problem = problem
        isUsage = true
    }

    var description: String {
        if subject.isEmpty { return problem.text }
        if case let .rule(rule) = problem, rule.namesItsFlags { return problem.text }
        return "\(subject): \(problem.text)"
    }

    var message: String { description }
}

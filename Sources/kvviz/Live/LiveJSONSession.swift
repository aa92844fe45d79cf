import Foundation
import KVEvents
import LiveTransport

/// `attach --json`: one JSON line per applied batch on stdout, problems as `kvviz:` lines on
/// stderr, no screen. Ends after `idleTimeout` seconds without a frame (0: never), or at once
/// when the endpoint turns out not to speak ZMQ.
struct LiveJSONSession {
    let endpoints: LiveEndpoints
    let topic: String
    let idleTimeout: Double
    let recordPath: String?

    func run() throws {
        let context = ZmqContext()
        let subscriber = try KVEventSubscriber(context: context, endpoint: endpoints.events, topic: topic)
        var feed = LiveFeed(recorder: try recordPath.map(LiveRecorder.init(path:)))
        let poller = endpoints.metrics.map { MetricsPoller(url: $0.url, text: $0.text) }
        poller?.start()
        defer { poller?.stop() }
        let what = "attach \(endpoints.events)"
        var applied = 0
        func emit(_ frame: KVFrame, _ outcome: LiveCache.Outcome, cache: LiveCache) {
            switch outcome {
            case .applied:
                applied += 1
                StandardOutput.line(cache.jsonLine(sequence: frame.sequence, outcome: outcome))
            case let .rejected(problem):
                StandardOutput.error("\(what): \(problem); the batch was skipped")
            case .duplicate:
                break
            }
        }
        if let replay = endpoints.replay {
            let problem = feed.catchUp(context: context, replay: replay) { frame, outcome, cache in emit(frame, outcome, cache: cache) }
            if let problem { StandardOutput.error("attach --replay \(replay): \(problem); continuing with the live stream") }
        }
        var lastFrame = ContinuousClock.now
        var lastReported = ""
        while true {
            for result in subscriber.receive(timeoutMs: 100) {
                lastFrame = ContinuousClock.now
                switch result {
                case let .success(frame):
                    let outcome = feed.ingest(frame, kind: .live)
                    emit(frame, outcome, cache: feed.cache)
                case let .failure(error):
                    feed.cache.note(error.description)
                    StandardOutput.error("\(what): \(error.description); not a vLLM KV-event message, skipped")
                }
            }
            if let reading = feed.take(poller), let problem = reading.problem, problem != lastReported {
                lastReported = problem
                StandardOutput.error("--metrics \(problem); the events go on without the server's figures")
            }
            if subscriber.connection == .notZmq {
                throw CLIError("\(what): the endpoint answers but does not speak ZMQ (handshake failed); point attach at vLLM's KV-event port (--kv-events-config endpoint, default tcp://HOST:5557)")
            }
            let idle = ContinuousClock.now - lastFrame
            if idleTimeout > 0, idle > .milliseconds(Int(idleTimeout * 1000)) {
                if applied > 0 { return }
                throw CLIError("\(what): nothing received in \(idleTimeout) s (\(subscriber.connection.describe(endpoints.events))); start vLLM with --kv-events-config '{\"enable_kv_cache_events\":true,\"publisher\":\"zmq\"}' or check the address")
            }
        }
    }
}

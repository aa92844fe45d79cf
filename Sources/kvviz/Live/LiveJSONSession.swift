import Foundation
import KVBase
import KVEvents
import LiveTransport

/// `attach --json`: one JSON line per applied batch on stdout, problems as `kvviz:` lines on
/// stderr, no screen. Ends after `idleTimeout` seconds without a frame (0: never), or at once
/// when an endpoint turns out not to speak ZMQ. With several data-parallel ranks each rank has
/// its own subscriber and cache (sequence numbers count per publisher); a line then also names
/// its rank and the totals over all ranks.
struct LiveJSONSession {
    let endpoints: LiveEndpoints
    let topic: String
    let idleTimeout: Double
    let recordPath: String?

    func run() throws {
        let sources = try LiveSources(endpoints: endpoints, topic: topic, recordPath: recordPath)
        let (context, subscribers, pollers) = (sources.context, sources.subscribers, sources.pollers)
        var feeds = sources.feeds
        defer { sources.stop() }
        var lastReported = Array(repeating: String?.none, count: pollers.count)
        let several = endpoints.ranks.count > 1
        var applied = 0
        func emit(rank: Int, _ frame: KVFrame, _ outcome: LiveCache.Outcome, feeds: [LiveFeed]) {
            let what = "attach \(endpoints.ranks[rank])"
            switch outcome {
            case .applied:
                applied += 1
                guard var object = feeds[rank].cache.jsonObject(sequence: frame.sequence, outcome: outcome) else { return }
                if several {
                    object.add("rank", rank)
                    object.add("all_blocks", feeds.reduce(0) { $0 + $1.cache.state.blockCount })
                    object.add("all_trees", feeds.reduce(0) { $0 + $1.cache.state.treeCount })
                }
                StandardOutput.line(JSON.object(object).compact)
            case let .rejected(problem):
                StandardOutput.error("\(what): \(problem); the batch was skipped")
            case .duplicate:
                break
            }
        }
        for (rank, replay) in (endpoints.replays ?? []).enumerated() {
            var feed = feeds[rank]
            let problem = feed.catchUp(context: context, replay: replay) { frame, outcome, cache in
                var current = feeds
                current[rank].cache = cache
                emit(rank: rank, frame, outcome, feeds: current)
            }
            feeds[rank] = feed
            if let problem { StandardOutput.error("attach --replay \(replay): \(problem); continuing with the live stream") }
        }
        var lastFrame = ContinuousClock.now
        while true {
            for (rank, subscriber) in subscribers.enumerated() {
                for result in subscriber.receive(timeoutMs: several ? 100 / subscribers.count : 100) {
                    lastFrame = ContinuousClock.now
                    switch result {
                    case let .success(frame):
                        let outcome = feeds[rank].ingest(frame, kind: .live)
                        emit(rank: rank, frame, outcome, feeds: feeds)
                    case let .failure(error):
                        feeds[rank].cache.note(error.description)
                        StandardOutput.error("attach \(endpoints.ranks[rank]): \(error.description); not a vLLM KV-event message, skipped")
                    }
                }
            }
            for (index, poller) in pollers.enumerated() {
                guard let reading = feeds[index].take(poller), let problem = reading.problem, problem != lastReported[index] else { continue }
                lastReported[index] = problem
                let rank = pollers.count > 1 ? "rank \(index) " : ""
                StandardOutput.error("--metrics \(rank)\(problem); the events go on without the server's figures")
            }
            if let rank = subscribers.firstIndex(where: { $0.connection == .notZmq }) {
                throw CLIError(.notZmq(endpoints.ranks[rank]))
            }
            let idle = ContinuousClock.now - lastFrame
            if idleTimeout > 0, idle > .milliseconds(Int(idleTimeout * 1000)) {
                if applied > 0 { return }
                throw CLIError(.nothingReceived(endpoints: endpoints.ranks, seconds: idleTimeout, states: subscribers.map(\.connection)))
            }
        }
    }
}

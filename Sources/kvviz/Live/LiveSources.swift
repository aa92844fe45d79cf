import KVEvents
import LiveTransport

/// What both faces of `attach` (the screen and `--json`) listen with: one ZMQ context, a
/// subscriber and a feed per data-parallel rank (one recording for every rank, each frame
/// tagged with its rank, one clock for all), and the metrics pollers, already started.
struct LiveSources {
    let context: ZmqContext
    let subscribers: [KVEventSubscriber]
    let feeds: [LiveFeed]
    let pollers: [MetricsPoller]

    init(endpoints: LiveEndpoints, topic: String, recordPath: String?) throws {
        let context = ZmqContext()
        self.context = context
        subscribers = try endpoints.ranks.map { try KVEventSubscriber(context: context, endpoint: $0, topic: topic) }
        let recorder = try recordPath.map { try LiveRecorder(path: $0, ranks: endpoints.ranks.count) }
        let start = ContinuousClock.now
        feeds = endpoints.ranks.indices.map { LiveFeed(recorder: recorder, rank: $0, start: start) }
        pollers = endpoints.metrics.map { MetricsPoller(url: $0.url, text: $0.text) }
        pollers.forEach { $0.start() }
    }

    /// Stops the pollers' threads.
    func stop() { pollers.forEach { $0.stop() } }
}

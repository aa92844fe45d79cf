import Foundation
import KVEvents
import LiveTransport
import Synchronization

/// Fetches a server's `/metrics` once a second on a thread of its own, so a slow or endless page
/// never stalls the screen; the loop reads the latest outcome whenever it draws.
final class MetricsPoller: Sendable {
    struct Reading: Sendable {
        var metrics: ServerMetrics?
        var problem: String?
        /// The page as fetched (for `--record`), at most 1 MiB.
        var page: [UInt8]
        var number: Int
    }

    let url: HTTPGet.URL
    let text: String
    private let latest = Mutex<Reading?>(nil)
    private let stopped = Atomic<Bool>(false)

    init(url: HTTPGet.URL, text: String) {
        self.url = url
        self.text = text
    }

    /// One fetch and parse, with the problem worded for the status line.
    static func read(_ url: HTTPGet.URL, text: String) -> (ServerMetrics?, String?, [UInt8]) {
        switch HTTPGet.get(url) {
        case let .failure(failure):
            return (nil, "\(text): \(failure.description)", [])
        case let .success(response):
            guard response.status == 200 else { return (nil, "\(text): HTTP \(response.status)", []) }
            do {
                return (try ServerMetrics.parse(response.body), nil, Array(response.body.prefix(1 << 20)))
            } catch {
                return (nil, "\(text): \(error.description)", [])
            }
        }
    }

    func start() {
        let thread = Thread { [self] in
            var number = 0
            while !stopped.load(ordering: .relaxed) {
                let (metrics, problem, page) = Self.read(url, text: text)
                number += 1
                let reading = Reading(metrics: metrics, problem: problem, page: page, number: number)
                latest.withLock { $0 = reading }
                for _ in 0..<10 where !stopped.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.1) }
            }
        }
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    var reading: Reading? { latest.withLock { $0 } }
}

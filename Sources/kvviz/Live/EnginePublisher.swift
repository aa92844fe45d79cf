import Engine
import Foundation
import KVEvents
import LiveTransport

/// `simulate --publish`: kvviz's engine serves the workload and publishes what its prefix cache
/// does as vLLM would, one EventBatch a step with events, paced at `stepsPerSecond`.
struct EnginePublisher {
    let endpoint: Endpoint
    let replay: Endpoint?
    let encoding: KVEventEncoding
    let topic: String
    let stepsPerSecond: Double
    let waitSeconds: Double

    func run(_ workload: WorkloadRun) throws -> SimulationReport {
        let context = ZmqContext()
        let publisher: KVEventPublisher
        do {
            publisher = try KVEventPublisher(context: context, endpoint: endpoint, replayEndpoint: replay, topic: topic)
        } catch {
            throw CLIError(.cannotPublish(endpoint, reason: "\(error)"))
        }
        if waitSeconds > 0, !publisher.waitForSubscriber(timeoutMs: Int(waitSeconds * 1000)) {
            StandardOutput.error("simulate --publish \(endpoint): no subscriber within \(waitSeconds) s; publishing anyway")
        }
        let blockSize = workload.configuration.blockSize
        let interval = stepsPerSecond > 0 ? 1 / stepsPerSecond : 0
        var failure: Error?
        var next = ContinuousClock.now
        let report = Simulation.publishing(workload) { _, drafts in
            guard !drafts.isEmpty else { return true }
            let batch = EventBatch(timestamp: Date().timeIntervalSince1970,
                                   events: drafts.map { Self.event($0, blockSize: blockSize, encoding: encoding) }, dataParallelRank: 0)
            do { try publisher.publish(KVEventEncoder.encode(batch, as: encoding)) } catch { failure = error; return false }
            if interval > 0 {
                next = next + .milliseconds(Int(interval * 1000))
                while ContinuousClock.now < next {
                    publisher.serviceReplay()
                    Thread.sleep(forTimeInterval: min(0.01, interval))
                }
            }
            return true
        }
        if let failure { throw CLIError(.publishFailed(endpoint, reason: "\(failure)")) }
        // Let subscribers and replay requests drain before the socket closes.
        let end = ContinuousClock.now + .milliseconds(500)
        while ContinuousClock.now < end { publisher.serviceReplay(); Thread.sleep(forTimeInterval: 0.02) }
        return report
    }

    /// One engine event as vLLM's: the array encoding as the versions before group_idx wrote it,
    /// the map encoding with group 0 and the spec kind, as v0.26 does.
    static func event(_ draft: CacheEventDraft, blockSize: Int, encoding: KVEventEncoding) -> KVEvent {
        let newer = encoding == .map
        switch draft {
        case let .stored(hashes, parent, tokens):
            return .stored(BlockStored(blockHashes: hashes, parentBlockHash: parent, tokenIDs: tokens, blockSize: blockSize,
                                       medium: "GPU", groupIndex: newer ? 0 : nil, specKind: newer ? "full_attention" : nil))
        case let .removed(hashes):
            return .removed(BlockRemoved(blockHashes: hashes, medium: "GPU", groupIndex: newer ? 0 : nil))
        }
    }
}

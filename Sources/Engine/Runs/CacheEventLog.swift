import KVCore

/// What the prefix cache did in one step, in the terms of vLLM's KV events: blocks stored (with
/// their parent hash and token ids, consecutive blocks of one request in one entry, as vLLM's
/// `BlockPool.cache_full_blocks` emits them) and blocks removed (evicted). The engine knows
/// nothing of the wire format; `kvviz simulate --publish` encodes these.
public enum CacheEventDraft: Equatable, Sendable {
    case stored(hashes: [UInt64], parent: UInt64?, tokens: [Int32])
    case removed(hashes: [UInt64])
}

/// Turns the block manager's events of a step into `CacheEventDraft`s. A published block's
/// parent is the block before it in its request (a hit or an earlier publish), so the chains
/// of hashes are kept per sequence and reset when a request is preempted.
public struct CacheEventLog: Sendable {
    var chains: [SequenceID: [UInt64]] = [:]
    var blockHashes: [BlockID: UInt64] = [:]
    let blockSize: Int

    public init(blockSize: Int) { self.blockSize = blockSize }

    mutating func translate(_ events: [SchedulerEvent], scheduler: Scheduler) -> [CacheEventDraft] {
        var requestOf: [SequenceID: RequestID] = [:]
        for event in events {
            switch event {
            case let .scheduled(chunk): requestOf[scheduler.sequence(chunk.request)] = chunk.request
            case let .admitted(id, _, _): requestOf[scheduler.sequence(id)] = id
            default: break
            }
        }
        var drafts: [CacheEventDraft] = []
        var lastStoredSeq: SequenceID?
        for event in events {
            switch event {
            case let .preempted(id, _):
                chains[scheduler.sequence(id)] = nil
                lastStoredSeq = nil
            case let .finished(id):
                chains[scheduler.sequence(id)] = nil
            case let .paging(.prefixHit(seq, block, index)):
                guard let hash = blockHashes[block] else { continue }
                var chain = chains[seq] ?? []
                if index < chain.count { chain.removeSubrange(index...) }
                if index == chain.count { chain.append(hash) }
                chains[seq] = chain
            case let .paging(.published(seq, block, hash)):
                blockHashes[block] = hash.value
                var chain = chains[seq] ?? []
                let parent = chain.last
                let index = chain.count
                chain.append(hash.value)
                chains[seq] = chain
                var tokens: [Int32] = []
                if let id = requestOf[seq], let request = scheduler.requests[id] {
                    let all: [TokenID] = request.allTokens
                    let start = Swift.min(index * blockSize, all.count)
                    tokens = Array(all[start..<Swift.min(start + blockSize, all.count)])
                }
                if lastStoredSeq == seq, case let .stored(hashes, first, earlier)? = drafts.last, hashes.last == parent {
                    drafts[drafts.count - 1] = .stored(hashes: hashes + [hash.value], parent: first, tokens: earlier + tokens)
                } else {
                    drafts.append(.stored(hashes: [hash.value], parent: parent, tokens: tokens))
                }
                lastStoredSeq = seq
            case let .paging(.evicted(block, hash)):
                blockHashes[block] = nil
                if case let .removed(hashes)? = drafts.last {
                    drafts[drafts.count - 1] = .removed(hashes: hashes + [hash.value])
                } else {
                    drafts.append(.removed(hashes: [hash.value]))
                }
                lastStoredSeq = nil
            default:
                break
            }
        }
        return drafts
    }
}

extension Simulation {
    /// Serves `run` like `run(_:)`, handing each step's cache events to `publish`; stops early
    /// when `publish` answers false. Returns the report of the steps served.
    public static func publishing(_ run: WorkloadRun, maxSteps: Int = 10_000_000,
                                  publish: (_ step: Int, _ drafts: [CacheEventDraft]) -> Bool) -> SimulationReport {
        var runner = PagedRunner(run, checksInvariants: false, recordsEvents: true)
        var log = CacheEventLog(blockSize: run.configuration.blockSize)
        let clock = ContinuousClock()
        let start = clock.now
        var going = true
        while going, !runner.isComplete, runner.step < maxSteps {
            let step = runner.step
            runner.stepForward(observe: { events, scheduler in
                going = publish(step, log.translate(events, scheduler: scheduler))
            })
        }
        return report(of: runner, run: run, elapsed: start.duration(to: clock.now))
    }
}

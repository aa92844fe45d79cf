import KVCore
import Testing
@testable import Engine

/// What a step changed (the change strip's items, the grid's attention read and copies) comes
/// with the snapshot, worked out once when it is built: every block event of the step is in it,
/// under its request, and each copy's ref counts step down one at a time.
@Suite struct StepChangeListTests {
    /// Paper sampling (forks and copies on write), prefix hits from shared prompts, preemptions
    /// and evictions in a small pool.
    static func engine(_ preemption: PreemptionMode) throws -> Engine {
        let requests = (0..<30).map { index in
            EngineRequest(id: index, arrivalStep: index, prompt: .tokens((0..<(5 + index % 9)).map { Int32(index % 3 * 50 + $0) }),
                          maxTokens: 6 + index % 6, samples: index % 5 == 0 ? 3 : 1, sampling: .paper, preemption: preemption)
        }
        let config = EngineConfig(numBlocks: 12, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 24, maxNumSeqs: 6, sampling: .paper,
                                                             preemption: preemption, cpuBlocks: 12),
                                  maxModelLen: 24)
        return try Engine(config: config, requests: requests)
    }

    /// Blocks by sequence for one kind of paging event, in event order.
    static func grouped(_ events: [SchedulerEvent], _ pick: (PagingEvent) -> (SequenceID, BlockID)?) -> [SequenceID: [BlockID]] {
        var result: [SequenceID: [BlockID]] = [:]
        for case let .paging(event) in events {
            if let (seq, block) = pick(event) { result[seq, default: []].append(block) }
        }
        return result
    }

    static func grouped(_ lists: [StepChangeList.Blocks]) -> [SequenceID: [BlockID]] {
        Dictionary(lists.map { ($0.sequence, $0.blocks) }, uniquingKeysWith: +)
    }

    @Test(arguments: [PreemptionMode.recompute, .swap])
    func theListHoldsEveryChangeOfTheStep(_ preemption: PreemptionMode) throws {
        var engine = try Self.engine(preemption)
        #expect(engine.snapshot.changeList == .none)
        var seen = (copies: 0, settledCopies: 0, hits: 0, evictions: 0, preemptions: 0, reads: 0, forks: 0)
        while !engine.isComplete {
            engine.stepForward()
            let snapshot = engine.snapshot
            let list = snapshot.changeList
            let events = snapshot.events
            // Built with the snapshot: the same as working it out again, and as a full build's.
            #expect(list == StepChangeList(snapshot))
            #expect(list == engine.snapshotFromScratch().changeList)

            #expect(Self.grouped(list.allocated) == Self.grouped(events) {
                if case let .allocated(seq, block, _) = $0 { (seq, block) } else { nil }
            })
            #expect(Self.grouped(list.prefixHits) == Self.grouped(events) {
                if case let .prefixHit(seq, block, _) = $0 { (seq, block) } else { nil }
            })
            #expect(Self.grouped(list.freed) == Self.grouped(events) {
                if case let .freed(seq, block, after) = $0, after == 0 { (seq, block) } else { nil }
            })
            var evicted: [BlockID] = []
            for case let .paging(.evicted(block, _)) in events { evicted.append(block) }
            #expect(list.evicted == evicted)
            // Each list names the request that holds its sequence.
            for blocks in list.allocated + list.prefixHits {
                let owner = try #require(blocks.request)
                #expect(snapshot.request(owner)?.sequence == blocks.sequence)
            }

            var copies: [(BlockID, BlockID)] = []
            for case let .paging(.copiedOnWrite(_, from, to, _)) in events { copies.append((from, to)) }
            #expect(list.copies.map(\.from) == copies.map(\.0))
            #expect(list.copies.map(\.to) == copies.map(\.1))
            for copy in list.copies {
                #expect(copy.refAfter == copy.refBefore - 1)
                #expect(copy.refAfter >= 1)
            }
            // The last copy from a block leaves its count as the pool has it at the end of the
            // step, unless a later event of the step (a preemption, a finish, a fork) changed it.
            let lastCopy = events.lastIndex { if case .paging(.copiedOnWrite) = $0 { true } else { false } }
            var laterFreed = Set<BlockID>()
            var laterFork = false
            for event in events[((lastCopy ?? events.count - 1) + 1)...] {
                if case let .paging(.freed(_, block, _)) = event { laterFreed.insert(block) }
                if case .paging(.forked) = event { laterFork = true }
            }
            for copy in list.copies where !laterFork && !laterFreed.contains(copy.from)
                && list.copies.last(where: { $0.from == copy.from }) == copy {
                #expect(copy.refAfter == snapshot.blocks[copy.from.index].refCount)
                seen.settledCopies += 1
            }
            #expect(list.notable.filter { if case .copied = $0 { true } else { false } }.count == copies.count)
            let preempted = events.filter { if case .preempted = $0 { true } else { false } }.count
            #expect(list.notable.filter { if case .preempted = $0 { true } else { false } }.count == preempted)
            let forks = events.filter { if case .forked = $0 { true } else { false } }.count
            #expect(list.notable.filter { if case .forked = $0 { true } else { false } }.count == forks)

            let decoded = snapshot.chunks.filter { !$0.isPrefill }
            #expect(list.reads.map(\.request) == decoded.map(\.request))
            #expect(list.reads.map(\.kv) == decoded.map { $0.startPosition + $0.numTokens })
            for read in list.reads {
                let held = snapshot.request(read.request)?.blockTable.count ?? 0
                #expect(read.blocks == min(held, (read.kv + 3) / 4))
            }

            seen.copies += copies.count
            seen.hits += list.prefixHits.count
            seen.evictions += evicted.count
            seen.preemptions += preempted
            seen.reads += list.reads.count
            seen.forks += forks
        }
        // The run had something of each kind to list.
        #expect(seen.copies > 0)
        #expect(seen.settledCopies > 0)
        #expect(seen.hits > 0)
        #expect(seen.evictions > 0)
        #expect(seen.preemptions > 0)
        #expect(seen.reads > 0)
        #expect(seen.forks > 0)
        // Stepping back brings the earlier step's list back with its snapshot.
        engine.seek(to: 3)
        #expect(engine.snapshot.changeList == engine.snapshotFromScratch().changeList)
        #expect(engine.snapshot.changeList == StepChangeList(engine.snapshot))
    }
}

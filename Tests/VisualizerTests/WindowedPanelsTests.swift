import Engine
import KVCore
import Testing
@testable import Visualizer

/// The panels read only the requests they show (the snapshot's groups, holders and index);
/// these runs check, at every step, that what they read equals what a walk over every request
/// gives: the sequences' row order, the block tables' lists of requests without blocks, the
/// owners of the sequences the step's paging events name.
@Suite("Windowed panels")
struct WindowedPanelsTests {
    private func requests(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) -> [EngineRequest] {
        (0..<40).map { index in
            EngineRequest(id: index, arrivalStep: index / 2, prompt: .tokens((0..<(4 + index % 9)).map { Int32(index % 3 * 50 + $0) }),
                          maxTokens: 3 + index % 6, samples: index % 7 == 0 ? 3 : 1,
                          sampling: sampling, preemption: preemption)
        }
    }

    private func check(_ snapshot: Snapshot) -> Bool {
        let all = Array(snapshot.requests)
        // Sequences: running, then waiting and preempted, then finished, in request order.
        let order = all.filter { $0.status == .running } + all.filter { $0.status != .running && $0.status != .finished }
            + Sequences.beamsRanked(all.filter { $0.status == .finished })
        let rows = Sequences.SequenceRows(snapshot)
        guard rows.count == order.count, (0..<rows.count).allSatisfy({ rows[$0].id == order[$0].id }) else { return false }
        guard snapshot.groups.widestLabel == all.map(\.label.count).max() ?? 0,
              snapshot.groups.longestRequest == all.map({ $0.promptLength + $0.maxOutputTokens }).max() ?? 0,
              snapshot.holders == all.indices.filter({ !all[$0].blockTable.isEmpty }) else { return false }
        // Block tables: requests without blocks by group, the first few named.
        var members: [[Int]] = Array(repeating: [], count: 4)
        var counts = Array(repeating: 0, count: 4)
        for (index, request) in all.enumerated() where request.blockTable.isEmpty {
            let group: Int
            switch request.status {
            case .waiting: group = request.arrivalStep <= snapshot.step ? 0 : 2
            case .preempted: group = 1
            case .finished: group = 3
            case .running: continue
            }
            counts[group] += 1
            if members[group].count < 3 { members[group].append(index) }
        }
        let windowed = BlockTables.otherMembers(snapshot, named: 3)
        guard windowed.members == members, windowed.counts == counts else { return false }
        // Change strip: the owner of every sequence an event names.
        let owners = SequenceOwners(snapshot)
        for event in snapshot.events {
            guard case let .paging(paging) = event else { continue }
            let seq: SequenceID
            switch paging {
            case let .allocated(s, _, _), let .prefixHit(s, _, _), let .published(s, _, _), let .freed(s, _, _),
                 let .copiedOnWrite(s, _, _, _), let .forked(_, s): seq = s
            case .evicted: continue
            }
            guard owners[seq] == all.last(where: { $0.sequence == seq })?.id else { return false }
        }
        return true
    }

    @Test(arguments: [PreemptionMode.recompute, .swap], [ParallelSamplingDesign.v1, .paper])
    func everyStepMatchesAFullWalk(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) throws {
        let config = EngineConfig(numBlocks: 20, blockSize: 4,
                                  scheduler: SchedulerConfig(maxNumBatchedTokens: 24, maxNumSeqs: 6,
                                                             sampling: sampling, preemption: preemption, cpuBlocks: 12),
                                  maxModelLen: 24)
        var engine = try Engine(config: config, requests: requests(preemption, sampling))
        var steps = 0
        #expect(check(engine.snapshot), "step 0")
        while !engine.isComplete, steps < 2_000 {
            engine.stepForward()
            steps += 1
            guard check(engine.snapshot) else {
                Issue.record("\(preemption) \(sampling): step \(engine.step) differs from a full walk")
                return
            }
        }
        while engine.step > 0 {
            engine.stepBack()
            guard check(engine.snapshot) else {
                Issue.record("\(preemption) \(sampling): step \(engine.step) back differs from a full walk")
                return
            }
        }
    }
}

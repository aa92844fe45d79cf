import Testing
@testable import KVCore

/// Paper-mode parallel sampling: a sequence group (the parent and its forked samples) is
/// preempted as one, as the PagedAttention paper does (section 4.5), never one sample while
/// its siblings run.
@Suite("Scheduler: sequence groups are preempted together")
struct SchedulerGroupPreemptionTests {
    @Test(arguments: [10, 12, 14, 16])
    func aGroupLeavesTheRunningSetTogether(blocks: Int) throws {
        var scheduler = SchedulerTests.make(blocks: blocks, maxSeqs: 8, sampling: .paper)
        scheduler.add(Request(id: RequestID(0), promptTokens: SchedulerTests.tokens(1, 5), maxOutputTokens: 14, samples: 3))
        scheduler.add(Request(id: RequestID(1), promptTokens: SchedulerTests.tokens(40, 6), maxOutputTokens: 12, samples: 2))
        var groupPreemptions = 0
        var steps = 0
        while scheduler.hasUnfinishedRequests, steps < 500 {
            let plan = SchedulerTests.step(&scheduler)
            steps += 1
            for victim in plan.preempted {
                guard let header = scheduler.requests[victim] else { continue }
                let root = header.parent ?? victim
                let siblings = scheduler.running.filter { $0 == root || scheduler.requests[$0]?.parent == root }
                #expect(siblings.isEmpty, "step \(plan.step): \(victim) preempted while \(siblings) of its group run")
                if scheduler.requests.values.contains(where: { $0.parent == root }) { groupPreemptions += 1 }
            }
            #expect(!plan.chunks.contains { plan.preempted.contains($0.request) }, "a preempted request keeps no chunk")
            try scheduler.kv.checkInvariants()
            SchedulerTests.expectBlocksFollowComputedTokens(scheduler)
        }
        #expect(!scheduler.hasUnfinishedRequests)
        #expect(scheduler.finished.count == 5)
        #expect(groupPreemptions > 0, "the pool of \(blocks) blocks never preempted a group: the test proves nothing")
    }
}

import Testing
@testable import KVCore

/// `Scheduler.Journal` (the pool's `PoolJournal` and the request table's `RequestJournal`):
/// pressured runs journalled step by step, then undone step by step in reverse from the last
/// state; after each undo the scheduler must equal a whole copy taken before that step,
/// request by request and field by field (output tokens, status, computed tokens, sequence,
/// preemptions, swaps, forks), and so must its queues and counters.
@Suite("Scheduler: undo journal")
struct SchedulerUndoJournalTests {
    /// A small pool under pressure: shared prompts (prefix hits), parallel samples (forks and
    /// copies on write with the paper's design, child requests with v1's), preemption.
    static func pressured(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) -> Scheduler {
        let kv = KVCacheManager(numBlocks: 14, blockSize: 4, enablePrefixCaching: true)
        let config = SchedulerConfig(maxNumBatchedTokens: 32, maxNumSeqs: 8, maxPrefillChunk: 8,
                                     sampling: sampling, preemption: preemption, cpuBlocks: 10)
        var scheduler = Scheduler(config: config, kv: kv)
        for index in 0 ..< 40 {
            let prompt = (0 ..< (5 + index % 9)).map { TokenID(index % 3 * 50 + $0) }
            scheduler.add(Request(id: RequestID(index), arrivalStep: index / 2, promptTokens: prompt,
                                  maxOutputTokens: 4 + index % 9, samples: index % 4 == 0 ? 3 : 1))
        }
        return scheduler
    }

    /// The fields of every request, its sequence, and the scheduler's own state, by name.
    static func differences(_ mine: Scheduler, _ theirs: Scheduler) -> [String] {
        var found: [String] = []
        if mine.requests.count != theirs.requests.count { found.append("count \(mine.requests.count) vs \(theirs.requests.count)") }
        let ids = mine.requests.values.map(\.id)
        if ids != theirs.requests.values.map(\.id) { found.append("ids \(ids) vs \(theirs.requests.values.map(\.id))") }
        for request in theirs.requests.values {
            guard let other = mine.requests[request.id] else {
                found.append("\(request.id) missing")
                continue
            }
            for (field, value) in zip(Mirror(reflecting: other).children, Mirror(reflecting: request).children)
            where "\(field.value)" != "\(value.value)" {
                found.append("\(request.id).\(field.label ?? "?"): \(field.value) vs \(value.value)")
            }
            if other != request { found.append("\(request.id) differs") }
            if mine.sequence(request.id) != theirs.sequence(request.id) {
                found.append("\(request.id) sequence \(mine.sequence(request.id)) vs \(theirs.sequence(request.id))")
            }
            if mine.requests.header(request.id) != theirs.requests.header(request.id) { found.append("\(request.id) header") }
        }
        if mine.waiting != theirs.waiting { found.append("waiting") }
        if mine.running != theirs.running { found.append("running") }
        if mine.finished != theirs.finished { found.append("finished") }
        if mine.stepIndex != theirs.stepIndex { found.append("stepIndex") }
        if mine.totalPreemptions != theirs.totalPreemptions { found.append("totalPreemptions") }
        if mine.nextForkID != theirs.nextForkID { found.append("nextForkID") }
        if mine.kv.freeQueue() != theirs.kv.freeQueue() { found.append("free queue") }
        return found
    }

    @Test(arguments: [PreemptionMode.recompute, .swap], [ParallelSamplingDesign.v1, .paper])
    func undoingEveryStepRestoresTheSchedulerExactly(_ preemption: PreemptionMode, _ sampling: ParallelSamplingDesign) throws {
        var scheduler = Self.pressured(preemption, sampling)
        var kept: [(before: Scheduler, detached: Scheduler, journal: Scheduler.Journal)] = []
        var forks = 0
        var appended = 0
        while scheduler.hasUnfinishedRequests, kept.count < 200 {
            let before = scheduler
            let detached = scheduler.detachedFromStorage()
            #expect(detached.requests.isEmpty)
            let opened = scheduler.beginUndoJournal()
        try #require(opened)
            SchedulerTests.step(&scheduler)
            let ended = scheduler.endUndoJournal()
        let journal = try #require(ended)
            forks += journal.requests.entries.filter { $0.progress == nil }.count
            appended += journal.requests.entries.filter { entry in
                entry.progress != nil && (scheduler.requests[entry.id]?.outputTokens.count ?? 0) > entry.outputCount
            }.count
            kept.append((before, detached, journal))
        }
        #expect(!scheduler.hasUnfinishedRequests, "the run ends")
        #expect(scheduler.totalPreemptions > 0, "the run preempts")
        #expect(appended > 0, "steps append output tokens")
        if sampling == .paper { #expect(forks > 0, "steps fork samples") }

        // Undone in reverse from the last state, each step once.
        var undone = scheduler
        for (step, record) in kept.enumerated().reversed() {
            undone.restore(record.detached, undoing: record.journal)
            let differences = Self.differences(undone, record.before)
            #expect(differences.isEmpty, "step \(step): \(differences.prefix(6))")
            if !differences.isEmpty { return }
        }
        // The run again from the restored start ends the same way.
        while undone.hasUnfinishedRequests { SchedulerTests.step(&undone) }
        #expect(Self.differences(undone, scheduler).isEmpty)
    }

    /// A journal applies again to a state equal to the one its step left (step back, forward,
    /// back again).
    @Test func aJournalUndoesTheSameStepTwice() throws {
        var scheduler = Self.pressured(.recompute, .paper)
        for _ in 0 ..< 12 { SchedulerTests.step(&scheduler) }
        let before = scheduler
        let detached = scheduler.detachedFromStorage()
        let opened = scheduler.beginUndoJournal()
        try #require(opened)
        SchedulerTests.step(&scheduler)
        let ended = scheduler.endUndoJournal()
        let journal = try #require(ended)
        #expect(journal.requests.changedRequests > 0)
        for _ in 0 ..< 2 {
            var undone = scheduler
            undone.restore(detached, undoing: journal)
            #expect(Self.differences(undone, before).isEmpty)
        }
    }

    /// Requests removed while the journal is open (retired) come back with their output tokens.
    @Test func removedRequestsComeBackWithTheirTokens() throws {
        var scheduler = Self.pressured(.recompute, .v1)
        while scheduler.finished.count < 5 { SchedulerTests.step(&scheduler) }
        let before = scheduler
        let detached = scheduler.detachedFromStorage()
        let opened = scheduler.beginUndoJournal()
        try #require(opened)
        let retired = scheduler.retireFinished()
        let ended = scheduler.endUndoJournal()
        let journal = try #require(ended)
        #expect(retired.count >= 5 && retired.allSatisfy { !$0.outputTokens.isEmpty })
        #expect(journal.requests.removedRequests.count == retired.count)
        scheduler.restore(detached, undoing: journal)
        #expect(Self.differences(scheduler, before).isEmpty)
    }

    /// Every field of a request is a `let` (never written after `add`) or in `Request.Progress`,
    /// apart from the output tokens, whose count the journal keeps: a new field must be put in
    /// one of the two, or undoing a step would not restore it.
    @Test func everyFieldARequestCanChangeIsKept() {
        let request = Request(id: RequestID(1), promptTokens: [1, 2], maxOutputTokens: 3)
        let fields = Set(Mirror(reflecting: request).children.compactMap(\.label))
        let kept = Set(Mirror(reflecting: request.progress).children.compactMap(\.label))
        let constants: Set = ["id", "arrivalStep", "promptTokens", "maxOutputTokens", "samples", "sampling", "preemption", "beamWidth"]
        #expect(kept.isDisjoint(with: constants))
        #expect(fields == kept.union(constants).union(["outputTokens"]))
    }

    /// A manager without a journal opens none in the request table either.
    @Test func noJournalWithoutThePoolsJournal() {
        let kv = ReferenceBlockManager(numBlocks: 8, blockSize: 4)
        var scheduler = Scheduler(config: SchedulerConfig(maxNumBatchedTokens: 8, maxNumSeqs: 2), kv: kv)
        let opened = scheduler.beginUndoJournal()
        let ended = scheduler.endUndoJournal()
        #expect(!opened)
        #expect(scheduler.requests.journal == nil)
        #expect(ended == nil)
    }
}

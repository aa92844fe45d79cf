import Testing
@testable import KVCore

/// `PoolJournal`: a batch of random operations (the differential test's: allocations with
/// shared prefixes and hits, chunked allocations, appends, `allocateSlots`, commits, forks and
/// copies on write, beams, swaps, frees, evictions) journalled, then undone batch by batch in
/// reverse; after each undo every observable of the manager must equal a copy taken before
/// that batch: blocks, tokens, hashes, tickets, the free queue in order, sequences and their
/// tables, stats, lookups, invariants.
@Suite("Paging: undo journal")
struct PagingUndoJournalTests {
    /// Everything a reader of the manager can see (`drainEvents` aside).
    struct Observed: Equatable {
        var stats: PagingStats
        var counts: [Int]
        var queue: [BlockID]
        var blocks: [BlockInfo]
        var tickets: [Int?]
        var slots: [[TokenID]]
        var sequences: [SequenceID]
        var tables: [[BlockID]]
        var lengths: [Int]
        var computed: [Int]
        var problems: [String]

        init(_ kv: KVCacheManager) {
            stats = kv.stats
            counts = [kv.numFreeBlocks, kv.numUsedBlocks, kv.numCachedFreeBlocks, kv.numHashedBlocks, kv.numSequences]
            queue = kv.freeQueue()
            let ids = (0 ..< kv.numBlocks).map { BlockID($0) }
            blocks = ids.map { kv.block($0) }
            tickets = ids.map { kv.freeQueueTicket(of: $0) }
            slots = ids.map { id in kv.withSlotTokens(of: id) { Array($0) } }
            sequences = kv.sequenceIDs
            tables = sequences.map { kv.blockTable(of: $0) }
            lengths = sequences.map { kv.numTokens(of: $0) }
            computed = sequences.map { kv.numComputedTokens(of: $0) }
            problems = kv.validate()
        }

        /// The fields that differ from `other`, by name.
        func differences(from other: Observed) -> [String] {
            Mirror(reflecting: self).children.compactMap { child in
                let mine = "\(child.value)"
                let theirs = Mirror(reflecting: other).children.first { $0.label == child.label }.map { "\($0.value)" }
                return mine == theirs ? nil : "\(child.label ?? "?"): \(mine.prefix(300)) vs \(theirs?.prefix(300) ?? "")"
            }
        }
    }

    @Test(arguments: ReferenceDifferentialTests.configurations.prefix(24))
    func undoingEveryBatchRestoresTheManagerExactly(configuration: ReferenceDifferentialTests.Configuration) throws {
        var run = DifferentialRun(configuration)
        var kept: [(before: Observed, detached: any BlockManager, journal: PoolJournal)] = []
        var random = SeededGenerator(seed: configuration.seed &+ 77)
        var changed = 0
        for batch in 0 ..< 150 {
            let differences = run.compare(step: batch)
            #expect(differences.isEmpty)
            let before = Observed(run.fast)
            let detached = run.fast.detachedFromStorage()
            let opened = run.fast.beginUndoJournal()
            let openedTwice = run.fast.beginUndoJournal()
            try #require(opened && !openedTwice)
            for _ in 0 ..< Int.random(in: 1 ... 6, using: &random) { run.step() }
            let differencesAfter = run.compare(step: batch)
            #expect(differencesAfter.isEmpty)
            let ended = run.fast.endUndoJournal()
            let journal = try #require(ended)
            changed += journal.changedBlocks
            kept.append((before, detached, journal))
        }
        #expect(changed > 150, "the batches changed \(changed) blocks")
        // Undo on a copy, so that the journals are applied to a pool they were not written in.
        var kv = run.fast
        let end = Observed(kv)
        for (batch, entry) in kept.enumerated().reversed() {
            kv.undo(entry.journal, restoring: entry.detached)
            let now = Observed(kv)
            if now != entry.before {
                Issue.record("\(configuration): batch \(batch) undone differs from before it: \(now.differences(from: entry.before))")
                return
            }
        }
        // The run itself never saw the undos.
        #expect(Observed(run.fast) == end)
    }

    @Test func otherManagersKeepNoJournal() {
        var reference: any BlockManager = ReferenceBlockManager(numBlocks: 8, blockSize: 4)
        let referenceOpened = reference.beginUndoJournal()
        let referenceJournal = reference.endUndoJournal()
        #expect(!referenceOpened && referenceJournal == nil)
        var fast: any BlockManager = KVCacheManager(numBlocks: 8, blockSize: 4)
        let fastOpened = fast.beginUndoJournal()
        let fastJournal = fast.endUndoJournal()
        #expect(fastOpened && fastJournal?.changedBlocks == 0)
    }
}

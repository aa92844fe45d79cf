import Foundation
import Testing
@testable import KVCore

/// The fast `KVCacheManager` against the shipped `ReferenceBlockManager` (`Sources/KVCore/Paging/Reference/`): the same random operations on
/// both, in both publishing modes (when computed, and when scheduled as vLLM v1 and the engine
/// do): allocations with shared prefixes, whole or chunked (`allocate(_:tokens:newTokens:)`),
/// appends, `allocateSlots` for several tokens, commits, forks and copies on write, beam steps
/// (a beam forks its survivors and is dropped), swapping (a sequence freed and admitted again
/// with its tokens and computed count), frees of any live sequence, allocations that fail for
/// memory, evictions. After every operation every observable result must be equal: the
/// operation's return value, the events, the stats, the free queue in order, every block (ref
/// count, hash, tokens), every sequence (block table, tokens, computed count) and the lookups
/// (`canAllocate`, `cachedPrefixBlocks`, `canAppend`, `blocksNeeded(toAppend:to:)`).
///
/// Size: 48 configurations (block sizes 1 to 16, pools of 6 to 40 blocks, the built-in hasher
/// and three that collide on purpose, prefix caching on and off, both publishing modes). A
/// release build runs 25,000 operations per configuration, 1,200,000 in all:
/// `swift test -c release --filter ReferenceDifferentialTests` (`Tests/run.sh` does). A debug
/// build, which also checks the fast manager's invariants after every mutation, runs 2,000
/// each (96,000). `ReferenceMutationTests` plants a bug in the fast manager and requires this
/// comparison to catch it. `KVVIZ_DIFFERENTIAL_OPS=N` sets the count per configuration in any build.
@Suite("Paging: fast manager vs reference")
struct ReferenceDifferentialTests {
    struct Configuration: Sendable, CustomStringConvertible {
        let seed: UInt64
        let blockSize: Int
        let numBlocks: Int
        let hasher: CollidingHasher
        let prefixCaching: Bool
        var publishing: PrefixPublishing = .whenComputed

        var description: String {
            "seed \(seed), \(numBlocks) blocks of \(blockSize), \(hasher)\(prefixCaching ? "" : ", no prefix caching"), "
                + "publishing \(publishing == .whenScheduled ? "when scheduled" : "when computed")"
        }
    }

    static let configurations: [Configuration] = (0 ..< 48).map { index in
        let shapes = [(4, 24), (1, 12), (2, 16), (16, 8), (4, 6), (8, 40)]
        let (blockSize, numBlocks) = shapes[index % shapes.count]
        return Configuration(seed: UInt64(index), blockSize: blockSize, numBlocks: numBlocks,
                             hasher: CollidingHasher.allCases[index / shapes.count % CollidingHasher.allCases.count],
                             prefixCaching: index % 7 != 6, publishing: index < 24 ? .whenComputed : .whenScheduled)
    }

    static var operationsPerConfiguration: Int {
        if let text = ProcessInfo.processInfo.environment["KVVIZ_DIFFERENTIAL_OPS"], let count = Int(text), count > 0 {
            return count
        }
        #if DEBUG
        return 2_000
        #else
        return 25_000
        #endif
    }

    @Test(arguments: configurations)
    func sameRandomOperationsGiveTheSameResults(configuration: Configuration) throws {
        var run = DifferentialRun(configuration)
        let operations = Self.operationsPerConfiguration
        for step in 0 ..< operations {
            run.step()
            let differences = run.compare(step: step)
            guard differences.isEmpty else {
                differences.forEach { Issue.record(Comment(rawValue: $0)) }
                return
            }
        }
        run.drain()
        let differences = run.compare(step: operations)
        differences.forEach { Issue.record(Comment(rawValue: $0)) }
        #expect(run.fast.numFreeBlocks == configuration.numBlocks)
        #expect(run.operationCounts.values.reduce(0, +) == operations)
        // The operations really happened: every kind ran, and memory really ran out.
        for kind in ["allocate", "allocate-chunked", "append", "allocate-slots", "allocate-slots-refused", "commit",
                     "fork", "beam", "swap", "free", "allocate-refused"] {
            #expect(run.operationCounts[kind, default: 0] > 0, "no \(kind) in \(configuration)")
        }
        #expect(run.fast.stats.evictions > 0 || !configuration.prefixCaching, "no eviction in \(configuration)")
        // One hash for every block (`constant`) leaves a single cache entry: hits are rare there.
        #expect(run.fast.stats.hitBlocks > 0 || !configuration.prefixCaching || configuration.hasher == .constant,
                "no prefix hit in \(configuration)")
    }
}

/// One configuration's run: both managers, the random source, and what was done.
struct DifferentialRun {
    let configuration: ReferenceDifferentialTests.Configuration
    var fast: KVCacheManager
    var reference: ReferenceBlockManager
    var random: SeededGenerator
    /// Prompts are built from these block-sized chunks (tiny vocabulary), so prefixes repeat.
    let chunks: [[TokenID]]
    let sequenceIDs = (0 ..< 12).map { SequenceID($0) }
    var operationCounts: [String: Int] = [:]
    var lastOperation = ""

    init(_ configuration: ReferenceDifferentialTests.Configuration) {
        self.configuration = configuration
        let hasher = configuration.hasher.hasher
        fast = KVCacheManager(numBlocks: configuration.numBlocks, blockSize: configuration.blockSize,
                              enablePrefixCaching: configuration.prefixCaching, recordsEvents: true, hasher: hasher,
                              publishing: configuration.publishing, tracksTouchedBlocks: true)
        reference = ReferenceBlockManager(numBlocks: configuration.numBlocks, blockSize: configuration.blockSize,
                                          enablePrefixCaching: configuration.prefixCaching, recordsEvents: true,
                                          hasher: hasher, publishing: configuration.publishing)
        random = SeededGenerator(seed: configuration.seed)
        var chunkRandom = SeededGenerator(seed: configuration.seed &+ 1_000)
        chunks = (0 ..< 6).map { _ in
            (0 ..< configuration.blockSize).map { _ in TokenID.random(in: 0 ..< 3, using: &chunkRandom) }
        }
    }

    private mutating func pick(_ live: Bool) -> SequenceID? {
        let fast = self.fast
        return sequenceIDs.filter { fast.contains($0) == live }.randomElement(using: &random)
    }

    private mutating func count(_ kind: String, _ detail: @autoclosure () -> String) {
        operationCounts[kind, default: 0] += 1
        lastOperation = detail()
    }

    /// One random operation on both managers; its results must agree (a disagreement is kept
    /// for `compare`). Counted as "idle" when there is no sequence to do it to.
    mutating func step() {
        let before = operationCounts.values.reduce(0, +)
        defer { if operationCounts.values.reduce(0, +) == before { count("idle", "nothing") } }
        let roll = Int.random(in: 0 ..< 100, using: &random)
        switch roll {
        case ..<22:
            guard let seq = pick(false) else { return freeOne() }
            let prompt = randomPrompt()
            check(fast.canAllocate(tokens: prompt), reference.canAllocate(tokens: prompt), "canAllocate \(prompt)")
            check(fast.cachedPrefixBlocks(for: prompt), reference.cachedPrefixBlocks(for: prompt), "cachedPrefixBlocks \(prompt)")
            if roll < 14 {
                let result = fast.allocate(seq, tokens: prompt)
                check(result, reference.allocate(seq, tokens: prompt), "allocate \(seq) \(prompt)")
                count(result == nil ? "allocate-refused" : "allocate", "allocate \(seq) \(prompt)")
            } else {
                // A first prefill chunk: the cached prefix and a few more tokens.
                let chunk = Int.random(in: 0 ... 2 * configuration.blockSize + 1, using: &random)
                let result = fast.allocate(seq, tokens: prompt) { _ in chunk }
                check(result, reference.allocate(seq, tokens: prompt) { _ in chunk }, "allocate \(seq) \(prompt) chunk \(chunk)")
                count(result == nil ? "allocate-refused" : "allocate-chunked", "allocate \(seq) \(prompt) chunk \(chunk)")
            }
        case ..<45:
            guard let seq = pick(true) else { return }
            let token = TokenID.random(in: 0 ..< 3, using: &random)
            check(fast.canAppend(seq), reference.canAppend(seq), "canAppend \(seq)")
            let result = fast.appendToken(seq, token)
            check(result, reference.appendToken(seq, token), "append \(seq) \(token)")
            count(result == nil ? "append-refused" : "append", "append \(seq) \(token)")
        case ..<53:
            guard let seq = pick(true) else { return }
            let tokens = (0 ..< Int.random(in: 1 ... 2 * configuration.blockSize + 1, using: &random)).map { _ in
                TokenID.random(in: 0 ..< 3, using: &random)
            }
            check(fast.blocksNeeded(toAppend: tokens.count, to: seq), reference.blocksNeeded(toAppend: tokens.count, to: seq),
                  "blocksNeeded(toAppend: \(tokens.count), to: \(seq))")
            let placed = fast.allocateSlots(seq, appending: tokens[...])
            check(placed, reference.allocateSlots(seq, appending: tokens[...]), "allocateSlots \(seq) \(tokens)")
            count(placed ? "allocate-slots" : "allocate-slots-refused", "allocateSlots \(seq) \(tokens)")
        case ..<71:
            guard let seq = pick(true) else { return }
            let length = fast.numTokens(of: seq)
            let computed = Bool.random(using: &random) ? length : Int.random(in: 0 ... length, using: &random)
            fast.commit(seq, computedTokens: computed)
            reference.commit(seq, computedTokens: computed)
            count("commit", "commit \(seq) \(computed)")
        case ..<78:
            guard let parent = pick(true), let child = pick(false) else { return }
            fast.fork(parent, into: child)
            reference.fork(parent, into: child)
            count("fork", "fork \(parent) into \(child)")
        case ..<82:
            beamStep()
        case ..<86:
            swapOutAndIn()
        default:
            freeOne()
        }
    }

    /// Tokens from the shared chunks (so prefixes repeat), then a few random ones.
    private mutating func randomPrompt() -> [TokenID] {
        var prompt: [TokenID] = []
        for _ in 0 ..< Int.random(in: 0 ... 4, using: &random) { prompt += chunks.randomElement(using: &random)! }
        for _ in 0 ..< Int.random(in: 0 ... configuration.blockSize + 1, using: &random) {
            prompt.append(TokenID.random(in: 0 ..< 3, using: &random))
        }
        return prompt
    }

    /// A beam search step as the scheduler takes it: a beam forks into its surviving
    /// candidates, which each write their own next token (copying a shared partial block), and
    /// the beam itself is dropped.
    private mutating func beamStep() {
        guard let beam = pick(true) else { return }
        var children: [SequenceID] = []
        for _ in 0 ..< Int.random(in: 1 ... 2, using: &random) {
            guard let child = pick(false) else { break }
            fast.fork(beam, into: child)
            reference.fork(beam, into: child)
            children.append(child)
        }
        for child in children {
            let token = TokenID.random(in: 0 ..< 3, using: &random)
            check(fast.appendToken(child, token), reference.appendToken(child, token), "beam append \(child) \(token)")
        }
        fast.free(beam)
        reference.free(beam)
        count("beam", "beam \(beam) into \(children)")
    }

    /// Swapping preemption at the block manager: the sequence lets its blocks go (its K/V go to
    /// the CPU pool), then is admitted again with all its tokens, the cached prefix hit and the
    /// rest placed fresh, and its computed count restored. Readmission may fail for memory.
    private mutating func swapOutAndIn() {
        guard let seq = pick(true) else { return }
        let tokens = fast.tokens(of: seq)
        let computed = fast.numComputedTokens(of: seq)
        fast.free(seq)
        reference.free(seq)
        let result = fast.allocate(seq, tokens: tokens) { tokens.count - $0 }
        check(result, reference.allocate(seq, tokens: tokens) { tokens.count - $0 }, "swap in \(seq) \(tokens)")
        if result != nil {
            fast.commit(seq, computedTokens: computed)
            reference.commit(seq, computedTokens: computed)
        }
        count("swap", "swap \(seq) out and in (\(result == nil ? "refused" : "readmitted"))")
    }

    private mutating func freeOne() {
        guard let seq = pick(true) else { return }
        fast.free(seq)
        reference.free(seq)
        count("free", "free \(seq)")
    }

    /// Frees every live sequence, in a random order.
    mutating func drain() {
        while let seq = pick(true) {
            fast.free(seq)
            reference.free(seq)
        }
    }

    /// Keeps a disagreement between the two managers, for `compare` to report.
    private mutating func check<T: Equatable>(_ fast: T, _ reference: T, _ what: String) {
        guard fast != reference else { return }
        pending.append("\(configuration) after \(lastOperation): \(what) differs\n  fast:      \(fast)\n  reference: \(reference)")
    }

    /// Disagreements seen during the operations since the last `compare`.
    private var pending: [String] = []

    /// Compares every observable; the differences (empty when both managers agree), with those
    /// the operations since the last call met.
    mutating func compare(step: Int) -> [String] {
        var differences = pending
        pending.removeAll()
        func check<T: Equatable>(_ fast: T, _ reference: T, _ what: String) {
            guard fast != reference else { return }
            differences.append("\(configuration), step \(step) after \(lastOperation): \(what) differs\n  fast:      \(fast)\n  reference: \(reference)")
        }
        check(fast.drainEvents(), reference.drainEvents(), "events")
        check(fast.stats, reference.stats, "stats")
        check(fast.numFreeBlocks, reference.numFreeBlocks, "free blocks")
        check(fast.numUsedBlocks, reference.numUsedBlocks, "used blocks")
        check(fast.numCachedFreeBlocks, reference.numCachedFreeBlocks, "cached free blocks")
        check(fast.numHashedBlocks, reference.blocks.filter { $0.blockHash != nil }.count, "hashed blocks")
        check(fast.freeQueue(), reference.freeQueue(), "free queue")
        for block in reference.blocks {
            let id = BlockID(block.blockID)
            check(fast.block(id), reference.block(id), "block \(block.blockID)")
            check(fast.freeQueueTicket(of: id), reference.freeQueueTicket(of: id), "free-queue ticket of block \(block.blockID)")
            check(fast.withSlotTokens(of: id) { Array($0.prefix(block.tokenIDs.count)) }, block.tokenIDs,
                  "slot tokens of block \(block.blockID)")
        }
        // The fast manager lists every block that really changed (it may list more: blocks
        // written and put back as they were).
        let listed = Set(fast.drainTouchedBlocks())
        check(reference.drainTouchedBlocks().filter { !listed.contains($0) }, [], "changed blocks the fast manager did not list")
        check(reference.validate(), [], "the reference's invariants")
        check(fast.sequenceIDs, reference.sequences.keys.sorted(), "live sequences")
        for (seq, sequence) in reference.sequences {
            guard fast.contains(seq) else { continue }
            check(fast.blockTable(of: seq).map(\.index), sequence.blockTable, "block table of \(seq)")
            check(fast.numTokens(of: seq), reference.numTokens(of: seq), "length of \(seq)")
            check(fast.tokens(of: seq), reference.tokens(of: seq), "tokens of \(seq)")
            check(fast.numComputedTokens(of: seq), sequence.numComputedTokens, "computed tokens of \(seq)")
            check(fast.canAppend(seq), reference.canAppend(seq), "canAppend(\(seq))")
        }
        return differences
    }
}

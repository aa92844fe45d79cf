import Engine
import KVCore

/// What one event did, in the terms a narration line names: the requests it concerned, the
/// blocks it touched and, for a copy-on-write, where the copy came from and went to.
public struct NarrationEventFacts: Sendable, Equatable {
    public var requests: [RequestID] = []
    public var blocks: [BlockID] = []
    /// A count the event reports itself (blocks hit, blocks freed by a preemption).
    public var count: Int?
    public var copies: [(from: BlockID, to: BlockID)] = []

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.requests == rhs.requests && lhs.blocks == rhs.blocks && lhs.count == rhs.count
            && lhs.copies.map(\.from) == rhs.copies.map(\.from) && lhs.copies.map(\.to) == rhs.copies.map(\.to)
    }

    mutating func add(request: RequestID) {
        if !requests.contains(request) { requests.append(request) }
    }

    mutating func add(block: BlockID) {
        if !blocks.contains(block) { blocks.append(block) }
    }
}

/// Matching a narration event against the events of one step.
enum NarrationEventMatch {
    /// What `kind` did in the step `snapshot` closes (for `request` and its forked samples, if
    /// given), or nil when it did not happen. `previousComplete`: the run had ended a step before.
    static func facts(of kind: NarrationEventKind, request: Int?, in snapshot: Snapshot,
                      previousComplete: Bool) -> NarrationEventFacts? {
        if kind == .allFinished {
            return snapshot.isComplete && !previousComplete && snapshot.step > 0 ? NarrationEventFacts() : nil
        }
        if kind == .contiguousFinished {
            let finished = snapshot.contiguous?.finishedStep
            return finished == snapshot.step && snapshot.step > 0 ? NarrationEventFacts() : nil
        }
        func matches(_ id: RequestID) -> Bool {
            guard let request else { return true }
            if id.rawValue == request { return true }
            return snapshot.request(id)?.parent?.rawValue == request
        }
        func owner(_ seq: SequenceID) -> RequestID? {
            snapshot.requests.first(where: { $0.sequence == seq })?.id
        }
        func matches(_ seq: SequenceID) -> Bool {
            guard request != nil else { return true }
            return owner(seq).map(matches) ?? false
        }
        /// The paging events of `id`'s sequence that `select` keeps.
        func blocks(of id: RequestID, _ select: (PagingEvent) -> BlockID?) -> [BlockID] {
            guard let seq = snapshot.request(id)?.sequence else { return [] }
            var found: [BlockID] = []
            for case let .paging(event) in snapshot.events {
                switch event {
                case let .allocated(s, _, _) where s == seq, let .prefixHit(s, _, _) where s == seq,
                     let .freed(s, _, _) where s == seq, let .copiedOnWrite(s, _, _, _) where s == seq:
                    if let block = select(event) { found.append(block) }
                default: continue
                }
            }
            return found
        }
        var facts = NarrationEventFacts()
        var happened = false
        for event in snapshot.events {
            switch (kind, event) {
            case let (.admitted, .admitted(id, _, _)) where matches(id):
                happened = true
                facts.add(request: id)
                for block in blocks(of: id, { if case let .allocated(_, b, _) = $0 { b } else if case let .prefixHit(_, b, _) = $0 { b } else { nil } }) {
                    facts.add(block: block)
                }
            case let (.resumed, .admitted(id, _, true)) where matches(id):
                happened = true
                facts.add(request: id)
            case let (.prefixHit, .admitted(id, hits, _)) where hits > 0 && matches(id):
                happened = true
                facts.add(request: id)
                facts.count = (facts.count ?? 0) + hits
                for block in blocks(of: id, { if case let .prefixHit(_, b, _) = $0 { b } else { nil } }) { facts.add(block: block) }
            case let (.preempted, .preempted(id, freed)) where matches(id):
                happened = true
                facts.add(request: id)
                facts.count = (facts.count ?? 0) + freed
                for block in blocks(of: id, { if case let .freed(_, b, _) = $0 { b } else { nil } }) { facts.add(block: block) }
            case let (.forked, .forked(parent, child)) where matches(parent):
                happened = true
                facts.add(request: parent)
                facts.add(request: child)
            case let (.finished, .finished(id)) where matches(id):
                happened = true
                facts.add(request: id)
                for block in blocks(of: id, { if case let .freed(_, b, _) = $0 { b } else { nil } }) { facts.add(block: block) }
            case let (.evicted, .paging(.evicted(block, _))) where request == nil:
                happened = true
                facts.add(block: block)
                facts.count = (facts.count ?? 0) + 1
                if let taker = snapshot.blocks.indices.contains(block.index) ? snapshot.blocks[block.index].owners.first : nil {
                    facts.add(request: taker.request)
                }
            case let (.copiedOnWrite, .paging(.copiedOnWrite(seq, from, to, _))) where matches(seq):
                happened = true
                if let id = owner(seq) { facts.add(request: id) }
                facts.add(block: to)
                facts.copies.append((from, to))
            case let (.allocated, .paging(.allocated(seq, block, _))) where matches(seq):
                happened = true
                if let id = owner(seq) { facts.add(request: id) }
                facts.add(block: block)
            default:
                continue
            }
        }
        return happened ? facts : nil
    }
}

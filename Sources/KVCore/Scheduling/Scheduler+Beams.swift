/// One beam-search request as the scheduler serves it: the PagedAttention paper's design
/// (Fig. 9), which vLLM v0 followed. The request computes its prompt as one sequence, its first
/// beam. From then on, every beam-search step waits until each live beam has computed its last
/// token, then keeps the `width` best (beam, next token) pairs by cumulative log-probability:
/// a beam chosen once extends itself, a beam chosen k > 1 times forks k - 1 new beams first
/// (they share all its blocks, ref counts + 1, and copy its partial last block on write), and a
/// beam chosen by none is dropped, its sequence freed (blocks other beams still hold stay).
public struct BeamGroup: Sendable, Equatable {
    /// The request the beams belong to (its own sequence is the first beam).
    public let root: RequestID
    public let width: Int
    /// The live beams, best first after each beam-search step.
    public internal(set) var beams: [RequestID]
    /// Beam-search steps taken so far.
    var rounds = 0
    /// The best beam, set when the request finishes.
    public internal(set) var best: RequestID?
    /// Next-token logits of the beams that have caught up, kept until the step that uses them.
    var logits: [RequestID: [Float]] = [:]
    /// Label index of the next forked beam (the first beam is 0).
    var nextIndex = 1
}

/// What one beam-search step decides from: the live beams, best first, with their generated
/// tokens, cumulative log-probabilities and next-token logits.
public struct BeamRound: Sendable {
    public let root: RequestID
    public let width: Int
    public let beams: [RequestID]
    public let tokens: [[TokenID]]
    public let scores: [Double]
    public let logits: [[Float]]
}

/// A surviving continuation: extend `round.beams[parent]` with `token`, reaching `score`.
public struct BeamChoice: Sendable, Equatable {
    public let parent: Int
    public let token: TokenID
    public let score: Double

    public init(parent: Int, token: TokenID, score: Double) {
        self.parent = parent
        self.token = token
        self.score = score
    }
}

extension Scheduler {
    /// Beams a beam-search request will still fork into before its first beam-search step.
    func beamsToFork(_ request: RequestHeader) -> Int {
        guard let width = request.beamWidth, request.parent == nil else { return 0 }
        if let group = beamGroups[request.id], group.rounds > 0 { return 0 }
        return width - 1
    }

    /// Called by `finishStep` when a beam has computed all its tokens.
    mutating func noteBeamCaughtUp(_ id: RequestID, logits: [Float]?) {
        guard let request = requests[id], let width = request.beamWidth else { return }
        let root = request.parent ?? id
        if beamGroups[root] == nil { beamGroups[root] = BeamGroup(root: root, width: width, beams: [root]) }
        if let logits { beamGroups[root]?.logits[id] = logits }
    }

    /// Beam-search requests, by id, whose every live beam is running, has computed all its
    /// tokens and has its logits: ready for a beam-search step.
    var readyBeamGroups: [RequestID] {
        guard !beamGroups.isEmpty else { return [] }
        return beamGroups.keys.sorted().filter { root in
            guard let group = beamGroups[root], group.best == nil, !group.beams.isEmpty else { return false }
            return group.beams.allSatisfy { id in
                guard let beam = requests[id], beam.status == .running,
                      beam.numComputedTokens == beam.numTokens else { return false }
                return group.logits[id] != nil
            }
        }
    }

    /// The inputs of the next beam-search step of `root` (nil unless it is ready).
    func beamRound(_ root: RequestID) -> BeamRound? {
        guard let group = beamGroups[root] else { return nil }
        var tokens: [[TokenID]] = []
        var scores: [Double] = []
        var logits: [[Float]] = []
        for id in group.beams {
            guard let beam = requests[id], let row = group.logits[id] else { return nil }
            tokens.append(beam.outputTokens)
            scores.append(beam.beamScore)
            logits.append(row)
        }
        return BeamRound(root: root, width: group.width, beams: group.beams, tokens: tokens, scores: scores, logits: logits)
    }

    /// Takes a beam-search step for every ready request, with `choose` picking the surviving
    /// continuations (at most `width`, best first). Returns the beams that finished.
    @discardableResult
    public mutating func advanceBeams(choose: (BeamRound) -> [BeamChoice]) -> [RequestID] {
        var done: [RequestID] = []
        for root in readyBeamGroups {
            guard let round = beamRound(root) else { continue }
            done += applyBeamStep(round, choices: choose(round))
        }
        flushPagingEvents()
        return done
    }

    private mutating func applyBeamStep(_ round: BeamRound, choices: [BeamChoice]) -> [RequestID] {
        precondition(!choices.isEmpty && choices.count <= round.width, "a beam-search step keeps 1...width beams")
        precondition(choices.allSatisfy { round.beams.indices.contains($0.parent) }, "a choice extends a live beam")
        guard var group = beamGroups[round.root] else { return [] }
        group.logits.removeAll()
        group.rounds += 1

        // Dropped beams go first: the blocks only they held return to the free queue.
        let chosen = Set(choices.map(\.parent))
        for (index, id) in round.beams.enumerated() where !chosen.contains(index) {
            dropBeam(id)
        }
        // The first choice of a beam extends it; each further one forks it before any token is
        // appended, so a fork starts from the same tokens as its source.
        var extended = Set<Int>()
        var next: [(beam: RequestID, choice: BeamChoice)] = []
        for choice in choices {
            let source = round.beams[choice.parent]
            if extended.insert(choice.parent).inserted {
                next.append((source, choice))
            } else {
                next.append((forkBeam(source, root: round.root, index: group.nextIndex), choice))
                group.nextIndex += 1
            }
        }
        for (beam, choice) in next {
            requests[beam]?.outputTokens.append(choice.token)
            requests[beam]?.beamScore = choice.score
            pendingEvents.append(.sampled(beam, token: choice.token))
        }
        group.beams = next.map(\.beam)

        var done: [RequestID] = []
        if let best = next.first?.beam, let request = requests[best], request.outputTokens.count >= request.maxOutputTokens {
            group.best = best
            requests[best]?.isBestBeam = true
            for (beam, _) in next {
                finish(beam)
                done.append(beam)
            }
        }
        beamGroups[round.root] = group
        return done
    }

    /// Frees a beam no continuation extends. Blocks it shares with other beams only lose a
    /// reference; the ones it held alone reach the free queue.
    private mutating func dropBeam(_ id: RequestID) {
        let freeBefore = kv.numFreeBlocks
        noteReleasedBeamTable(id)
        kv.free(sequence(id))
        let freed = kv.numFreeBlocks - freeBefore
        running.removeAll { $0 == id }
        let finishedStep = stepIndex - 1
        requests[id]?.status = .finished
        requests[id]?.isDroppedBeam = true
        requests[id]?.finishedStep = finishedStep
        finished.append(id)
        pendingEvents.append(.beamDropped(id, freedBlocks: freed))
    }

    /// Keeps a beam's block table on the request before its sequence is freed (other requests
    /// keep nothing: only beams are drawn after they let go of their blocks).
    mutating func noteReleasedBeamTable(_ id: RequestID) {
        let seq = sequence(id)
        guard requests[id]?.beamWidth != nil, kv.contains(seq) else { return }
        requests[id]?.releasedBeamTable = kv.blockTable(of: seq)
    }

    /// A new beam sharing every block of `source` (ref counts + 1), with its tokens and score.
    private mutating func forkBeam(_ source: RequestID, root: RequestID, index: Int) -> RequestID {
        let child = addFork(of: source) { original, id in
            var beam = original.runningCopy(as: id, parent: root, sampleIndex: index, beamWidth: original.beamWidth)
            beam.beamScore = original.beamScore
            beam.beamSource = source
            return beam
        }
        guard requests[child] != nil else { return child }
        // The request's beams stay together in the running list, in the order they were made.
        if let last = running.lastIndex(where: { $0 == root || requests[$0]?.parent == root }) {
            running.insert(child, at: last + 1)
        } else {
            running.append(child)
        }
        pendingEvents.append(.forked(parent: source, child: child))
        return child
    }
}

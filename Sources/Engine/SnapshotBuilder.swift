import KVCore

/// Turns an engine state into the immutable picture the UI draws.
struct SnapshotBuilder {
    let config: EngineConfig
    let state: EngineState
    let text: TokenText

    /// Given the snapshot of an adjacent step (one step earlier or later) of the same run, it
    /// rebuilds only the views of the requests either step touched or ran (`RequestViewDelta`)
    /// and of the blocks either step changed (`BlockViewDelta`), writing them into the previous
    /// snapshot's chunked arrays: a step costs what is in flight, not every request and block of
    /// the run. Hand `previous` over (the engine does): then those writes copy nothing. Without
    /// one it costs O(blocks + table entries + requests). Either way the result is the same as
    /// a full build (a test checks every step of long runs).
    func build(previous: consuming Snapshot? = nil) -> Snapshot {
        buildNoting(previous: previous).snapshot
    }

    /// `build(previous:)`, and whether it patched the previous snapshot's blocks (rather than
    /// drawing every block): the engine counts these for the tests.
    func buildNoting(previous: consuming Snapshot?) -> (snapshot: Snapshot, patchedBlocks: Bool) {
        let scheduler = state.scheduler
        let kv = scheduler.kv
        let chunks = state.lastPlan?.chunks ?? []
        // Each request's chunk and sampled token of this step, in one table (one lookup a view).
        let work = RequestStepWork(chunks: chunks, events: state.lastEvents)
        // A hybrid run's requests also show each KV cache group's table.
        let hasGroups = !kv.groups.isEmpty
        // A run with a model shows each request's tokens as text.
        let needsTokens = if case .decoder = config.mode { true } else { false }

        var views: RequestViews
        var requestIndex: RequestPositions
        // Positions of the requests holding blocks, ascending.
        var holders: [Int] = []
        var groups: RequestGroups
        // Each block's change this step, read from the new views' tables.
        let changes: StepChanges
        var picture: BlockPicture?
        // Held by `adjacent` alone (the parameter lets go), so that taking its arrays out below
        // leaves them unshared.
        var handed: Snapshot? = consume previous
        let adjacent = handed.flatMap { RequestViewDelta.touched(from: $0, to: state) }
        // Moved out of `handed`, not copied (a copy retains every array of the snapshot).
        if let dirty = adjacent, var previous = handed.take() {
            // Taken out of `previous`, so that the writes below find the chunks unshared.
            views = previous.requests
            previous.requests = RequestViews()
            requestIndex = previous.requestIndex
            var rebuilt: [RequestViewChange] = []
            rebuilt.reserveCapacity(dirty.count)
            // Each position once (the ids may repeat).
            var positions = IndexSet64(capacity: views.count)
            // A hybrid manager's other groups' tables are not told apart: asked for every view.
            let retabled = hasGroups ? nil
                : RetabledSequences(laterEvents: state.step > previous.step ? state.lastEvents : previous.events)
            for id in dirty {
                guard let position = requestIndex[id], !positions.contains(position),
                      scheduler.requests.contains(id) else { continue }
                positions.insert(position)
                views.update(position) { view in
                    rebuilt.append(RequestViewChange(position: position, old: view))
                    // From the header, read in place, when the view needs no token array: the
                    // compiler copies a request read whole (every array of it retained).
                    if !needsTokens, let header = scheduler.requests.header(id), !header.isBeam {
                        view = makeView(header, texts: [], beam: nil, kv: kv, work: work, hasGroups: hasGroups,
                                        label: view.label, color: view.colorIndex, table: view.blockTable,
                                        tableStands: retabled.map { !view.blockTable.isEmpty && !$0.contains(view.sequence) } ?? false,
                                        oldSequence: view.sequence)
                    } else if let made = scheduler.requests.read(id, {
                        makeView($0, kv: kv, work: work, hasGroups: hasGroups, label: view.label,
                                 color: view.colorIndex, table: view.blockTable)
                    }) {
                        view = made
                    }
                }
            }
            holders = previous.holders.filter { !positions.contains($0) }
            for item in rebuilt.indices where !views[rebuilt[item].position].blockTable.isEmpty {
                holders.append(rebuilt[item].position)
            }
            holders.sort()
            groups = previous.groups
            groups.update(rebuilt, views: views)
            changes = blockChanges(views: views, index: requestIndex)
            // A hybrid manager's other groups change blocks the primary table's delta does not
            // name: draw every block again.
            if previous.holdersAllRun, !hasGroups,
               let delta = BlockViewDelta(rebuilt: rebuilt, views: views, blockSize: kv.blockSize) {
                picture = patchedBlocks(&previous, delta: delta, views: views, changes: changes)
            }
        } else {
            let ordered = orderedRequests(scheduler)
            let labels = RequestLabels(ordered: ordered)
            requestIndex = RequestPositions()
            views = RequestViews()
            for (position, request) in ordered.enumerated() {
                requestIndex[request.id] = position
                let view = makeView(request, kv: kv, work: work, hasGroups: hasGroups,
                                    label: labels.label(request.id), color: labels.color(request.id))
                if !view.blockTable.isEmpty { holders.append(position) }
                views.append(view)
            }
            groups = RequestGroups(views)
            changes = blockChanges(views: views, index: requestIndex)
        }
        let blocks = picture ?? allBlocks(views: views, holders: holders, changes: changes)

        // The waiting queue is the preempted requests, then arrivals in arrival order: the
        // arrived ones are a prefix, found by bisection (a long run has thousands waiting).
        let waiting = scheduler.waiting
        var low = 0
        var high = waiting.count
        while low < high {
            let middle = (low + high) / 2
            let arrival = scheduler.requests.read(waiting[middle]) { $0.arrivalStep } ?? 0
            if arrival <= state.step { low = middle + 1 } else { high = middle }
        }
        let arrived = Array(waiting[..<low])

        var snapshot = Snapshot(
            step: state.step, blockSize: kv.blockSize, blocks: blocks.views, changedBlocks: blocks.changed,
            freeQueue: state.freeQueue ?? kv.freeQueue(), queueTakes: state.lastQueueTakes, workPerStep: state.workPerStep,
            requests: views,
            waiting: arrived,
            running: scheduler.running, chunks: chunks,
            events: state.lastEvents, counters: state.counters,
            memory: memoryFigures(kv: kv, tokenSlots: blocks.tokenSlots),
            prefixCaching: kv.enablePrefixCaching,
            sampling: scheduler.config.sampling, publishing: kv.publishing,
            swap: swapFigures(scheduler),
            isComplete: !scheduler.hasUnfinishedRequests,
            contiguous: state.contiguous.map { track in
                var view = track.view
                // Once the paged server is done: how many more steps the contiguous one needs.
                if !scheduler.hasUnfinishedRequests {
                    view.stepsToFinish = (track.knownFinishStep ?? track.finishStep) - state.step
                }
                return view
            },
            slotTokens: blocks.slotTokens, touchedBlocks: state.lastTouched, tokenSlots: blocks.tokenSlots,
            holdersAllRun: holders.allSatisfy { views[$0].status == .running },
            requestIndex: requestIndex, holders: holders,
            groups: groups, usedBlocks: kv.numUsedBlocks, cachedFreeBlocks: kv.numCachedFreeBlocks)
        snapshot.kvGroups = kv.groups
        let changeList = StepChangeList(snapshot)
        snapshot.changeList = changeList
        return (snapshot, picture != nil)
    }

    /// A request's view: its table read from `kv` (`old` itself when unchanged), this step's
    /// chunk and sampled token from `work`, and with `hasGroups` every KV-cache group's table.
    private func makeView(_ request: borrowing Request, kv: any BlockManager, work: RequestStepWork, hasGroups: Bool,
                          label: String, color: Int, table old: [BlockID] = []) -> RequestView {
        let texts: [String]
        if case .decoder = config.mode {
            texts = request.allTokens.map { text.text(of: $0) }
        } else {
            texts = []
        }
        return makeView(RequestHeader(request), texts: texts, beam: request.isBeam ? BeamView(copy request) : nil,
                        kv: kv, work: work, hasGroups: hasGroups, label: label, color: color, table: old)
    }

    /// `makeView` from the request's header, its tokens' texts and its beam figures. With
    /// `tableStands`, `old` is the table sequence `oldSequence` still holds (`RetabledSequences`):
    /// kept without asking the manager when the request still has that sequence.
    private func makeView(_ request: RequestHeader, texts: [String], beam: BeamView?, kv: any BlockManager,
                          work: RequestStepWork, hasGroups: Bool, label: String, color: Int,
                          table old: [BlockID], tableStands: Bool = false, oldSequence: SequenceID? = nil) -> RequestView {
        let seq = state.scheduler.sequence(request.id)
        let done = work[request.id]
        let kept = tableStands && seq == oldSequence
        let held = kept || kv.contains(seq)
        assert(!kept || (kv.contains(seq) && kv.blockTable(of: seq) == old), "\(request.id)'s table changed without a paging event naming it")
        let chunk = done.chunk
        // Built in one expression and returned as it is (a view changed after it is built was
        // copied on return).
        return RequestView(
            id: request.id, sequence: seq, label: label, colorIndex: color,
            status: request.status, promptLength: request.promptLength,
            outputLength: request.numTokens - request.promptLength, maxOutputTokens: request.maxOutputTokens,
            numComputedTokens: request.numComputedTokens, blockTable: kept ? old : held ? kv.blockTable(of: seq, reusing: old) : [],
            tokenTexts: texts,
            computedThisStep: chunk.map { $0.startPosition..<($0.startPosition + $0.numTokens) },
            sampledPosition: done.sampled ? request.numTokens - 1 : nil,
            prefixHitBlocks: request.prefixHitBlocks, preemptions: request.numPreemptions,
            parent: request.parent, arrivalStep: request.arrivalStep,
            sampling: !request.isBeam && (request.samples > 1 || request.parent != nil)
                ? request.sampling ?? state.scheduler.config.sampling : nil,
            beam: beam, groupTables: hasGroups && held ? GroupTableView.tables(of: seq, in: kv) : [])
    }

    /// Base requests by id, each followed by its forked samples.
    private func orderedRequests(_ scheduler: Scheduler) -> [Request] {
        // Ids are sorted, not requests: a request carries its token arrays, and this runs every
        // step for every request (300 in the frame benchmark).
        let all = scheduler.requests
        var roots: [RequestID] = []
        var children: [RequestID: [(sample: Int, id: RequestID)]] = [:]
        roots.reserveCapacity(all.count)
        all.forEach { request in
            if let parent = request.parent {
                children[parent, default: []].append((request.sampleIndex, request.id))
            } else {
                roots.append(request.id)
            }
        }
        roots.sort()
        var result: [Request] = []
        result.reserveCapacity(all.count)
        for id in roots {
            guard let request = all[id] else { continue }
            result.append(request)
            guard let samples = children[id] else { continue }
            for sample in samples.sorted(by: { ($0.sample, $0.id) < ($1.sample, $1.id) }) {
                if let child = all[sample.id] { result.append(child) }
            }
        }
        return result
    }

    /// The most telling change of each block this step (a copy beats a hit beats an
    /// allocation...), and the blocks that have one. A chunk's blocks are read from its
    /// request's new view (`views`, positions by `index`): its table is the manager's.
    private func blockChanges(views: RequestViews, index: RequestPositions) -> StepChanges {
        let kv = state.scheduler.kv
        var changes = StepChanges(numBlocks: kv.numBlocks)
        func rank(_ change: BlockChange) -> Int {
            switch change {
            case .copiedOnWrite: 7
            case .prefixHit: 6
            case .allocated: 5
            case .evicted: 4
            case .freed: 3
            case .published: 2
            case .written: 1
            }
        }
        let numBlocks = kv.numBlocks
        func mark(_ block: BlockID, _ change: BlockChange) {
            guard block.index >= 0, block.index < numBlocks else { return }
            if let old = changes[block.index], rank(old) >= rank(change) { return }
            changes.set(block.index, change)
        }
        let blockSize = kv.blockSize
        for chunk in state.lastPlan?.chunks ?? [] {
            guard let position = index[chunk.request], chunk.numTokens > 0 else { continue }
            let first = chunk.startPosition / blockSize
            let last = (chunk.startPosition + chunk.numTokens - 1) / blockSize
            let count = views[position].blockTable.count
            for logical in first...last {
                guard logical < count else { break }
                mark(views[position].blockTable[logical], .written)
            }
        }
        for case let .paging(event) in state.lastEvents {
            switch event {
            case let .allocated(_, block, _): mark(block, .allocated)
            case let .prefixHit(_, block, _): mark(block, .prefixHit)
            case let .evicted(block, _): mark(block, .evicted)
            case let .published(_, block, _): mark(block, .published)
            case let .freed(_, block, _): mark(block, .freed)
            case let .copiedOnWrite(_, _, to, _): mark(to, .copiedOnWrite)
            case .forked: break
            }
        }
        return changes
    }

    private func swapFigures(_ scheduler: Scheduler) -> SwapFigures? {
        guard scheduler.cpu.numBlocks > 0 else { return nil }
        let plan = state.lastPlan
        let moved = (plan?.swappedOut ?? []).reduce(0) { $0 + $1.gpu.count } + (plan?.swappedIn ?? []).reduce(0) { $0 + $1.gpu.count }
        return SwapFigures(cpuBlocks: scheduler.cpu.numBlocks, cpuUsedBlocks: scheduler.cpu.numUsedBlocks,
                           swappedOut: plan?.swappedOut ?? [], swappedIn: plan?.swappedIn ?? [],
                           bytesMovedThisStep: config.memory.map { moved * $0.blockBytes },
                           cpuTables: scheduler.cpu.tables)
    }

    private func memoryFigures(kv: some BlockManager, tokenSlots: Int) -> MemoryFigures? {
        guard let base = config.memory else { return nil }
        let pool = kv.numBlocks * base.blockBytes
        var figures = MemoryFigures(
            gpuBytes: base.gpuBytes, weightsBytes: base.weightsBytes, activationBytes: base.activationBytes,
            reserveBytes: base.reserveBytes, kvPoolBytes: pool,
            kvUsedBytes: kv.numUsedBlocks * base.blockBytes,
            kvCachedFreeBytes: kv.numCachedFreeBlocks * base.blockBytes,
            kvTokenBytes: tokenSlots * (base.blockBytes / max(1, kv.blockSize)),
            blockBytes: base.blockBytes, modelName: base.modelName, gpuName: base.gpuName)
        figures.nonTorchBytes = base.nonTorchBytes
        figures.anatomy = base.anatomy?.checked(against: base.blockBytes)
        return figures
    }
}

/// Short names and palette slots: A, B, ... Z, AA, AB ...; a forked sample is its parent's
/// letter and its sample number (A1, A2). Every name, samples included, takes the next palette
/// slot, so a sample differs from its parent by colour as well as by name.
struct RequestLabels {
    private var labels: [RequestID: String] = [:]
    private var colors: [RequestID: Int] = [:]

    init(ordered: [Request]) {
        labels.reserveCapacity(ordered.count)
        colors.reserveCapacity(ordered.count)
        var base = 0
        for (slot, request) in ordered.enumerated() {
            colors[request.id] = slot
            if let parent = request.parent {
                labels[request.id] = (labels[parent] ?? "?") + String(request.sampleIndex)
            } else {
                labels[request.id] = RequestLabels.letters(base)
                base += 1
            }
        }
    }

    /// A ... ZZ (702 labels), built once: every snapshot of a 300-request run names them all.
    private static let shortLabels: [String] = (0..<(26 + 26 * 26)).map(spelled)

    /// A, B, ... Z, AA, AB ...: from the table up to ZZ, spelled out past it.
    static func letters(_ index: Int) -> String {
        index >= 0 && index < shortLabels.count ? shortLabels[index] : spelled(index)
    }

    private static func spelled(_ index: Int) -> String {
        var bytes: [UInt8] = []
        var n = index
        repeat {
            bytes.append(UInt8(ascii: "A") + UInt8(n % 26))
            n = n / 26 - 1
        } while n >= 0
        return String(decoding: bytes.reversed(), as: UTF8.self)
    }

    func label(_ id: RequestID) -> String { labels[id] ?? "?" }
    func color(_ id: RequestID) -> Int { colors[id] ?? 0 }
}

import KVCore

/// Turns an engine state into the immutable picture the UI draws.
struct SnapshotBuilder {
    let config: EngineConfig
    let state: EngineState
    let text: TokenText

    /// Costs O(blocks + table entries + requests) with one array per request and none per block:
    /// it runs once per step, also for 8,000-block pools (the frame benchmark). Given the
    /// snapshot of an adjacent step (one step earlier or later) of the same run, it rebuilds only
    /// the views of the requests either step touched or ran, and shares the rest with it, so
    /// the request part costs what is in flight, not every request of the run (see
    /// `RequestViewDelta`); the result is the same as a full build (a test checks every step).
    func build(previous: Snapshot? = nil) -> Snapshot {
        let scheduler = state.scheduler
        let kv = scheduler.kv
        let changes = blockChanges()
        let chunks = state.lastPlan?.chunks ?? []
        let sampled = sampledRequests()
        var chunkByRequest: [RequestID: ScheduledChunk] = [:]
        chunkByRequest.reserveCapacity(chunks.count)
        for chunk in chunks { chunkByRequest[chunk.request] = chunk }
        func makeView(_ request: Request, label: String, color: Int) -> RequestView {
            let seq = scheduler.sequence(request.id)
            return view(of: request, sequence: seq, table: kv.contains(seq) ? kv.blockTable(of: seq) : [],
                        label: label, color: color, chunk: chunkByRequest[request.id],
                        sampled: sampled.contains(request.id))
        }

        var views: RequestViews
        let requestIndex: [RequestID: Int]
        // Positions of the requests holding blocks, ascending.
        var holders: [Int] = []
        var groups: RequestGroups
        if let previous, let dirty = RequestViewDelta.touched(from: previous, to: state) {
            views = previous.requests
            requestIndex = previous.requestIndex
            var rebuilt = Set<Int>()
            for id in dirty {
                guard let position = requestIndex[id], let request = scheduler.requests[id] else { continue }
                let old = views[position]
                views[position] = makeView(request, label: old.label, color: old.colorIndex)
                rebuilt.insert(position)
            }
            holders = previous.holders.filter { !rebuilt.contains($0) }
            holders += rebuilt.filter { !views[$0].blockTable.isEmpty }
            holders.sort()
            groups = previous.groups
            groups.update(rebuilt, old: previous.requests, views: views)
        } else {
            let ordered = orderedRequests(scheduler)
            let labels = RequestLabels(ordered: ordered)
            var index: [RequestID: Int] = [:]
            index.reserveCapacity(ordered.count)
            views = RequestViews()
            for (position, request) in ordered.enumerated() {
                index[request.id] = position
                let view = makeView(request, label: labels.label(request.id), color: labels.color(request.id))
                if !view.blockTable.isEmpty { holders.append(position) }
                views.append(view)
            }
            requestIndex = index
            groups = RequestGroups(views)
        }

        var owners = [[BlockOwner]](repeating: [], count: kv.numBlocks)
        // Per block, the most slots any holder has stored (K/V computed) and knows (tokens).
        var stored = [Int](repeating: 0, count: kv.numBlocks)
        var known = [Int](repeating: 0, count: kv.numBlocks)
        for position in holders {
            let request = views[position]
            let running = request.status == .running
            for (logical, block) in request.blockTable.enumerated() {
                if running { owners[block.index].append(BlockOwner(request: request.id, logicalIndex: logical)) }
                let start = logical * kv.blockSize
                stored[block.index] = max(stored[block.index], min(kv.blockSize, max(0, request.numComputedTokens - start)))
                known[block.index] = max(known[block.index], min(kv.blockSize, max(0, request.numTokens - start)))
            }
        }
        var queuePositions = [Int?](repeating: nil, count: kv.numBlocks)
        let freeQueue = kv.freeQueue()
        for (position, block) in freeQueue.enumerated() { queuePositions[block.index] = position }

        var blocks: [BlockView] = []
        blocks.reserveCapacity(kv.numBlocks)
        var tokenSlots = 0
        for index in 0..<kv.numBlocks {
            let id = BlockID(index)
            let refCount = kv.refCount(of: id)
            let filled = kv.filledSlots(of: id)
            if refCount > 0 { tokenSlots += filled }
            let hash = kv.hash(of: id)
            let fill: SlotFill
            if refCount > 0 {
                let held = max(known[index], filled)
                fill = SlotFill(stored: min(stored[index], held), pending: held - min(stored[index], held))
            } else {
                fill = hash != nil ? SlotFill(stored: filled, pending: 0) : .empty
            }
            blocks.append(BlockView(id: id, refCount: refCount, filledSlots: filled, fill: fill,
                                    hash: hash, owners: owners[index], change: changes[index],
                                    freeQueuePosition: queuePositions[index]))
        }

        // The waiting queue is the preempted requests, then arrivals in arrival order: the
        // arrived ones are a prefix.
        var arrived: [RequestID] = []
        for id in scheduler.waiting {
            guard (scheduler.requests[id]?.arrivalStep ?? 0) <= state.step else { break }
            arrived.append(id)
        }

        return Snapshot(
            step: state.step, blockSize: kv.blockSize, blocks: blocks, freeQueue: freeQueue,
            queueTakes: state.lastQueueTakes, workPerStep: state.workPerStep, requests: views,
            waiting: arrived,
            running: scheduler.running, chunks: chunks,
            events: state.lastEvents, counters: state.counters,
            memory: memoryFigures(kv: kv, tokenSlots: tokenSlots),
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
            slotTokens: kv.slotTokens, requestIndex: requestIndex, holders: holders,
            groups: groups)
    }

    private func view(of request: Request, sequence: SequenceID, table: [BlockID], label: String, color: Int,
                      chunk: ScheduledChunk?, sampled: Bool) -> RequestView {
        let texts: [String]
        if case .decoder = config.mode {
            texts = request.allTokens.map { text.text(of: $0) }
        } else {
            texts = []
        }
        let scheduler = state.scheduler
        return RequestView(
            id: request.id, sequence: sequence, label: label, colorIndex: color,
            status: request.status, promptLength: request.promptTokens.count,
            outputLength: request.outputTokens.count, maxOutputTokens: request.maxOutputTokens,
            numComputedTokens: request.numComputedTokens, blockTable: table, tokenTexts: texts,
            computedThisStep: chunk.map { $0.startPosition..<($0.startPosition + $0.numTokens) },
            sampledPosition: sampled ? request.numTokens - 1 : nil,
            prefixHitBlocks: request.prefixHitBlocks, preemptions: request.numPreemptions,
            parent: request.parent, arrivalStep: request.arrivalStep,
            sampling: !request.isBeam && (request.samples > 1 || request.parent != nil) ? scheduler.design(of: request) : nil,
            beam: BeamView(request))
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

    private func sampledRequests() -> Set<RequestID> {
        var ids = Set<RequestID>()
        for case let .sampled(id, _) in state.lastEvents { ids.insert(id) }
        return ids
    }

    /// The most telling change of each block this step (a copy beats a hit beats an allocation...).
    private func blockChanges() -> [BlockChange?] {
        let kv = state.scheduler.kv
        var changes = [BlockChange?](repeating: nil, count: kv.numBlocks)
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
        func mark(_ block: BlockID, _ change: BlockChange) {
            guard block.index >= 0, block.index < changes.count else { return }
            if let old = changes[block.index], rank(old) >= rank(change) { return }
            changes[block.index] = change
        }
        for chunk in state.lastPlan?.chunks ?? [] {
            let seq = state.scheduler.sequence(chunk.request)
            guard kv.contains(seq) else { continue }
            let table = kv.blockTable(of: seq)
            let first = chunk.startPosition / kv.blockSize
            let last = (chunk.startPosition + chunk.numTokens - 1) / kv.blockSize
            for logical in first...last where logical < table.count { mark(table[logical], .written) }
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

    private func memoryFigures(kv: KVCacheManager, tokenSlots: Int) -> MemoryFigures? {
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

import Engine
import KVCore
import TerminalCanvas

/// Applies one action to the state: the only place the app changes, in the Elm shape. It returns
/// the new state and the effects the run loop is to perform; it never performs them itself and
/// never calls itself. Anything that moves the engine more than a step (a replay for `p`, `c` or `k`,
/// Home, End, `j`) comes back as `.run(Job)`, with the state not yet moved. Never throws and
/// never traps: actions that make no sense right now (stepping past the end, a click on nothing)
/// are ignored.
public func update(_ state: consuming AppState, _ action: Action) -> (AppState, [Effect]) {
    let effects = state.apply(action)
    return (state, effects)
}

/// `update`, then every job it asks for performed at once, to the end: for recordings,
/// `kvviz check` and tests, where nothing waits for keys. Returns the effects left to the caller
/// (`.quit`).
@discardableResult
public func dispatch(_ state: inout AppState, _ action: Action) -> [Effect] {
    let (next, effects) = update(consume state, action)
    state = next
    var left: [Effect] = []
    for effect in effects {
        switch effect {
        case .quit, .leave: left.append(effect)
        case let .run(job): state = JobRun(job, on: consume state).finish()
        }
    }
    return left
}

extension AppState {
    /// What `update` does to the state for `action`, and the effects it hands back.
    mutating func apply(_ action: Action) -> [Effect] {
        if closeOverlays(for: action) { return [] }
        switch action {
        case .quit:
            return [.quit]
        case .escape:
            if showsHelp {
                showsHelp = false
            } else if inspected != nil {
                inspected = nil
            } else if focusedRequest != nil {
                focusedRequest = nil
            } else if focus != nil {
                focus = nil
            } else if focusMode {
                focusMode = false
            }
            // Never a quit (q quits): a second Esc after closing something must not end the session.
        case .toggleHelp:
            showsHelp.toggle()
        case .resize(let newSize):
            size = Size(width: max(0, newSize.width), height: max(0, newSize.height))
            clampCursor()
        case .toggleLanguage:
            language = language.toggled
        case .stepForward:
            isPlaying = false
            return stepForwardOrNextChapter()
        case .stepBack:
            isPlaying = false
            return stepBack()
        case .togglePlay:
            if engine.isComplete && !isPlaying {
                // At a chapter's end Space goes on to the next one, as Right does (the screen says so).
                if nextChapter != nil { return openChapter(chapterIndex + 1) }
                if leavesAfterThis { return [.leave] }
                // Played to the end: again from the start.
                isPlaying = true
                pendingSteps = 0
                return [.run(Job(work: .seek(target: 0)))]
            }
            isPlaying.toggle()
            pendingSteps = 0
        case .faster:
            speed = AppState.speeds.first { $0 > speed } ?? speed
        case .slower:
            speed = AppState.speeds.last { $0 < speed } ?? speed
        case .home:
            isPlaying = false
            return [.run(Job(work: .seek(target: 0)))]
        case .end:
            isPlaying = false
            return [.run(Job(work: .end(maxSteps: 100_000)))]
        case .nextPanel:
            focus = Panel.next(after: focus, in: layout)
            if focus == .tables, focusedRequest == nil { focusRequest(offset: 0) }
        case .nextMoment:
            isPlaying = false
            return jumpToNextMoment()
        case .otherKey:
            break
        case let .moveCursor(dx, dy):
            return moveCursor(dx: dx, dy: dy)
        case .inspect:
            inspectCursor()
        case let .click(x, y):
            click(Point(x: x, y: y))
        case let .scroll(x, y, lines):
            scroll(at: Point(x: x, y: y), lines: lines)
        case .cycleView:
            viewMode = viewMode.next
            refreshNarration()
            if let shown = focus, !shown.isShown(in: layout) { focus = nil }
            clampCursor()
        case .cycleContiguousPolicy:
            return replayWithNextContiguousPolicy()
        case .togglePrefixCaching:
            return replayWithPrefixCaching(!engine.prefixCaching)
        case let .cycleBlockSize(larger):
            return replayWithBlockSize(larger: larger)
        case .restart:
            return openChapter(chapterIndex)
        case let .tick(elapsed):
            tick(elapsedSeconds: elapsed)
        case .toggleFocusMode:
            focusMode.toggle()
            if let shown = focus, !shown.isShown(in: layout) { focus = nil }
            clampCursor()
        case .toggleMapping:
            toggleMapping()
            clampCursor()
        case .sweepAttention:
            toggleSweep()
            clampCursor()
        case .nextChapter:
            if leavesAfterThis { return [.leave] }
            return openChapter(chapterIndex + 1)
        case .previousChapter:
            return openChapter(chapterIndex - 1)
        }
        return []
    }
}

extension AppState {
    /// Playback never runs more than this many steps for one tick, so a stalled run loop does
    /// not jump far ahead when it wakes up.
    static let maxStepsPerTick = 4

    /// Straight to `step` (back is quick; forward walks and records every new step).
    mutating func seek(to step: Int) {
        moveEngine(.seek(step))
    }

    /// `p`: the same requests run again on screen with prefix caching switched, from step 0 to
    /// the step shown, so the narration is recorded from the run that is drawn; then the run as
    /// it was goes to its end, for the counter line's comparison. A job, not done here.
    func replayWithPrefixCaching(_ enabled: Bool) -> [Effect] {
        var config = engine.config
        config.prefixCaching = enabled
        return [.run(Job(work: .replay(configs: [config], step: engine.step, comparison: engine.config)))]
    }

    /// `c`: the run replayed with the next contiguous policy whose reservations fit the memory
    /// (max, pow2, oracle, round), so the baseline `v` shows can be compared on demand. A job:
    /// it tries the policies in that order.
    func replayWithNextContiguousPolicy() -> [Effect] {
        let all = ContiguousPolicy.allCases
        guard let current = engine.config.contiguousPolicy, let start = all.firstIndex(of: current) else { return [] }
        let configs = (1..<all.count).map { offset in
            var config = engine.config
            config.contiguousPolicy = all[(start + offset) % all.count]
            return config
        }
        return [.run(Job(work: .replay(configs: configs, step: engine.step, comparison: nil)))]
    }

    /// Chapter `index` from its start (`r`, PageUp/PageDown, Right or Space at a chapter's end):
    /// a job, since building a chapter's engine is work (a large pool, the toy model's weights);
    /// nothing for an index outside the tour.
    func openChapter(_ index: Int) -> [Effect] {
        chapters.indices.contains(index) ? [.run(Job(work: .chapter(index: index)))] : []
    }

    /// Right (or n, or j) at the end of a chapter goes on to the next one: that is the tour;
    /// after the last chapter, to the walkthrough that follows it (`followedBy`).
    mutating func stepForwardOrNextChapter() -> [Effect] {
        if engine.isComplete { return leavesAfterThis ? [.leave] : openChapter(chapterIndex + 1) }
        moveEngine(.forward)
        return []
    }

    mutating func tick(elapsedSeconds: Double) {
        guard elapsedSeconds.isFinite, elapsedSeconds > 0 else { return }
        // A running sweep holds playback until it has read the last block.
        if tickSweep(elapsedSeconds: elapsedSeconds) { return }
        guard isPlaying else { return }
        pendingSteps = min(pendingSteps + elapsedSeconds * speed, Double(Self.maxStepsPerTick))
        while pendingSteps >= 1 {
            pendingSteps -= 1
            if engine.isComplete {
                isPlaying = false
                break
            }
            moveEngine(.forward)
            if engine.isComplete || narration?.pause == true {
                isPlaying = false
                break
            }
        }
        if !isPlaying { pendingSteps = 0 }
    }

    /// The arrows: the grid's cursor, the focused table row or the sequences' scroll; outside
    /// the grid, Left and Right step through time (Right at a chapter's end opens the next one).
    mutating func moveCursor(dx: Int, dy: Int) -> [Effect] {
        let geometry = gridGeometry
        if focus == .tables, dy != 0 {
            focusRequest(offset: dy)
            return []
        }
        if focus == .sequences, dy != 0 {
            let visible = max(1, layout.sequences.height - 3)
            sequenceScroll = min(max(0, sequenceScroll + dy), max(0, snapshot.requests.count - visible))
            return []
        }
        guard focus == .grid, geometry.cellCount > 0 else {
            guard dy == 0, dx != 0 else { return [] }
            isPlaying = false
            if dx > 0 { return stepForwardOrNextChapter() }
            return stepBack()
        }
        let target = cursor + dx + dy * geometry.columns
        cursor = min(max(0, target), geometry.cellCount - 1)
        if inspected != nil { inspected = BlockID(geometry.blocks(inCell: cursor).lowerBound) }
        return []
    }

    /// Enter: opens the inspector on the cursor's block; in the inspector, shows the block as
    /// its tensors (when the run knows them); then closes it.
    mutating func inspectCursor() {
        if inspected != nil {
            if !inspectsTensors, snapshot.memory?.anatomy != nil {
                inspectsTensors = true
            } else {
                inspected = nil
            }
            return
        }
        inspectsTensors = false
        let geometry = gridGeometry
        let blocks = geometry.blocks(inCell: cursor)
        guard !blocks.isEmpty else { return }
        inspected = BlockID(inspectTarget(in: blocks))
    }

    /// Moves the focused request `offset` places among the requests holding blocks (0: the
    /// focused one, or the first).
    mutating func focusRequest(offset: Int) {
        let holders = snapshot.holders.map { snapshot.requests[$0].id }
        guard !holders.isEmpty else { return }
        guard let current = focusedRequest, let index = holders.firstIndex(of: current) else {
            focusedRequest = offset < 0 ? holders.last : holders.first
            return
        }
        focusedRequest = holders[min(max(0, index + offset), holders.count - 1)]
    }

    mutating func click(_ point: Point) {
        let tables = layout.tables
        if !tables.isEmpty, tables.contains(point) {
            let inner = tables.inset(by: 1)
            guard inner.contains(point) else { return }
            let lines = BlockTables.visibleLines(Frame(state: self), width: inner.width, height: inner.height)
            let row = point.y - inner.y
            guard row < lines.count, let request = lines[row].request(atColumn: point.x - inner.x) else { return }
            focus = .tables
            focusedRequest = focusedRequest == request ? nil : request
            return
        }
        let geometry = gridGeometry
        guard let cell = geometry.cell(at: point) else { return }
        focus = .grid
        cursor = cell
        inspected = BlockID(inspectTarget(in: geometry.blocks(inCell: cell)))
        inspectsTensors = false
    }

    /// The mouse wheel: the block tables move the focused request, the sequences scroll their
    /// rows, the grid moves its cursor a row; elsewhere nothing happens.
    mutating func scroll(at point: Point, lines: Int) {
        guard lines != 0 else { return }
        let layout = self.layout
        if !layout.tables.isEmpty, layout.tables.contains(point) {
            focus = .tables
            focusRequest(offset: lines > 0 ? 1 : -1)
        } else if !layout.sequences.isEmpty, layout.sequences.contains(point) {
            let visible = max(1, layout.sequences.height - 3)
            sequenceScroll = min(max(0, sequenceScroll + lines), max(0, snapshot.requests.count - visible))
        } else if gridGeometry.cellCount > 0, gridGeometry.cell(at: point) != nil || layout.grid.contains(point) {
            let geometry = gridGeometry
            cursor = min(max(0, cursor + (lines > 0 ? 1 : -1) * geometry.columns), geometry.cellCount - 1)
        }
    }

    /// In an aggregated cell, the most interesting block: a used one if any, else the first.
    private func inspectTarget(in blocks: Range<Int>) -> Int {
        blocks.first { snapshot.blocks[$0].refCount > 0 } ?? blocks.lowerBound
    }
}

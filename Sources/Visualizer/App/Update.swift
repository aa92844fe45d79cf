import Engine
import KVCore
import TerminalCanvas

/// Applies one action to the state: the only place the app changes. Never throws and never
/// traps: actions that make no sense right now (stepping past the end, a click on nothing) are
/// ignored.
public func update(_ state: inout AppState, _ action: Action) -> Effect {
    if state.closeOverlays(for: action) { return .none }
    switch action {
    case .quit:
        return .quit
    case .escape:
        if state.showsHelp {
            state.showsHelp = false
        } else if state.inspected != nil {
            state.inspected = nil
        } else if state.focusedRequest != nil {
            state.focusedRequest = nil
        } else if state.focus != nil {
            state.focus = nil
        } else if state.focusMode {
            state.focusMode = false
        }
        // Never a quit (q quits): a second Esc after closing something must not end the session.
    case .toggleHelp:
        state.showsHelp.toggle()
    case .resize(let size):
        state.size = Size(width: max(0, size.width), height: max(0, size.height))
        state.clampCursor()
    case .toggleLanguage:
        state.language = state.language.toggled
    case .stepForward:
        state.isPlaying = false
        state.stepForwardOrNextChapter()
    case .stepBack:
        state.isPlaying = false
        state.moveEngine(.back)
    case .togglePlay:
        if state.engine.isComplete && !state.isPlaying {
            // At a chapter's end Space goes on to the next one, as Right does (the screen says so).
            if state.nextChapter != nil {
                state.goToChapter(state.chapterIndex + 1)
                return .none
            }
            state.seek(to: 0)
        }
        state.isPlaying.toggle()
        state.pendingSteps = 0
    case .faster:
        state.speed = AppState.speeds.first { $0 > state.speed } ?? state.speed
    case .slower:
        state.speed = AppState.speeds.last { $0 < state.speed } ?? state.speed
    case .home:
        state.isPlaying = false
        state.seek(to: 0)
    case .end:
        state.isPlaying = false
        state.moveEngine(.end(maxSteps: 100_000))
    case .nextPanel:
        state.focus = Panel.next(after: state.focus, in: state.layout)
        if state.focus == .tables, state.focusedRequest == nil { state.focusRequest(offset: 0) }
    case .nextMoment:
        state.isPlaying = false
        state.jumpToNextMoment()
    case .otherKey:
        break
    case let .moveCursor(dx, dy):
        state.moveCursor(dx: dx, dy: dy)
    case .inspect:
        state.inspectCursor()
    case let .click(x, y):
        state.click(Point(x: x, y: y))
    case let .scroll(x, y, lines):
        state.scroll(at: Point(x: x, y: y), lines: lines)
    case .cycleView:
        state.viewMode = state.viewMode.next
        state.refreshNarration()
        if let focus = state.focus, !focus.isShown(in: state.layout) { state.focus = nil }
        state.clampCursor()
    case .cycleContiguousPolicy:
        state.replayWithNextContiguousPolicy()
    case .togglePrefixCaching:
        state.replayWithPrefixCaching(!state.engine.prefixCaching)
    case .restart:
        state.goToChapter(state.chapterIndex)
    case let .tick(elapsed):
        state.tick(elapsedSeconds: elapsed)
    case .toggleFocusMode:
        state.focusMode.toggle()
        if let focus = state.focus, !focus.isShown(in: state.layout) { state.focus = nil }
        state.clampCursor()
    case .toggleMapping:
        state.toggleMapping()
        state.clampCursor()
    case .sweepAttention:
        state.toggleSweep()
        state.clampCursor()
    case .nextChapter:
        state.goToChapter(state.chapterIndex + 1)
    case .previousChapter:
        state.goToChapter(state.chapterIndex - 1)
    }
    return .none
}

extension AppState {
    /// Playback never runs more than this many steps for one tick, so a stalled run loop does
    /// not jump far ahead when it wakes up.
    static let maxStepsPerTick = 4

    mutating func seek(to step: Int) {
        moveEngine(.seek(step))
    }

    /// `p`: the same requests run again on screen with prefix caching switched, from step 0 to
    /// the step shown, so the narration is recorded from the run that is drawn.
    mutating func replayWithPrefixCaching(_ enabled: Bool) {
        let before = engine.config
        var config = before
        config.prefixCaching = enabled
        if replay(config) {
            prefixComparison = PrefixComparison(config: before, requests: engine.requests)
        }
    }

    /// `c`: the run replayed with the next contiguous policy whose reservations fit the memory
    /// (max, pow2, oracle, round), so the baseline `v` shows can be compared on demand.
    mutating func replayWithNextContiguousPolicy() {
        let all = ContiguousPolicy.allCases
        guard let current = engine.config.contiguousPolicy, let start = all.firstIndex(of: current) else { return }
        for offset in 1..<all.count {
            var config = engine.config
            config.contiguousPolicy = all[(start + offset) % all.count]
            if replay(config) { return }
        }
    }

    /// The same requests run again with `config`, from step 0 to the step on screen.
    @discardableResult
    mutating func replay(_ config: EngineConfig) -> Bool {
        guard let fresh = try? Engine(config: config, requests: engine.requests) else { return false }
        let step = engine.step
        replaceEngine(fresh)
        seek(to: step)
        return true
    }

    /// Right at the end of a chapter goes on to the next one: that is the tour.
    mutating func stepForwardOrNextChapter() {
        if engine.isComplete {
            if chapterIndex + 1 < chapters.count { goToChapter(chapterIndex + 1) }
            return
        }
        moveEngine(.forward)
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

    mutating func moveCursor(dx: Int, dy: Int) {
        let geometry = gridGeometry
        if focus == .tables, dy != 0 {
            focusRequest(offset: dy)
            return
        }
        if focus == .sequences, dy != 0 {
            let visible = max(1, layout.sequences.height - 3)
            sequenceScroll = min(max(0, sequenceScroll + dy), max(0, snapshot.requests.count - visible))
            return
        }
        guard focus == .grid, geometry.cellCount > 0 else {
            // Outside the grid, Left and Right step through time instead.
            if dy == 0 && dx > 0 { _ = update(&self, .stepForward) }
            if dy == 0 && dx < 0 { _ = update(&self, .stepBack) }
            return
        }
        let target = cursor + dx + dy * geometry.columns
        cursor = min(max(0, target), geometry.cellCount - 1)
        if inspected != nil { inspected = BlockID(geometry.blocks(inCell: cursor).lowerBound) }
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

import TerminalCanvas

/// Draws the whole screen for `state` into `canvas` (already sized to `state.size`). Pure: the
/// same state always gives the same cells, which is what the golden tests rely on.
public func view(_ state: AppState, into canvas: inout Canvas) {
    drawPanels(state, into: &canvas)
    canvas.apply(state.appearance.glyphs)
}

/// Draws only the rows that print figures a narration cue can quote (title, memory bar, share
/// bars, narration, counter line), exactly as `view` draws them: what `kvviz check` reads back,
/// at a fraction of a whole frame's cost.
public func viewFigureRows(_ state: AppState, into canvas: inout Canvas) {
    drawPanels(state, into: &canvas, figuresOnly: true)
    canvas.apply(state.appearance.glyphs)
}

private func drawPanels(_ state: AppState, into canvas: inout Canvas, figuresOnly: Bool = false) {
    canvas.clear()
    let size = Size(width: min(state.size.width, canvas.width), height: min(state.size.height, canvas.height))
    let frame = Frame(state: state)
    let layout = frame.layout
    guard !layout.isTooSmall, size.covers(Layout.minimumSize) else {
        TooSmall.draw(size: size, on: &canvas)
        return
    }
    TitleBar.draw(frame, in: layout.title, on: &canvas)
    MemoryBar.draw(frame, in: layout.memory, on: &canvas)
    if figuresOnly {
        SharesPanel.draw(frame, in: layout.shares, on: &canvas)
        NarrationPanel.draw(frame, in: layout.narration, on: &canvas)
        StatusLines.drawCounter(frame, in: layout.counter, on: &canvas)
        return
    }
    BlockGrid.draw(frame, in: layout.grid, on: &canvas)
    BlockTables.draw(frame, in: layout.tables, on: &canvas)
    BeamTree.draw(frame, in: layout.beamTree, on: &canvas)
    SwapPool.draw(frame, in: layout.swapPool, on: &canvas)
    Sequences.draw(frame, in: layout.sequences, on: &canvas)
    Pictures.draw(frame, on: &canvas)
    ContiguousPanel.draw(frame, in: layout.contiguous, on: &canvas)
    SharesPanel.draw(frame, in: layout.shares, on: &canvas)
    ChangeStrip.draw(frame, in: layout.changes, on: &canvas)
    NarrationPanel.draw(frame, in: layout.narration, on: &canvas)
    StatusLines.drawCounter(frame, in: layout.counter, on: &canvas)
    StatusLines.drawKeys(frame, in: layout.keys, on: &canvas)
    if !state.isRecording {
        StatusLines.drawNextChapter(frame, in: layout.keys, on: &canvas)
        if state.showsOrientation {
            GuideOverlays.drawOrientation(frame, on: &canvas)
        } else if state.showsChapterCard {
            GuideOverlays.drawChapterCard(frame, on: &canvas)
        }
    }
    if let inspected = state.inspected {
        Inspector.draw(frame, block: inspected, in: layout.main, on: &canvas)
    }
    if state.showsHelp {
        HelpOverlay.draw(frame, in: Rect(x: 0, y: 1, width: size.width, height: size.height - 2), on: &canvas)
    }
}

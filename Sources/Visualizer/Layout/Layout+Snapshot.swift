import Engine
import TerminalCanvas

extension GridGeometry.Options {
    /// What a snapshot asks of the grid: room for its widest owner label (and the `~` of a
    /// sliding-window group's blocks in a hybrid model), token text when the run has some,
    /// enlarged slots in focus mode.
    init(_ snapshot: Snapshot, focusMode: Bool) {
        // Run-wide figures the snapshot keeps: no walk over every request.
        let windowMark = snapshot.hasWindowGroup ? 1 : 0
        self.init(ownerWidth: max(1, snapshot.groups.widestLabel) + windowMark, hasTokens: snapshot.groups.withTokenTexts > 0,
                  enlarged: focusMode)
    }
}

extension Layout {
    /// The grid for `snapshot` in this layout: what `view` draws and what clicks are mapped with.
    func gridGeometry(for snapshot: Snapshot) -> GridGeometry {
        gridGeometry(blockCount: snapshot.numBlocks, blockSize: snapshot.blockSize,
                     options: GridGeometry.Options(snapshot, focusMode: focusMode))
    }
}

import TerminalCanvas

/// The chapter's pictures in the rooms the layout made for them: the free-queue strip under
/// the grid, and one boxed picture under the block tables (the recompute triangle, else the
/// block's tensors).
enum Pictures {
    static func draw(_ frame: Frame, on canvas: inout Canvas) {
        FreeQueueStrip.draw(frame, in: frame.layout.queueStrip, on: &canvas)
        let pictures = frame.state.chapter.pictures
        if pictures.contains(.recomputeTriangle) {
            RecomputeTriangle.draw(frame, in: frame.layout.picture, on: &canvas)
        } else if pictures.contains(.blockAnatomy) {
            BlockAnatomyPicture.draw(frame, in: frame.layout.picture, on: &canvas)
        }
    }
}

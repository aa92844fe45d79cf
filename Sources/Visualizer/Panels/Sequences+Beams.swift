import Engine

extension Sequences {
    /// A beam's cumulative log-probability and fate, before its counts: "best · log p -4.21  ",
    /// "dropped · log p -6.02  ", "log p -3.10  "; empty for other requests and before a beam
    /// has a token.
    static func beamTag(_ frame: Frame, _ request: RequestView) -> String {
        guard let beam = request.beam, request.outputLength > 0 else { return "" }
        let score = "log p " + String(format: "%.2f", beam.score)
        if beam.isBest { return frame.tr("best · \(score)  ", "最佳 · \(score)  ") }
        if beam.isDropped { return frame.tr("dropped · \(score)  ", "已淘汰 · \(score)  ") }
        return score + "  "
    }
}

extension Sequences {
    /// Finished requests with the best beams first and dropped beams last (stable otherwise), so
    /// a search's result stays on screen when rows run out.
    static func beamsRanked(_ finished: [RequestView]) -> [RequestView] {
        guard finished.contains(where: { $0.beam != nil }) else { return finished }
        return finished.filter { $0.beam?.isBest == true }
            + finished.filter { $0.beam?.isBest != true && $0.beam?.isDropped != true }
            + finished.filter { $0.beam?.isDropped == true }
    }
}

import Engine

extension Chapter {
    /// A walkthrough file made into a chapter: its engine, its opening view and its narration,
    /// whose figures are rendered from the snapshot on screen.
    public init(_ run: ScenarioRun) throws {
        let scenario = run.scenario
        // One timeline per prefix-caching setting: `p` replays the run with the setting flipped,
        // and event narration must follow the run on screen, not the one the file describes.
        let engine = try run.makeEngine()
        let timelines = [
            engine.prefixCaching: NarrationTimeline(engine: engine, cues: run.cues()),
            !engine.prefixCaching: NarrationTimeline(engine: try engine.withPrefixCaching(!engine.prefixCaching), cues: run.cues()),
        ]
        let view: ViewMode
        switch scenario.view {
        case .paged: view = .paged
        case .contiguous: view = .contiguous
        case .compare: view = .compare
        }
        self.init(
            name: scenario.name,
            title: LocalizedText(en: scenario.title.en, zh: scenario.title.zh),
            summary: LocalizedText(en: scenario.summary.en, zh: scenario.summary.zh),
            initialView: view,
            makeEngine: { try run.makeEngine() },
            narrate: { snapshot in
                timelines[snapshot.prefixCaching]?.narration(for: snapshot).map {
                    NarrationText(text: LocalizedText(en: $0.en, zh: $0.zh), pause: $0.pause)
                }
            })
    }
}

import Engine

extension Chapter {
    /// A walkthrough file made into a chapter: its engine, its opening view and its narration,
    /// whose figures are rendered from the snapshot on screen.
    public init(_ run: ScenarioRun) throws {
        let scenario = run.scenario
        let timeline = NarrationTimeline(engine: try run.makeEngine(), cues: run.cues())
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
                timeline.narration(for: snapshot).map {
                    NarrationText(text: LocalizedText(en: $0.en, zh: $0.zh), pause: $0.pause)
                }
            })
    }
}

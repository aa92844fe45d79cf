import Engine
import KVScenario
import Visualizer

extension Chapter {
    /// A walkthrough file made into a chapter: its engine, its opening view and its narration.
    public init(_ run: ScenarioRun) {
        let scenario = run.scenario
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
            script: run.script())
        pictures = Set(scenario.pictures.map(Picture.init))
    }
}

extension Picture {
    /// The app's picture for a walkthrough's `pictures:` entry.
    init(_ picture: Scenario.Picture) {
        switch picture {
        case .freeQueue: self = .freeQueue
        case .blockAnatomy: self = .blockAnatomy
        case .recomputeTriangle: self = .recomputeTriangle
        }
    }
}

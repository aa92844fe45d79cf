import Engine
import Narration

extension ScenarioLoader {
    /// `show: [mapping, sweep]` (or one name) and `focus: 2`: the pictures a cue puts on screen
    /// and the request they are about. `focus` needs `show`, and names a request of the file.
    static func parsePictures(show: ScenarioNode?, focus: ScenarioNode?,
                              context: PlaceholderContext) throws(ScenarioError) -> NarrationPictures {
        var pictures = NarrationPictures()
        if let show {
            let items: [ScenarioNode]
            if case .scalar = show.node { items = [show] } else { items = try show.items() }
            if items.isEmpty { throw show.error(.noPicture) }
            for item in items { pictures.shown.insert(try item.choice(NarrationPicture.self)) }
        }
        if let focus {
            guard show != nil else { throw focus.error(.focusWithoutShow) }
            let request = try focus.int(atLeast: 0, expected: "a request id >= 0")
            if !context.requestIDs.contains(request) {
                throw focus.error(.unknownRequest(request, known: context.knownRequests))
            }
            pictures.focus = request
        }
        return pictures
    }
}

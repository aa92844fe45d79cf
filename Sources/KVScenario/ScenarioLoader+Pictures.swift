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
            if items.isEmpty {
                let names = NarrationPicture.allCases.map(\.rawValue).joined(separator: ", ")
                throw show.error("lists no picture; expected one or more of \(names)")
            }
            for item in items { pictures.shown.insert(try item.choice(NarrationPicture.self)) }
        }
        if let focus {
            guard show != nil else { throw focus.error("focus: names the request a picture shows; add show: [mapping] or remove focus:") }
            let request = try focus.int(atLeast: 0, expected: "a request id >= 0")
            if !context.requestIDs.contains(request) {
                throw focus.error("no request has id \(request); expected one of \(context.knownRequests)")
            }
            pictures.focus = request
        }
        return pictures
    }
}

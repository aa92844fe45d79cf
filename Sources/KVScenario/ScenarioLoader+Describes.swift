import Engine
import KVCore
import Narration

extension ScenarioLoader {
    /// `describes: {prefix_caching: true, contiguous: pow2, view: [compare, contiguous]}`: the
    /// mode a cue's claims hold in; elsewhere one line names that mode instead of the cue.
    static func parseDescribes(_ node: ScenarioNode) throws(ScenarioError) -> NarrationMode {
        let f = try node.fields(allowed: ["prefix_caching", "contiguous", "view"])
        guard !f.isEmpty else { throw node.error(.noMode) }
        var mode = NarrationMode()
        if let field = f["prefix_caching"] { mode.prefixCaching = try field.bool() }
        if let field = f["contiguous"] {
            var policies: [ContiguousPolicy] = []
            for item in try list(field) { policies.append(try item.choice(ContiguousPolicy.self)) }
            mode.contiguous = policies
        }
        if let field = f["view"] {
            var views: [String] = []
            for item in try list(field) { views.append(try item.choice(NarrationMode.views)) }
            mode.views = views
        }
        return mode
    }

    /// A scalar or a non-empty list of scalars.
    private static func list(_ node: ScenarioNode) throws(ScenarioError) -> [ScenarioNode] {
        if case .scalar = node.node { return [node] }
        let items = try node.items()
        guard !items.isEmpty else { throw node.error(.emptyModeList) }
        return items
    }
}

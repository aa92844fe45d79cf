import Foundation
import KVCore

extension ScenarioNode {
    /// `kv_groups: [full, sliding 32, sliding 32]`: one entry per KV-cache group, `full` or
    /// `sliding W` (a window of W tokens, 1 ... 1,000,000).
    func kvGroups() throws(ScenarioError) -> [GroupAttention] {
        let items = try items()
        guard !items.isEmpty else { throw error(.noKVGroups) }
        var groups: [GroupAttention] = []
        for item in items {
            let text = try item.string().trimmingCharacters(in: .whitespaces)
            if text == "full" {
                groups.append(.full)
                continue
            }
            let parts = text.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0] == "sliding", let window = Int(parts[1]), window > 0, window <= 1_000_000 else {
                throw item.error(.kvGroup(text))
            }
            groups.append(.slidingWindow(window))
        }
        return groups
    }
}

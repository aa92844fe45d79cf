import Engine
import KVCore

extension NarrationQuantity {
    /// The beam-search figures: `beams request=ID` (live beams of a beam-search request),
    /// `beams_forked_step`, `beams_dropped_step`, `beam_blocks_freed_step` (blocks dropped beams
    /// returned to the free queue this step), `copies_on_write_step`, and `best_beam request=ID`
    /// (1 once the request has finished and its best beam is marked).
    func beamValue(_ arguments: [String: String], snapshot: Snapshot) -> Int? {
        func members() -> [RequestView]? {
            guard let id = arguments["request"].flatMap(Int.init).map(RequestID.init) else { return nil }
            return snapshot.requests.filter { ($0.id == id || $0.parent == id) && $0.beam != nil }
        }
        switch self {
        case .beams:
            return members()?.filter { $0.status != .finished }.count
        case .bestBeam:
            return members().map { $0.contains { $0.beam?.isBest == true } ? 1 : 0 }
        case .beamsForkedStep:
            var count = 0
            for case .forked in snapshot.events { count += 1 }
            return count
        case .beamsDroppedStep:
            var count = 0
            for case .beamDropped in snapshot.events { count += 1 }
            return count
        case .beamBlocksFreedStep:
            var count = 0
            for case let .beamDropped(_, freed) in snapshot.events { count += freed }
            return count
        case .copiesOnWriteStep:
            var count = 0
            for case .paging(.copiedOnWrite) in snapshot.events { count += 1 }
            return count
        default:
            return nil
        }
    }
}

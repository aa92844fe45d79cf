import TerminalCanvas

/// The lines of a routed mapping: from each logical block's label, down to a track of the band,
/// along it to the gap column right of the physical block's cell, and down that column to the
/// cell. Lines that reach one block merge (a shared block is reached from two tables); lines
/// that only pass each other cross. Pure geometry, no drawing: what the mapping test reads back.
struct MappingRoutes: Equatable {
    /// One line: which entry of which table it draws, and the screen cells it runs through,
    /// from just under the logical label to the cell beside the physical block.
    struct Line: Equatable {
        let row: Int
        let logical: Int
        let block: Int
        let path: [Point]
        var start: Point { path[0] }
        var end: Point { path[path.count - 1] }
    }

    /// A line before routing: where it leaves its label and where it must end.
    struct Ends {
        let row: Int
        let logical: Int
        let block: Int
        /// Column under the label.
        let drop: Int
        /// Gap column beside the block's cell, and the row it ends on.
        let entry: Int
        let endRow: Int
    }

    let lines: [Line]
    /// Tracks the band used (rows between the labels and the grid).
    let tracks: Int

    /// Routes `ends` through `tracks` rows starting at `firstTrackRow`; nil when they need more.
    init?(_ ends: [Ends], firstTrackRow: Int, tracks available: Int) {
        guard let assigned = Self.assignTracks(ends), (assigned.max() ?? -1) < available else { return nil }
        tracks = (assigned.max() ?? -1) + 1
        lines = zip(ends, assigned).map { line, track in
            var path: [Point] = []
            let trackRow = firstTrackRow + max(0, track)
            if track < 0 {
                // Straight down: the label sits right above the gap column.
                for y in firstTrackRow...line.endRow { path.append(Point(x: line.drop, y: y)) }
            } else {
                for y in firstTrackRow...trackRow { path.append(Point(x: line.drop, y: y)) }
                let step = line.entry > line.drop ? 1 : -1
                var x = line.drop + step
                while x != line.entry + step {
                    path.append(Point(x: x, y: trackRow))
                    x += step
                }
                if line.endRow > trackRow {
                    for y in (trackRow + 1)...line.endRow { path.append(Point(x: line.entry, y: y)) }
                }
            }
            return Line(row: line.row, logical: line.logical, block: line.block, path: path)
        }
    }

    /// The lowest track each line can run on: horizontal runs on one track keep a column apart,
    /// except runs into the same gap column and block (they merge on purpose). -1: no track.
    static func assignTracks(_ ends: [Ends]) -> [Int]? {
        var tracks = [Int](repeating: -1, count: ends.count)
        var used: [[(ClosedRange<Int>, Int)]] = []
        let order = ends.indices.sorted { min(ends[$0].drop, ends[$0].entry) < min(ends[$1].drop, ends[$1].entry) }
        for index in order {
            let line = ends[index]
            guard line.drop != line.entry else { continue }
            let span = min(line.drop, line.entry)...max(line.drop, line.entry)
            let wide = (span.lowerBound - 1)...(span.upperBound + 1)
            var track = 0
            while track < used.count, used[track].contains(where: { $0.0.overlaps(wide) }) { track += 1 }
            if track == used.count { used.append([]) }
            used[track].append((span, line.block))
            tracks[index] = track
        }
        return tracks
    }

    /// Which of up, down, left, right each routed cell connects to, merged over every line; the
    /// first cell of a line also reaches up to its label and the last one left into its block.
    func joints() -> [Point: Joint] {
        var joints: [Point: Joint] = [:]
        for line in lines {
            joints[line.start, default: []].insert(.up)
            joints[line.end, default: []].insert(.left)
            for (from, to) in zip(line.path, line.path.dropFirst()) {
                let (out, back): (Joint, Joint) = to.x > from.x ? (.right, .left) : to.x < from.x ? (.left, .right)
                    : to.y > from.y ? (.down, .up) : (.up, .down)
                joints[from, default: []].insert(out)
                joints[to, default: []].insert(back)
            }
        }
        return joints
    }

    struct Joint: OptionSet, Hashable {
        let rawValue: UInt8
        static let up = Joint(rawValue: 1)
        static let down = Joint(rawValue: 2)
        static let left = Joint(rawValue: 4)
        static let right = Joint(rawValue: 8)

        /// The box-drawing glyph that joins these sides.
        var glyph: Character {
            switch (contains(.up), contains(.down), contains(.left), contains(.right)) {
            case (true, true, true, true): "┼"
            case (true, true, true, false): "┤"
            case (true, true, false, true): "├"
            case (true, false, true, true): "┴"
            case (false, true, true, true): "┬"
            case (true, false, true, false): "┘"
            case (true, false, false, true): "└"
            case (false, true, true, false): "┐"
            case (false, true, false, true): "┌"
            case (_, _, true, _), (_, _, _, true): contains(.up) || contains(.down) ? "┼" : "─"
            default: "│"
            }
        }
    }
}

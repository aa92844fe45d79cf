/// How much of a split one part takes, along the axis being split.
///
/// Fixed lengths are served first, then fractions (of the whole extent), and whatever remains
/// is shared by the `fill` parts in proportion to their weights. When space runs out, the
/// later parts shrink to zero rather than overflow: a split never leaves its rectangle.
public enum Length: Hashable, Sendable {
    /// Exactly this many cells (or what is left).
    case cells(Int)
    /// This share of the whole extent, rounded down (0.25 of 80 columns is 20).
    case fraction(Double)
    /// A share of the space left after `cells` and `fraction` parts, by weight.
    case fill(Int)

    /// A fill part of weight one.
    public static let fill = Length.fill(1)
}

/// The direction a rectangle is cut in.
public enum Axis: Hashable, Sendable {
    /// Parts side by side, left to right (columns).
    case horizontal
    /// Parts stacked, top to bottom (rows).
    case vertical
}

extension Rect {
    /// Cuts the rectangle into `lengths.count` consecutive parts along `axis`, with `spacing`
    /// empty cells between neighbours. Always returns one rectangle per length; parts that do not
    /// fit are empty. Leftover cells (rounding, or no `fill` part) stay unused at the end.
    public func split(_ axis: Axis, _ lengths: [Length], spacing: Int = 0) -> [Rect] {
        guard !lengths.isEmpty else { return [] }
        let extent = axis == .horizontal ? width : height
        let gap = max(0, spacing)
        let gaps = gap.multipliedReportingOverflow(by: lengths.count - 1).partialValue
        let sizes = Rect.distribute(max(0, extent - gaps), over: lengths)
        var parts: [Rect] = []
        parts.reserveCapacity(sizes.count)
        var offset = 0
        for size in sizes {
            let start = min(offset, extent)
            let length = min(size, extent - start)
            switch axis {
            case .horizontal:
                parts.append(Rect(x: x &+ start, y: y, width: length, height: height))
            case .vertical:
                parts.append(Rect(x: x, y: y &+ start, width: width, height: length))
            }
            offset = start + length + gap
        }
        return parts
    }

    /// Side-by-side columns of the given widths (see `split(_:_:spacing:)`).
    func splitHorizontally(sizes: [Int], spacing: Int = 0) -> [Rect] {
        split(.horizontal, sizes.map(Length.cells), spacing: spacing)
    }

    /// Side-by-side columns taking the given shares of the width.
    func splitHorizontally(fractions: [Double], spacing: Int = 0) -> [Rect] {
        split(.horizontal, fractions.map(Length.fraction), spacing: spacing)
    }

    /// Stacked rows of the given heights (see `split(_:_:spacing:)`).
    func splitVertically(sizes: [Int], spacing: Int = 0) -> [Rect] {
        split(.vertical, sizes.map(Length.cells), spacing: spacing)
    }

    /// Stacked rows taking the given shares of the height.
    func splitVertically(fractions: [Double], spacing: Int = 0) -> [Rect] {
        split(.vertical, fractions.map(Length.fraction), spacing: spacing)
    }

    /// The top `rows` rows and the rest below them: the usual way to peel off a title bar.
    public func sliceTop(_ rows: Int) -> (slice: Rect, remainder: Rect) {
        let parts = split(.vertical, [.cells(rows), .fill])
        return (parts[0], parts[1])
    }

    /// Cell counts for each length out of `total`, in the order given; their sum never exceeds `total`.
    static func distribute(_ total: Int, over lengths: [Length]) -> [Int] {
        var sizes = [Int](repeating: 0, count: lengths.count)
        var remaining = total
        for (index, length) in lengths.enumerated() {
            if case .cells(let cells) = length {
                sizes[index] = min(max(0, cells), remaining)
                remaining -= sizes[index]
            }
        }
        for (index, length) in lengths.enumerated() {
            if case .fraction(let share) = length {
                let wanted = share.isFinite ? Double(total) * min(max(share, 0), 1) : 0
                sizes[index] = wanted >= Double(remaining) ? remaining : Int(wanted.rounded(.down))
                remaining -= sizes[index]
            }
        }
        let weights = lengths.map { length -> Int in
            if case .fill(let weight) = length { return min(max(0, weight), 1 << 20) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0, remaining > 0 else { return sizes }
        var handedOut = 0
        for (index, weight) in weights.enumerated() where weight > 0 {
            let share = totalWeight.dividingFullWidth(remaining.multipliedFullWidth(by: weight)).quotient
            sizes[index] = share
            handedOut += share
        }
        // Rounding leftovers go to the first fill parts, one cell each.
        var leftover = remaining - handedOut
        for (index, weight) in weights.enumerated() where weight > 0 && leftover > 0 {
            sizes[index] += 1
            leftover -= 1
        }
        return sizes
    }
}

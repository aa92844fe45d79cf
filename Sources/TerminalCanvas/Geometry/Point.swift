/// A cell position on a canvas: `x` counts columns from the left, `y` rows from the top.
///
/// Coordinates may be negative or beyond the canvas; drawing simply clips, so layout code can
/// compute positions freely without guarding every edge.
public struct Point: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public static let zero = Point(x: 0, y: 0)

    /// This point moved by `dx` columns and `dy` rows.
    public func offset(dx: Int = 0, dy: Int = 0) -> Point {
        Point(x: x &+ dx, y: y &+ dy)
    }

    public var description: String { "(\(x), \(y))" }
}

/// A size in terminal cells. Negative inputs are stored as zero, so a size is always drawable.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Size(width: 0, height: 0)

    /// True when both dimensions are at least those of `other` (e.g. "is the terminal big enough").
    public func covers(_ other: Size) -> Bool {
        width >= other.width && height >= other.height
    }

    /// `120x40`, the form the CLI's `--size` option uses.
    public var description: String { "\(width)x\(height)" }
}

/// An axis-aligned rectangle of cells: the area a panel draws into.
///
/// Width and height are never negative (the initializer clamps them), so every rectangle,
/// including one produced by insetting or splitting a too-small area, is safe to draw into:
/// an empty rectangle simply draws nothing. Arithmetic saturates instead of trapping, so
/// absurd coordinates from a bug upstream clip rather than crash.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(origin: Point, size: Size) {
        self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var origin: Point { Point(x: x, y: y) }
    public var size: Size { Size(width: width, height: height) }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var area: Int { width.multipliedReportingOverflow(by: height).partialValue }

    /// First column inside the rectangle.
    public var minX: Int { x }
    /// First row inside the rectangle.
    public var minY: Int { y }
    /// First column past the right edge (exclusive).
    public var maxX: Int { x.addingReportingOverflow(width).overflow ? Int.max : x + width }
    /// First row past the bottom edge (exclusive).
    public var maxY: Int { y.addingReportingOverflow(height).overflow ? Int.max : y + height }

    /// True when `point` is one of the rectangle's cells (an empty rectangle contains nothing).
    public func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x < maxX && point.y >= minY && point.y < maxY
    }

    /// True when every cell of `other` lies inside this rectangle (an empty `other` always does).
    public func contains(_ other: Rect) -> Bool {
        other.isEmpty
            || (other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY)
    }

    /// The cells both rectangles share; an empty rectangle (at a clamped origin) when they are disjoint.
    func intersection(_ other: Rect) -> Rect {
        let left = max(minX, other.minX)
        let top = max(minY, other.minY)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else {
            return Rect(x: left, y: top, width: 0, height: 0)
        }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by the given margins on each side; empty (never negative) when the
    /// margins exceed the size. Negative margins grow it.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(
            x: x &+ left,
            y: y &+ top,
            width: width &- left &- right,
            height: height &- top &- bottom
        )
    }

    /// The rectangle shrunk by `amount` on all four sides (one cell for the inside of a box).
    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }

    /// The same size moved by `dx` columns and `dy` rows.
    public func offset(dx: Int = 0, dy: Int = 0) -> Rect {
        Rect(x: x &+ dx, y: y &+ dy, width: width, height: height)
    }

    public var description: String { "\(width)x\(height)@(\(x), \(y))" }
}

import TerminalCanvas

/// Where every panel goes for one terminal size and view: a pure function of its inputs, shared
/// by `view` (to draw) and `update` (to map a click back to a block), so the two never disagree.
struct Layout: Sendable, Equatable {
    static let minimumSize = Size(width: 80, height: 24)

    public let size: Size
    let isTooSmall: Bool
    public var title = Rect.zero
    public var memory = Rect.zero
    /// Boxed panels; `.zero` when the view does not show them.
    public var grid = Rect.zero
    public var tables = Rect.zero
    public var sequences = Rect.zero
    public var contiguous = Rect.zero
    public var shares = Rect.zero
    /// Pictures a run may ask for (`placePictures`): the beam tree and the CPU swap pool.
    public var beamTree = Rect.zero
    public var swapPool = Rect.zero
    public var narration = Rect.zero
    /// One line above the narration: this step's events in words (the change strip).
    public var changes = Rect.zero
    public var counter = Rect.zero
    public var keys = Rect.zero
    /// The area overlays (inspector, help) are centred in.
    public var main = Rect.zero
    /// One row under the grid and the tables: the free queue, head to tail (`free_queue`).
    public var queueStrip = Rect.zero
    /// A boxed picture under the block tables (`block_anatomy`, `recompute_triangle`).
    public var picture = Rect.zero

    /// Focus mode (`f`, `--focus`): the grid and the block tables take the whole main area.
    public let focusMode: Bool

    /// `sequenceRows` is how many requests the sequences panel lists: when they need fewer rows
    /// than its default share, the grid and the block tables above get the room.
    /// `pictures` are the chapter's pictures; the paged view makes room for them.
    public init(size: Size, viewMode: ViewMode, focusMode: Bool = false, sequenceRows: Int = .max,
                pictures: Set<Picture> = []) {
        self.focusMode = focusMode
        self.size = size
        isTooSmall = size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
        guard !isTooSmall else { return }
        let width = size.width
        let roomy = size.height >= 36
        let narrationHeight = roomy ? 5 : 4
        title = Rect(x: 0, y: 0, width: width, height: 1)
        memory = Rect(x: 0, y: 1, width: width, height: 2)
        keys = Rect(x: 0, y: size.height - 1, width: width, height: 1)
        counter = Rect(x: 0, y: size.height - 2, width: width, height: 1)
        narration = Rect(x: 0, y: size.height - 2 - narrationHeight, width: width, height: narrationHeight)
        changes = Rect(x: 0, y: narration.y - 1, width: width, height: 1)
        main = Rect(x: 0, y: 3, width: width, height: changes.y - 3)

        var topHeight = viewMode == .compare ? max(main.height - 5, main.height / 2) : (main.height * 3 + 2) / 5
        if viewMode != .compare {
            let needed = sequenceRows == .max ? Int.max : max(3, sequenceRows) + 2
            topHeight = max(topHeight, main.height - needed)
        }
        if focusMode && viewMode == .paged { topHeight = main.height }
        let top = Rect(x: 0, y: main.y, width: width, height: topHeight)
        let bottom = Rect(x: 0, y: main.y + topHeight, width: width, height: main.height - topHeight)
        let leftWidth = width / 2
        let left = Rect(x: 0, y: top.y, width: leftWidth, height: top.height)
        let right = Rect(x: leftWidth, y: top.y, width: width - leftWidth, height: top.height)
        switch viewMode {
        case .paged:
            grid = left
            tables = right
            sequences = focusMode ? .zero : bottom
            if !focusMode { makeRoom(for: pictures) }
        case .contiguous:
            contiguous = top
            sequences = bottom
        case .compare:
            grid = left
            contiguous = right
            shares = bottom
        }
    }

    /// The free-queue strip takes the last row of the grid and tables; a boxed picture the
    /// lower part of the tables (they keep a header and a row or more).
    private mutating func makeRoom(for pictures: Set<Picture>) {
        if pictures.contains(.freeQueue), grid.height > 6 {
            grid.height -= 1
            tables.height -= 1
            queueStrip = Rect(x: 0, y: grid.maxY, width: size.width, height: 1)
        }
        if !pictures.isDisjoint(with: [.blockAnatomy, .recomputeTriangle]), tables.height >= 8 {
            let height = tables.height - (tables.height >= 10 ? max(4, tables.height * 2 / 5) : 3)
            tables.height -= height
            picture = Rect(x: tables.x, y: tables.maxY, width: tables.width, height: height)
        }
    }

    /// The inside of the grid box (the box takes one cell on each side).
    var gridContent: Rect { grid.isEmpty ? .zero : grid.inset(by: 1) }

    func gridGeometry(blockCount: Int, blockSize: Int = 0,
                             options: GridGeometry.Options = GridGeometry.Options()) -> GridGeometry {
        GridGeometry(area: gridContent, blockCount: blockCount, blockSize: blockSize, options: options)
    }
}

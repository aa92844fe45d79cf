import Engine
import KVCore
import TerminalCanvas

/// The CPU block pool of swapping preemption (the paper, vLLM v0) as its own small grid under
/// the GPU grid: one cell per CPU block with the label of the request whose K/V it holds, the
/// blocks copied out this step marked `↓` and the ones copied back to the GPU `↑` (free again),
/// and the step's traffic in words: which GPU blocks went to which CPU blocks and the bytes, one
/// block's bytes (the memory model) times the blocks moved.
enum SwapPool {
    /// Columns of one cell: the owner label and the move mark, then a gap unless `tight`.
    static func cellWidth(_ snapshot: Snapshot, tight: Bool = false) -> Int {
        max(1, min(3, snapshot.groups.widestLabel)) + (tight ? 1 : 2)
    }

    static func labelWidth(_ swap: SwapFigures) -> Int { String(max(0, swap.cpuBlocks - 1)).count + 1 }

    /// Cells per row inside `width` columns.
    static func columns(_ snapshot: Snapshot, _ swap: SwapFigures, width: Int, tight: Bool = false) -> Int {
        max(1, min(swap.cpuBlocks, (width - labelWidth(swap)) / cellWidth(snapshot, tight: tight)))
    }

    /// Rows of cells inside a box `width` columns wide (the box's sides included).
    static func cellRows(_ snapshot: Snapshot, width: Int, tight: Bool = false) -> Int {
        guard let swap = snapshot.swap, swap.cpuBlocks > 0 else { return 0 }
        let columns = columns(snapshot, swap, width: width - 2, tight: tight)
        return (swap.cpuBlocks + columns - 1) / columns
    }

    /// What happened to each CPU block this step.
    enum Move { case none, out, back }

    struct Cell {
        /// The request whose K/V the block holds (nil: free).
        let owner: RequestID?
        let move: Move
        /// For a block copied back this step (free again): the request it went back to.
        var returnedTo: RequestID? = nil
    }

    static func cells(_ swap: SwapFigures) -> [Cell] {
        var owners = [RequestID?](repeating: nil, count: swap.cpuBlocks)
        for (request, blocks) in swap.cpuTables {
            for block in blocks where block >= 0 && block < owners.count { owners[block] = request }
        }
        var moves = [Move](repeating: .none, count: swap.cpuBlocks)
        var returned = [RequestID?](repeating: nil, count: swap.cpuBlocks)
        for transfer in swap.swappedOut { for block in transfer.cpu where block >= 0 && block < moves.count { moves[block] = .out } }
        for transfer in swap.swappedIn {
            for block in transfer.cpu where block >= 0 && block < moves.count {
                moves[block] = .back
                returned[block] = transfer.request
            }
        }
        return owners.indices.map { Cell(owner: owners[$0], move: moves[$0], returnedTo: returned[$0]) }
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty, let swap = frame.snapshot.swap else { return }
        let title = frame.tr("CPU pool \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)", "CPU 池 \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)")
        let inner = frame.panel(rect, title: title, on: &canvas)
        guard !inner.isEmpty else { return }
        let theme = frame.theme
        // Cells without a gap only when the box has no row for them otherwise.
        let tight = cellRows(frame.snapshot, width: rect.width) > inner.height
        let columns = columns(frame.snapshot, swap, width: inner.width, tight: tight)
        let rows = (swap.cpuBlocks + columns - 1) / columns
        let label = labelWidth(swap)
        let width = cellWidth(frame.snapshot, tight: tight)
        for (index, cell) in cells(swap).enumerated() {
            let row = index / columns
            guard row < inner.height else { break }
            let y = inner.y + row
            if index % columns == 0 {
                let number = String(index)
                canvas.put(number, at: Point(x: inner.x + label - 1 - number.count, y: y), style: theme.faint, clip: inner)
            }
            let x = inner.x + label + (index % columns) * width
            // A block copied back shows, dim, whose K/V just left it.
            let text = (cell.owner ?? cell.returnedTo).map { frame.label($0) } ?? String(GlyphTable.emptySlot)
            let style = cell.owner.map { frame.ownerStyle($0) } ?? (cell.returnedTo != nil ? theme.dim : theme.faint)
            canvas.put(text, at: Point(x: x, y: y), style: cell.move == .none ? style : style.bolded().underlined(), clip: inner)
            let mark = cell.move == .out ? "↓" : (cell.move == .back ? "↑" : "")
            if !mark.isEmpty {
                canvas.put(mark, at: Point(x: x + DisplayWidth.of(text), y: y), style: theme.warning, clip: inner)
            }
        }
        let style = moving(swap) ? theme.warning : theme.dim
        if rows < inner.height {
            let traffic = trafficForms(frame, swap).first { DisplayWidth.of($0) <= inner.width } ?? ""
            canvas.put(traffic, at: Point(x: inner.x, y: inner.y + rows), style: style, clip: inner)
        } else if moving(swap), let traffic = trafficForms(frame, swap).first(where: { DisplayWidth.of($0) + 4 <= rect.width }) {
            // No row left inside: the traffic goes on the bottom border.
            canvas.put(" " + traffic + " ", at: Point(x: rect.x + 1, y: rect.maxY - 1), style: style, clip: rect)
        }
    }

    static func moving(_ swap: SwapFigures) -> Bool { !swap.swappedOut.isEmpty || !swap.swappedIn.isEmpty }

    /// The step's traffic, longest form first: `↓ out #7 #10 → 0 1 · 2 × 2 KiB = 4 KiB` (GPU
    /// blocks to CPU blocks, then one block's bytes times the blocks moved), the same for `↑ in`,
    /// then the bytes alone, then the counts; `no copies this step` on a quiet step.
    static func trafficForms(_ frame: Frame, _ swap: SwapFigures) -> [String] {
        guard moving(swap) else { return [frame.tr("no copies this step", "本步无复制")] }
        func blocks(_ transfers: [SwapTransfer], out: Bool) -> String? {
            guard !transfers.isEmpty else { return nil }
            let gpu = transfers.flatMap(\.gpu).map { "#\($0.index)" }.joined(separator: " ")
            let cpu = transfers.flatMap(\.cpu).map(String.init).joined(separator: " ")
            return out ? frame.tr("↓ out \(gpu) → \(cpu)", "↓ 换出 \(gpu) → \(cpu)")
                       : frame.tr("↑ in \(cpu) → \(gpu)", "↑ 换入 \(cpu) → \(gpu)")
        }
        func counts() -> String {
            let out = swap.swappedOut.reduce(0) { $0 + $1.gpu.count }
            let back = swap.swappedIn.reduce(0) { $0 + $1.gpu.count }
            return [out > 0 ? frame.tr("↓ out \(out)", "↓ 换出 \(out)") : nil,
                    back > 0 ? frame.tr("↑ in \(back)", "↑ 换入 \(back)") : nil].compactMap { $0 }.joined(separator: " ")
        }
        let moves = [blocks(swap.swappedOut, out: true), blocks(swap.swappedIn, out: false)].compactMap { $0 }.joined(separator: " · ")
        let moved = (swap.swappedOut + swap.swappedIn).reduce(0) { $0 + $1.gpu.count }
        guard let bytes = swap.bytesMovedThisStep else { return [moves, counts()] }
        let total = ByteCount.binary(bytes, fractionDigits: 1)
        var forms: [String] = []
        if let block = frame.snapshot.memory?.blockBytes, block * moved == bytes {
            forms.append(moves + " · \(moved) × \(ByteCount.binary(block, fractionDigits: 1)) = \(total)")
        }
        forms.append(moves + " · " + total)
        forms.append(counts() + " · " + total)
        return forms
    }
}

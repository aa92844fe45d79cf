import Engine
import KVCore
import TerminalCanvas

/// The CPU block pool of swapping preemption (the paper, vLLM v0) as its own small grid under
/// the GPU grid: one cell per CPU block with the label of the request whose K/V it holds, the
/// blocks copied out this step marked `↓` and the ones copied back to the GPU `↑` (free again),
/// and the step's traffic in words: which GPU blocks went to which CPU blocks and the bytes, one
/// block's bytes (the memory model) times the blocks moved.
enum SwapPool {
    /// Columns of one cell: the owner label, the move mark, a gap.
    static func cellWidth(_ snapshot: Snapshot) -> Int { max(1, min(3, snapshot.groups.widestLabel)) + 2 }

    static func labelWidth(_ swap: SwapFigures) -> Int { String(max(0, swap.cpuBlocks - 1)).count + 1 }

    /// Cells per row inside `width` columns.
    static func columns(_ snapshot: Snapshot, _ swap: SwapFigures, width: Int) -> Int {
        max(1, min(swap.cpuBlocks, (width - labelWidth(swap)) / cellWidth(snapshot)))
    }

    /// Rows of cells inside a box `width` columns wide (the box's sides included).
    static func cellRows(_ snapshot: Snapshot, width: Int) -> Int {
        guard let swap = snapshot.swap, swap.cpuBlocks > 0 else { return 0 }
        let columns = columns(snapshot, swap, width: width - 2)
        return (swap.cpuBlocks + columns - 1) / columns
    }

    /// What happened to each CPU block this step.
    enum Move { case none, out, back }

    struct Cell {
        let owner: RequestID?
        let move: Move
    }

    static func cells(_ swap: SwapFigures) -> [Cell] {
        var owners = [RequestID?](repeating: nil, count: swap.cpuBlocks)
        for (request, blocks) in swap.cpuTables {
            for block in blocks where block >= 0 && block < owners.count { owners[block] = request }
        }
        var moves = [Move](repeating: .none, count: swap.cpuBlocks)
        for transfer in swap.swappedOut { for block in transfer.cpu where block >= 0 && block < moves.count { moves[block] = .out } }
        for transfer in swap.swappedIn { for block in transfer.cpu where block >= 0 && block < moves.count { moves[block] = .back } }
        return zip(owners, moves).map { Cell(owner: $0, move: $1) }
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty, let swap = frame.snapshot.swap else { return }
        let title = frame.tr("CPU pool \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)", "CPU 池 \(swap.cpuUsedBlocks)/\(swap.cpuBlocks)")
        let inner = frame.panel(rect, title: title, on: &canvas)
        guard !inner.isEmpty else { return }
        let theme = frame.theme
        let columns = columns(frame.snapshot, swap, width: inner.width)
        let rows = (swap.cpuBlocks + columns - 1) / columns
        let label = labelWidth(swap)
        let width = cellWidth(frame.snapshot)
        for (index, cell) in cells(swap).enumerated() {
            let row = index / columns
            guard row < inner.height else { break }
            let y = inner.y + row
            if index % columns == 0 {
                let number = String(index)
                canvas.put(number, at: Point(x: inner.x + label - 1 - number.count, y: y), style: theme.faint, clip: inner)
            }
            let x = inner.x + label + (index % columns) * width
            let text = cell.owner.map { frame.label($0) } ?? String(GlyphTable.emptySlot)
            let style = cell.owner.map { frame.ownerStyle($0) } ?? theme.faint
            canvas.put(text, at: Point(x: x, y: y), style: cell.move == .none ? style : style.bolded().underlined(), clip: inner)
            let mark = cell.move == .out ? "↓" : (cell.move == .back ? "↑" : "")
            if !mark.isEmpty {
                canvas.put(mark, at: Point(x: x + DisplayWidth.of(text), y: y), style: theme.warning, clip: inner)
            }
        }
        let traffic = trafficText(frame, swap)
        if rows < inner.height {
            canvas.put(traffic, at: Point(x: inner.x, y: inner.y + rows), style: moving(swap) ? theme.warning : theme.dim, clip: inner)
        } else if moving(swap), DisplayWidth.of(traffic) + 4 <= rect.width {
            // No row left inside: the traffic goes on the bottom border.
            canvas.put(" " + traffic + " ", at: Point(x: rect.x + 1, y: rect.maxY - 1), style: theme.warning, clip: rect)
        }
    }

    static func moving(_ swap: SwapFigures) -> Bool { !swap.swappedOut.isEmpty || !swap.swappedIn.isEmpty }

    /// `↓ out #7 #10 → 0 1 · 2 × 2 KiB = 4 KiB` (GPU blocks to CPU blocks, then the bytes), the
    /// same for `↑ in`; both when a step has both; `no copies this step` otherwise.
    static func trafficText(_ frame: Frame, _ swap: SwapFigures) -> String {
        guard moving(swap) else { return frame.tr("no copies this step", "本步无复制") }
        func blocks(_ transfers: [SwapTransfer], out: Bool) -> String? {
            guard !transfers.isEmpty else { return nil }
            let gpu = transfers.flatMap(\.gpu).map { "#\($0.index)" }.joined(separator: " ")
            let cpu = transfers.flatMap(\.cpu).map(String.init).joined(separator: " ")
            return out ? frame.tr("↓ out \(gpu) → \(cpu)", "↓ 换出 \(gpu) → \(cpu)")
                       : frame.tr("↑ in \(cpu) → \(gpu)", "↑ 换入 \(cpu) → \(gpu)")
        }
        var parts = [blocks(swap.swappedOut, out: true), blocks(swap.swappedIn, out: false)].compactMap { $0 }
        let moved = (swap.swappedOut + swap.swappedIn).reduce(0) { $0 + $1.gpu.count }
        if let bytes = swap.bytesMovedThisStep {
            let total = ByteCount.binary(bytes, fractionDigits: 1)
            if let block = frame.snapshot.memory?.blockBytes, block * moved == bytes {
                parts.append("\(moved) × \(ByteCount.binary(block, fractionDigits: 1)) = \(total)")
            } else {
                parts.append(total)
            }
        }
        return parts.joined(separator: " · ")
    }
}

import Engine
import KVCore
import TerminalCanvas

/// Rows 1-2: the GPU's memory to scale (weights | KV used | KV cached but free | KV free |
/// activations | reserve) with labels in binary units, or the block pool alone when the run has
/// no memory picture.
enum MemoryBar {
    struct Segment {
        let name: String
        let amount: Int
        let glyph: Character
        let color: Palette.Swatch
        let label: String
    }

    static func draw(_ frame: Frame, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height >= 1, rect.width > 12 else { return }
        let (heading, segments) = segmentsFor(frame)
        let headingWidth = DisplayWidth.of(heading) + 1
        canvas.put(heading, at: rect.origin, style: frame.theme.heading, clip: rect)
        let swapWidth = SwapSegment.draw(frame, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1),
                                         barStart: rect.x + headingWidth, on: &canvas)
        let barRect = Rect(x: rect.x + headingWidth, y: rect.y, width: rect.width - headingWidth - 1 - swapWidth, height: 1)
        let widths = proportionalWidths(segments.map(\.amount), width: barRect.width)
        var x = barRect.x
        for (segment, width) in zip(segments, widths) where width > 0 {
            let style = frame.theme.swatch(segment.color)
            canvas.fill(Rect(x: x, y: rect.y, width: width, height: 1), glyph: segment.glyph, style: style)
            x += width
        }
        guard rect.height >= 2 else { return }
        MemoryLegend.draw(frame, segments, barX: rect.x + headingWidth, in: rect.offset(dy: 1), on: &canvas)
    }

    static func segmentsFor(_ frame: Frame) -> (String, [Segment]) {
        let snapshot = frame.snapshot
        // The contiguous view draws the contiguous server's memory: its KV part is what that
        // server has reserved (used or not), not what the paged pool holds.
        let contiguous = frame.state.viewMode == .contiguous ? snapshot.contiguous : nil
        if let memory = snapshot.memory {
            var kvUsed = memory.kvUsedBytes
            var kvCached = memory.kvCachedFreeBytes
            if let contiguous {
                let perSlot = memory.blockBytes / max(1, snapshot.blockSize)
                let slots = contiguous.tokenStateSlots + contiguous.reservedSlots + contiguous.internalFragmentationSlots
                kvUsed = min(memory.kvPoolBytes, slots * perSlot)
                kvCached = 0
            }
            let kvFree = max(0, memory.kvPoolBytes - kvUsed - kvCached)
            func bytes(_ value: Int) -> String { ByteCount.binary(value, fractionDigits: 1) }
            // A scenario may give an explicit pool smaller than the KV budget: the rest of the
            // budget is then memory the run leaves unused, not part of the reserve. A remainder
            // under one block (the budget never divides evenly) stays with the reserve.
            let outsidePool = memory.unallocatedBytes > memory.blockBytes ? memory.unallocatedBytes : 0
            let compact = frame.state.size.width < 100
            let nonTorch = memory.nonTorchBytes
            let reserve = memory.reserveBytes + memory.unallocatedBytes - outsidePool
            var segments = [
                Segment(name: frame.tr("weights", "权重"), amount: memory.weightsBytes, glyph: "█", color: .weights,
                        label: bytes(memory.weightsBytes)),
                Segment(name: contiguous != nil ? frame.tr(compact ? "reserved" : "KV reserved", "KV 预留")
                            : frame.tr(compact ? "used" : "KV used", "KV 使用"), amount: kvUsed, glyph: "▓", color: .kvUsed,
                        label: bytes(kvUsed)),
                Segment(name: frame.tr("cached", "缓存"), amount: kvCached, glyph: "▒", color: .kvCached,
                        label: bytes(kvCached)),
                Segment(name: frame.tr(compact ? "free" : "KV free", "KV 空闲"), amount: kvFree, glyph: "░", color: .kvFree,
                        label: bytes(kvFree)),
                Segment(name: frame.tr(compact ? "act." : "activations", "激活"), amount: memory.activationBytes, glyph: "▞", color: .activations,
                        label: bytes(memory.activationBytes)),
                Segment(name: frame.tr(compact ? "rsv" : "reserve", "预留"), amount: reserve, glyph: "·", color: .reserve,
                        label: bytes(reserve)),
            ]
            if nonTorch > 0 {
                // vLLM's allowance for memory outside PyTorch (CUDA context, graphs, NCCL).
                segments.insert(Segment(name: frame.tr("non-torch", "非 torch"), amount: nonTorch,
                                        glyph: "▚", color: .nonTorch, label: bytes(nonTorch)), at: 5)
            }
            if outsidePool > 0 {
                segments.insert(Segment(name: frame.tr(compact ? "unused" : "outside pool", "池外"), amount: outsidePool,
                                        glyph: "╌", color: .outsidePool, label: bytes(outsidePool)), at: 4)
            }
            return ("GPU \(bytes(memory.gpuBytes))", segments)
        }
        if let contiguous {
            let reserved = contiguous.tokenStateSlots + contiguous.reservedSlots + contiguous.internalFragmentationSlots
            let free = max(0, contiguous.capacitySlots - reserved)
            let segments = [
                Segment(name: frame.tr("reserved", "预留"), amount: reserved, glyph: "▓", color: .kvUsed, label: "\(reserved)"),
                Segment(name: frame.tr("free", "空闲"), amount: free, glyph: "░", color: .kvFree, label: "\(free)"),
            ]
            return (frame.tr("slots \(ByteCount.grouped(contiguous.capacitySlots))", "槽 \(ByteCount.grouped(contiguous.capacitySlots))"), segments)
        }
        let used = snapshot.usedBlocks
        let cached = snapshot.cachedFreeBlocks
        let free = snapshot.numBlocks - used - cached
        let segments = [
            Segment(name: frame.tr("used", "使用"), amount: used, glyph: "▓", color: .kvUsed, label: ByteCount.grouped(used)),
            Segment(name: frame.tr("cached", "缓存"), amount: cached, glyph: "▒", color: .kvCached, label: ByteCount.grouped(cached)),
            Segment(name: frame.tr("free", "空闲"), amount: free, glyph: "░", color: .kvFree, label: ByteCount.grouped(free)),
        ]
        let pool = ByteCount.grouped(snapshot.numBlocks)
        let heading = frame.tr("pool \(pool)×\(snapshot.blockSize)", "块池 \(pool)×\(snapshot.blockSize)")
        return (heading, segments)
    }
}

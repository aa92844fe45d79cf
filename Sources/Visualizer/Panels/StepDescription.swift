import Engine
import KVCore

/// The automatic narration: what this step's events did, in the current language, e.g.
/// "B hit 3 cached blocks; block #7 evicted; A preempted (no free block)". Used when the
/// chapter has no scenario narration for the step.
enum StepDescription {
    static func text(_ frame: Frame) -> String {
        let snapshot = frame.snapshot
        if snapshot.step == 0 {
            return frame.tr("Step 0: nothing computed yet; \(snapshot.requests.count) requests, \(snapshot.numBlocks) free blocks. Press → or n to run a step, Space to play.",
                            "第 0 步：尚未计算；\(snapshot.requests.count) 个请求，\(snapshot.numBlocks) 个空闲块。按 → 或 n 单步，空格播放。")
        }
        var parts: [String] = []
        var prefill: [String] = []
        var decode: [String] = []
        var evicted: [String] = []
        for event in snapshot.events {
            switch event {
            case let .admitted(id, hits, resumed):
                let who = frame.label(id)
                if let swapIn = snapshot.swap?.swappedIn.first(where: { $0.request == id }) {
                    // Swapped out earlier: its K/V come back from the CPU pool (the blocks the
                    // prefix cache still held need no copy).
                    parts.append(swappedIn(frame, who, blocks: swapIn.gpu.count))
                    if hits > 0 { parts.append(frame.tr("\(who) hit \(hits) cached block\(hits == 1 ? "" : "s")", "\(who) 命中 \(hits) 个缓存块")) }
                } else if hits > 0 {
                    parts.append(frame.tr("\(who) hit \(hits) cached block\(hits == 1 ? "" : "s")",
                                          "\(who) 命中 \(hits) 个缓存块"))
                } else if resumed {
                    parts.append(frame.tr("\(who) resumed (recomputes its tokens)", "\(who) 恢复（重算其 token）"))
                } else {
                    parts.append(frame.tr("\(who) admitted", "\(who) 被接纳"))
                }
            case let .scheduled(chunk):
                let who = frame.label(chunk.request)
                if chunk.isPrefill {
                    prefill.append("\(who)×\(chunk.numTokens)")
                } else {
                    decode.append(who)
                }
            case let .preempted(id, freed):
                parts.append(frame.tr("\(frame.label(id)) preempted (no free block; \(freed) freed)",
                                      "\(frame.label(id)) 被抢占（没有空闲块；释放 \(freed) 块）"))
            case let .forked(parent, child):
                parts.append(frame.tr("\(frame.label(parent)) forked \(frame.label(child)) (shares its blocks)",
                                      "\(frame.label(parent)) 分叉出 \(frame.label(child))（共享其块）"))
            case let .finished(id):
                if snapshot.request(id)?.beam?.isBest == true {
                    parts.append(frame.tr("\(frame.label(id)) finished as the best beam, blocks freed",
                                          "\(frame.label(id)) 作为最佳束完成，块已释放"))
                } else {
                    parts.append(frame.tr("\(frame.label(id)) finished, blocks freed", "\(frame.label(id)) 完成，块已释放"))
                }
            case let .beamDropped(id, freed):
                parts.append(frame.tr("beam \(frame.label(id)) dropped (not among the best; \(freed) freed)",
                                      "束 \(frame.label(id)) 被淘汰（不在最优之列；释放 \(freed) 块）"))
            case let .paging(paging):
                switch paging {
                case let .evicted(block, _):
                    evicted.append("#\(block.index)")
                case let .copiedOnWrite(_, from, to, _):
                    parts.append(frame.tr("copy-on-write #\(from.index)→#\(to.index)", "写时复制 #\(from.index)→#\(to.index)"))
                default:
                    break
                }
            case .sampled:
                break
            }
        }
        if !evicted.isEmpty {
            let list = evicted.prefix(6).joined(separator: ", ") + (evicted.count > 6 ? "…" : "")
            parts.append(frame.tr("block\(evicted.count == 1 ? "" : "s") \(list) evicted", "块 \(list) 被逐出"))
        }
        var work: [String] = []
        if !prefill.isEmpty {
            work.append(frame.tr("prefill ", "预填充 ") + prefill.prefix(8).joined(separator: " ")
                        + (prefill.count > 8 ? " +\(prefill.count - 8)" : ""))
        }
        if !decode.isEmpty {
            work.append(frame.tr("decode ", "解码 ") + decode.prefix(10).joined(separator: " ")
                        + (decode.count > 10 ? " +\(decode.count - 10)" : ""))
        }
        let head = frame.tr("Step \(snapshot.step): ", "第 \(snapshot.step) 步：")
        let all = work + parts
        if all.isEmpty {
            guard snapshot.isComplete else { return head + frame.tr("nothing to schedule.", "无可调度。") }
            if snapshot.contiguous?.isFinished == false, frame.state.engine.config.runUntil == .both {
                return head + frame.tr("the paged server has finished every request; the contiguous one runs on.",
                                       "分页服务器的请求都已完成；连续分配服务器仍在运行。")
            }
            return head + frame.tr("every request has finished.", "所有请求都已完成。")
        }
        return head + all.joined(separator: frame.tr("; ", "；")) + frame.tr(".", "。")
    }

    /// "A swapped back in (3 blocks copied, 48 KiB)": a readmission that copied its K/V back
    /// from the CPU pool instead of recomputing them.
    private static func swappedIn(_ frame: Frame, _ who: String, blocks: Int) -> String {
        let bytes = frame.snapshot.memory.map { ", " + ByteCount.binary($0.blockBytes * blocks, fractionDigits: 1) } ?? ""
        let zhBytes = frame.snapshot.memory.map { "，" + ByteCount.binary($0.blockBytes * blocks, fractionDigits: 1) } ?? ""
        return frame.tr("\(who) swapped back in (\(blocks) block\(blocks == 1 ? "" : "s") copied from CPU\(bytes))",
                        "\(who) 换回 GPU（从 CPU 复制 \(blocks) 块\(zhBytes)）")
    }
}

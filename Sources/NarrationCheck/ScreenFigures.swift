import Engine
import Foundation
import Narration
import TerminalCanvas
import Visualizer

/// Where the screen itself prints a quantity a narration figure may quote, read back from the
/// drawn frame's text: the counter line, the memory bar's legend, the share bars, the title.
/// The checker holds every figure a cue quotes against these, so narration and panels can never
/// disagree about one quantity on one screen.
struct ScreenFigures {
    let lines: [String]
    let counterRow: Int
    let language: Language
    let contiguousPolicy: String?

    /// The placeholders the screen prints somewhere (`value(of:)` reads them).
    static let kinds: Set<Placeholder.Kind> = [.kvComputedTotal, .kvWithoutCacheTotal, .savedRatio, .preemptions,
                                               .prefixHitBlocks, .tokensGenerated, .kvUsed, .weights, .step,
                                               .pagedMemoryUsed, .contiguousMemoryUsed]

    /// The value the screen shows for a placeholder of `kind` (nil: the screen does not print it
    /// now). A value cut by the layout ends in "…".
    func value(of kind: Placeholder.Kind) -> String? {
        let en = language == .en
        let value = #"([0-9][0-9,.]*(?: ?(?:[KMGT]i?B|B))?…?|[0-9.]*…)"#
        switch kind {
        case .kvComputedTotal: return find(en ? #"K/V computed "# + value : #"K/V 计算 "# + value, in: counter)
        case .kvWithoutCacheTotal: return find(en ? #"without cache "# + value : #"无缓存需 "# + value, in: counter)
        case .savedRatio: return find(en ? #"saved ([0-9.]+×|[0-9.]*…)"# : #"节省 ([0-9.]+×|[0-9.]*…)"#, in: counter)
        case .preemptions: return find(en ? #"preempted ([0-9]+…?)"# : #"抢占 ([0-9]+…?)"#, in: counter)
        case .prefixHitBlocks: return find(en ? #"hits ([0-9]+…?)"# : #"命中 ([0-9]+…?)"#, in: counter)
        case .tokensGenerated: return find(en ? #"│ tokens ([0-9]+…?)"# : #"│ 生成 ([0-9]+…?)"#, in: counter)
        case .kvUsed: return find(en ? #"(?:KV used|▓used) "# + value : #"KV 使用 "# + value, in: memoryLegend)
        case .weights: return find(en ? #"weights "# + value : #"权重 "# + value, in: memoryLegend)
        case .step: return find(#"step ([0-9]+)"#, in: title)
        case .pagedMemoryUsed: return shareBar(en ? "paged" : "分页")
        case .contiguousMemoryUsed: return contiguousPolicy.flatMap(shareBar)
        default: return nil
        }
    }

    private var counter: [String] { lines.indices.contains(counterRow) ? [lines[counterRow]] : [] }
    private var memoryLegend: [String] { lines.count > 2 ? [lines[2]] : [] }
    private var title: [String] { lines.first.map { [$0] } ?? [] }

    /// The "80.8% used" of the share bar whose row starts with `label`.
    private func shareBar(_ label: String) -> String? {
        let rows = lines.filter { $0.hasPrefix("│\(label) ") }
        return find(language == .en ? #"([0-9.]+%|[0-9.]*…) used"# : #"([0-9.]+%|[0-9.]*…) 使用"#, in: rows)
    }

    private func find(_ pattern: String, in rows: [String]) -> String? {
        ScreenRows.firstCapture(pattern, in: rows)
    }
}

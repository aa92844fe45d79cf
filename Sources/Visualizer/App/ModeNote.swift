import Engine
import KVCore
import Narration

/// The one line shown in place of a cue whose claims are about another mode (`describes:`),
/// or whose figures have no value on this screen: the narration never shows a claim where it is
/// false, nor a "?" for a figure.
enum ModeNote {
    static func text(_ mismatch: NarrationMode.Mismatch) -> LocalizedText {
        switch mismatch {
        case let .prefixCaching(on):
            return on
                ? LocalizedText(en: "This note describes the run with prefix caching on: press p to replay it.",
                                zh: "这段解说讲的是开启前缀缓存的运行：按 p 重放。")
                : LocalizedText(en: "This note describes the run with prefix caching off: press p to replay it.",
                                zh: "这段解说讲的是关闭前缀缓存的运行：按 p 重放。")
        case let .contiguous(policies):
            let names = policies.map(\.rawValue).joined(separator: "/")
            return LocalizedText(en: "This note describes the \(names) contiguous policy: press c until the panel says \(names).",
                                 zh: "这段解说讲的是 \(names) 连续分配策略：按 c 切换到 \(names)。")
        case let .view(views):
            let en = views.map { $0 + " view" }.joined(separator: " or ")
            let zh = views.map { viewNames[$0] ?? $0 }.joined(separator: "或")
            return LocalizedText(en: "This note describes the \(en): press v to switch to it.",
                                 zh: "这段解说讲的是\(zh)：按 v 切换。")
        }
    }

    /// Over a run `k`/`K` replayed with blocks of `now` tokens: the chapter's notes speak of
    /// blocks of `size`, so none is shown.
    static func blockSize(_ size: Int, now: Int) -> LocalizedText {
        LocalizedText(en: "Blocks of \(now) tokens now; these notes describe blocks of \(size): press k or K until the grid says \(size).",
                      zh: "现在每块 \(now) 个 token；这段解说讲的是 \(size) token 的块：按 k 或 K 直到网格显示 \(size)。")
    }

    static let viewNames = ["paged": "分页视图", "contiguous": "连续分配视图", "compare": "对比视图"]

    /// A cue one of whose figures has no value in this mode (a walkthrough `kvviz check` would
    /// reject; never a "?").
    static let noFigure = LocalizedText(en: "This note quotes a figure this mode does not have: press r to restart the chapter.",
                                        zh: "这段解说引用的数字在当前模式下没有：按 r 重新开始本章。")
}

extension ViewMode {
    /// The view's name in a walkthrough file (`describes: {view: compare}`).
    public var name: String {
        switch self {
        case .paged: "paged"
        case .contiguous: "contiguous"
        case .compare: "compare"
        }
    }
}

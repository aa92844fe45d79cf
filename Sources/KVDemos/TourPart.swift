/// The two parts of the guided tour: the chapter's walkthroughs (`demos/`), then "vLLM in
/// practice" (`demos/practice/`), the questions people running vLLM ask.
public enum TourPart: String, CaseIterable, Sendable, Comparable {
    case chapter
    case practice

    /// The part a walkthrough's embedded name (its path below `demos/`) belongs to.
    public init(fileName: String) {
        // Recorded walkthroughs (`recordings/`) close the practice part.
        self = fileName.hasPrefix(Self.practice.folder + "/") || fileName.hasPrefix("recordings/") ? .practice : .chapter
    }

    /// The sub-folder of `demos/` its files sit in (`""`: `demos/` itself).
    public var folder: String {
        switch self {
        case .chapter: ""
        case .practice: "practice"
        }
    }

    public var title: (en: String, zh: String) {
        switch self {
        case .chapter: ("The chapter: why a KV cache, and how paging manages it", "本章：为什么需要 KV cache，分页如何管理它")
        case .practice: ("vLLM in practice: the questions its users ask", "vLLM 实战：用户常问的问题")
        }
    }

    public static func < (lhs: TourPart, rhs: TourPart) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .chapter: 0
        case .practice: 1
        }
    }
}

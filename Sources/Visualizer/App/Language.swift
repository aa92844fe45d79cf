/// The language of every label, narration line and help text; `L` toggles it.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// The other language (the toggle has exactly two states).
    var toggled: Language { self == .en ? .zh : .en }
}

/// A piece of user-facing text in both languages, so a panel can pick one at draw time and the
/// state never has to be rebuilt when the user presses `L`.
public struct LocalizedText: Sendable, Equatable {
    public var en: String
    public var zh: String

    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }

    /// The same text in both languages (numbers, names).
    public init(_ both: String) {
        self.init(en: both, zh: both)
    }

    public func text(_ language: Language) -> String {
        language == .en ? en : zh
    }
}

/// One narration entry of a scenario; `pause` stops playback when the tour reaches it, so the
/// reader has time to look before the next step.
public struct NarrationText: Sendable, Equatable {
    public var text: LocalizedText
    public var pause: Bool

    public init(text: LocalizedText, pause: Bool = false) {
        self.text = text
        self.pause = pause
    }
}

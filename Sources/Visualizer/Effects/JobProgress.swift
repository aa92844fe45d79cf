/// How far a running job has got, for the progress line: what it is doing and the step it has
/// reached, out of `total` when the end is known.
public struct JobProgress: Sendable, Equatable {
    public let title: LocalizedText
    public let done: Int
    public let total: Int?

    /// The line as the screen shows it, with how to cancel.
    public func text(in language: Language) -> String {
        switch language {
        case .en:
            let count = total.map { "step \(done) of \($0)" } ?? "step \(done)"
            return "\(title.en): \(count)   Esc cancels"
        case .zh:
            let count = total.map { "第 \(done) 步，共 \($0) 步" } ?? "第 \(done) 步"
            return "\(title.zh)：\(count)   Esc 取消"
        }
    }
}

/// How far a running job has got, for the progress line: what it is doing and the step it has
/// reached, out of `total` when the end is known. A job that steps nothing (building a chapter's
/// engine) has no step to show.
public struct JobProgress: Sendable, Equatable {
    public let title: LocalizedText
    public let done: Int
    public let total: Int?
    /// False when the job has no steps to count: the line is its title alone.
    public let countsSteps: Bool
    /// Keys pressed meanwhile that wait for the job (applied after it, in order).
    public private(set) var waitingKeys = 0

    init(title: LocalizedText, done: Int, total: Int?, countsSteps: Bool = true) {
        self.title = title
        self.done = done
        self.total = total
        self.countsSteps = countsSteps
    }

    /// The same progress with `keys` keys waiting for the job.
    func waiting(_ keys: Int) -> JobProgress {
        var copy = self
        copy.waitingKeys = keys
        return copy
    }

    /// The line as the screen shows it, with how to cancel and the keys that wait.
    public func text(in language: Language) -> String {
        switch language {
        case .en:
            let keys = waitingKeys == 0 ? "" : " · \(waitingKeys) key\(waitingKeys == 1 ? "" : "s") queued"
            guard countsSteps else { return "\(title.en)   Esc cancels\(keys)" }
            let count = total.map { "step \(done) of \($0)" } ?? "step \(done)"
            return "\(title.en): \(count)   Esc cancels\(keys)"
        case .zh:
            let keys = waitingKeys == 0 ? "" : " · \(waitingKeys) 个按键排队中"
            guard countsSteps else { return "\(title.zh)   Esc 取消\(keys)" }
            let count = total.map { "第 \(done) 步，共 \($0) 步" } ?? "第 \(done) 步"
            return "\(title.zh)：\(count)   Esc 取消\(keys)"
        }
    }
}

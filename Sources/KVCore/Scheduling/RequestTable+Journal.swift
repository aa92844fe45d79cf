/// Undoing a step's writes to the request table in place (see `RequestJournal`).
extension RequestTable {
    /// Opens a journal: every request written from now on is kept as it was first.
    mutating func beginJournal() {
        precondition(journal == nil, "a request journal is open already")
        journal = RequestJournal()
    }

    /// Closes the journal opened by `beginJournal()` and returns it.
    mutating func endJournal() -> RequestJournal {
        guard var closed = journal else { preconditionFailure("no request journal is open") }
        journal = nil
        closed.close()
        return closed
    }

    /// Keeps request `id` as it is now in the open journal, unless kept already this step.
    @usableFromInline
    mutating func noteWrite(_ id: RequestID) {
        guard journal?.hasKept(id) == false else { return }
        if let (position, slot) = locate(id) {
            journal?.keep(id, chunks[position].requests[slot], sequence: chunks[position].sequences[slot])
        } else {
            journal?.keep(id, nil, sequence: -1)
        }
    }

    /// Puts every request `journal` kept back as it was before the step, in this table as the
    /// step left it. Applies any number of times to a table in that state.
    mutating func undo(_ journal: RequestJournal) {
        precondition(self.journal == nil, "undo into a request table with an open journal")
        for entry in journal.entries.reversed() {
            guard var request = entry.before else {
                removeValue(forKey: entry.id)
                continue
            }
            // The tokens as the step left them, taken out of their slot (unshared, so cutting
            // them back copies nothing).
            var tokens = journal.removedTokens[entry.id] ?? []
            if journal.removedTokens[entry.id] == nil, let (position, slot) = locate(entry.id) {
                swap(&tokens, &chunks[position].requests[slot].outputTokens)
            }
            precondition(tokens.count >= entry.outputCount,
                         "request \(entry.id) has \(tokens.count) output tokens, fewer than the \(entry.outputCount) before the step")
            tokens.removeLast(tokens.count - entry.outputCount)
            request.outputTokens = tokens
            self[entry.id] = request
            guard let (position, slot) = locate(entry.id) else { preconditionFailure("request \(entry.id) vanished") }
            chunks[position].sequences[slot] = entry.sequence
        }
    }
}

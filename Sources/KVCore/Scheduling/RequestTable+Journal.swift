/// Undoing a step's writes to the request table in place (see `RequestJournal`).
extension RequestTable {
    /// Opens a journal: every request written from now on is kept as it was first.
    mutating func beginJournal() {
        precondition(journal == nil, "a request journal is open already")
        journal = RequestJournal()
        journalsOpened &+= 1
    }

    /// Closes the journal opened by `beginJournal()` and returns it.
    mutating func endJournal() -> RequestJournal {
        guard let closed = journal else { preconditionFailure("no request journal is open") }
        journal = nil
        return closed
    }

    /// Keeps request `id` as it is now in the open journal, unless kept already this step.
    @usableFromInline
    mutating func noteWrite(_ id: RequestID) {
        guard journal != nil else { return }
        guard let (position, slot) = locate(id) else {
            journal?.keepAbsent(id)
            return
        }
        let bit = UInt64(1) << UInt64(slot)
        if chunks[position].journalNumber != journalsOpened {
            chunks[position].journalNumber = journalsOpened
            chunks[position].keptSlots = 0
        } else if chunks[position].keptSlots & bit != 0 {
            return
        }
        chunks[position].keptSlots |= bit
        let sequence = chunks[position].sequences[slot]
        let (progress, outputCount) = chunks[position].requests.withUnsafeBufferPointer {
            ($0[slot].progress, $0[slot].outputTokens.count)
        }
        journal?.keep(id, progress, outputCount: outputCount, sequence: sequence)
    }

    /// Puts every request `journal` kept back as it was before the step, in this table as the
    /// step left it. Applies any number of times to a table in that state.
    mutating func undo(_ journal: RequestJournal) {
        precondition(self.journal == nil, "undo into a request table with an open journal")
        for index in journal.entries.indices.reversed() {
            let id = journal.entries[index].id
            guard let progress = journal.entries[index].progress else {
                removeValue(forKey: id)
                continue
            }
            if !contains(id), let removed = journal.removedRequests[id] { self[id] = removed }
            guard let (position, slot) = locate(id) else { preconditionFailure("request \(id) is gone and was not kept") }
            chunks[position].requests[slot].restore(progress, outputCount: journal.entries[index].outputCount)
            chunks[position].sequences[slot] = journal.entries[index].sequence
        }
    }
}

extension KVTrace {
    /// One op as the replay loop reads it: 12 bytes, no enum payload to unpack, so a whole
    /// trace streams through the cache in a third of the space of `Op`. Built once from `ops`
    /// by the parser; `ops` stays the readable form for everything else.
    struct CompactOp: BitwiseCopyable, Sendable {
        enum Kind: UInt8, BitwiseCopyable, Sendable {
            case allocate, commit, append, free
        }

        let kind: Kind
        let seq: Int32
        /// The prompt index (allocate), computed tokens (commit), token (append), 0 (free).
        let value: Int32

        init(_ op: Op) {
            switch op {
            case .allocate(let seq, let prompt, _): (kind, self.seq, value) = (.allocate, Int32(seq.rawValue), Int32(prompt))
            case .commit(let seq, let computed): (kind, self.seq, value) = (.commit, Int32(seq.rawValue), Int32(computed))
            case .append(let seq, let token): (kind, self.seq, value) = (.append, Int32(seq.rawValue), token)
            case .free(let seq): (kind, self.seq, value) = (.free, Int32(seq.rawValue), 0)
            }
        }
    }

    /// `ops` in compact form, and each prompt's recorded hit count (-1 when not recorded).
    static func compact(_ ops: [Op]) -> (ops: [CompactOp], hits: [Int]) {
        var hits: [Int] = []
        for case .allocate(_, let prompt, let hit) in ops {
            if prompt >= hits.count { hits.append(contentsOf: repeatElement(-1, count: prompt + 1 - hits.count)) }
            hits[prompt] = hit
        }
        return (ops.map(CompactOp.init), hits)
    }
}

extension MemoryReport {
    /// The human report of `kvviz memory`: a header, the formula with its numbers, an aligned
    /// table of exact bytes with binary and decimal units, then block counts and whether the
    /// batch fits. Under tensor parallelism every figure is for one GPU, and the header says so.
    public var text: String {
        let config = plan.configuration
        let model = config.model
        let tp = config.tensorParallel
        var lines = header
        lines.append("")
        let byteRows: [(String, Int)] = [
            ("KV per token", plan.kvBytesPerToken),
            ("KV for \(ByteCount.grouped(batch)) x \(ByteCount.grouped(seqLen)) tokens", kvBytes),
            ("block of \(config.blockSize) tokens", plan.blockBytes),
            ("GPU memory", config.gpu.memoryBytes),
            ("usable (x \(config.gpuMemoryUtilization))", plan.usableBytes),
            ("- weights (\(ByteCount.count(model.parameterCount)) params, \(config.effectiveWeightDType.rawValue)"
                + (tp > 1 ? " / \(tp)" : "") + ")", plan.weightsBytes),
            ("- activations (est., \(ByteCount.grouped(config.maxNumBatchedTokens)) tokens)",
             plan.activationBytes),
            ("= KV budget", plan.kvBudgetBytes),
        ]
        let countRows: [(String, String)] = [
            ("KV blocks", "\(ByteCount.grouped(plan.numBlocks)) x \(config.blockSize) tokens"
                + " = \(ByteCount.grouped(plan.tokenCapacity)) token slots"),
            ("max concurrent seqs", "\(ByteCount.grouped(maxConcurrentSeqs)) of \(ByteCount.grouped(seqLen)) tokens"
                + " (\(ByteCount.grouped(blocksPerSequence)) blocks each)"),
            ("batch of \(ByteCount.grouped(batch))", (batchFits ? "fits" : "does NOT fit")
                + ": needs \(ByteCount.grouped(blocksForBatch)) of \(ByteCount.grouped(plan.numBlocks)) blocks"),
        ]
        let labelWidth = (byteRows.map(\.0.count) + countRows.map(\.0.count)).max() ?? 0
        lines += Self.byteTable(byteRows, labelWidth: labelWidth)
        lines.append("")
        lines += countRows.map { "  " + MemoryTextColumns.padRight($0.0, labelWidth) + "  " + $0.1 }
        if exceedsContext {
            lines.append("note: \(ByteCount.grouped(seqLen)) tokens exceeds \(model.id)'s context of"
                + " \(ByteCount.grouped(model.maxModelLen)) tokens")
        }
        lines.append("units: 1 KiB = 1,024 B, 1 GiB = 2^30 B; 1 KB = 1,000 B, 1 GB = 10^9 B")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Model on GPU, the formula line, and what differs from the model's own config.
    private var header: [String] {
        let config = plan.configuration
        let model = config.model
        let gpu = config.gpu
        let tp = config.tensorParallel
        var lines = ["\(model.displayName) (\(model.id)) on \(gpu.displayName) (\(gpu.id))"]
        if tp > 1 {
            lines.append("tensor parallel \(tp): every figure below is for one of \(tp) GPUs")
        }
        lines.append("KV cache: \(formulaLine)  [\(config.kvDType.rawValue)]")
        if config.kvHeads != model.numKVHeads {
            lines.append("  (--kv-heads \(config.kvHeads) replaces the model's \(model.numKVHeads) KV heads)")
        }
        return lines
    }

    /// Rows of label, exact bytes, binary and decimal units, each column aligned.
    private static func byteTable(_ rows: [(String, Int)], labelWidth: Int) -> [String] {
        let cells = rows.map { label, bytes in
            [label, ByteCount.grouped(bytes) + " B", ByteCount.binary(bytes), ByteCount.decimal(bytes)]
        }
        let widths = (0..<4).map { column in cells.map { $0[column].count }.max() ?? 0 }
        return cells.map { row in
            "  " + MemoryTextColumns.padRight(row[0], labelWidth)
                + "  " + MemoryTextColumns.padLeft(row[1], widths[1])
                + "  " + MemoryTextColumns.padLeft(row[2], widths[2])
                + "  " + MemoryTextColumns.padLeft(row[3], widths[3])
        }
    }
}

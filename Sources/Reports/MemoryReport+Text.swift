import KVCore

extension MemoryReport {
    /// The human report of `kvviz memory`: a header, the formula with its numbers, the KV
    /// figures (whole model, and per GPU under tensor parallelism), the sizing table as vLLM
    /// does it (exact bytes with binary and decimal units), then the verdict: fits or not,
    /// with the smallest `--tp` that fits, and how many sequences the pool holds.
    public var text: String {
        let config = plan.configuration
        let model = config.model
        let tp = config.tensorParallel
        var lines = header
        lines.append("")
        var kvRows: [(String, Int)] = [
            ("KV per token", plan.modelKVBytesPerToken),
            ("KV for \(ByteCount.grouped(batch)) x \(ByteCount.grouped(seqLen)) tokens", kvBytes),
        ]
        if tp > 1 {
            kvRows.append(("  per GPU (1 of \(tp))", kvBytesPerGPU))
        }
        var sizingRows: [(String, Int)] = [
            ("block of \(config.blockSize) tokens" + (tp > 1 || config.pipelineParallel > 1 ? " (per GPU)" : ""), plan.blockBytes),
            ("GPU memory (as PyTorch sees it)", config.gpu.memoryBytes),
            ("usable (x \(config.gpuMemoryUtilization))", plan.usableBytes),
            ("- weights (\(ByteCount.count(model.parameterCount)) params, \(config.effectiveWeightFormat.label)"
                + (tp > 1 ? " / \(tp)" : "") + (config.pipelineParallel > 1 ? ", last of \(config.pipelineParallel) stages" : "")
 + ")",
             plan.weightsBytes),
        ]
        if plan.rotaryTableBytes > 0 {
            sizingRows.append(("- rotary table (\(ByteCount.grouped(model.maxModelLen)) pos x \(model.rotaryDim) dims"
                + (model.rotaryTables > 1 ? " x \(model.rotaryTables)" : "") + ")", plan.rotaryTableBytes))
        }
        sizingRows += [
            ("- activation peak (\(ByteCount.grouped(config.maxNumBatchedTokens)) tokens, "
                + "\(ByteCount.grouped(config.maxNumSeqs)) seqs)", plan.activationBytes),
            ("- non-torch (" + (config.vllm.isV1 ? "workspaces" : "CUDA context, workspaces") + (tp > 1 ? ", NCCL" : "") + ")",
             plan.runtimeBytes),
        ]
        if plan.cudaGraphBytes > 0 {
            sizingRows.append((plan.cudaGraphsSubtracted ? "- CUDA graphs (estimated)" : "  CUDA graphs (estimated, not subtracted)",
                               plan.cudaGraphBytes))
        }
        sizingRows.append(("= KV budget", plan.kvBudgetBytes))
        let countRows = self.countRows
        let labelWidth = (kvRows.map(\.0.count) + sizingRows.map(\.0.count) + countRows.map(\.0.count)).max() ?? 0
        let table = Self.byteTable(kvRows + sizingRows, labelWidth: labelWidth)
        lines += table.prefix(kvRows.count)
        lines.append("")
        lines += table.dropFirst(kvRows.count)
        lines += sources.map { "    " + $0 }
        lines.append("")
        lines += countRows.map { "  " + TextColumns.padRight($0.0, labelWidth) + "  " + $0.1 }
        if let refusal = StartupRefusal(predictedFor: plan) {
            lines += refusal.lines(chinese: false).map { "  " + $0 }
        }
        if let window = model.slidingWindow, model.isHybrid {
            lines.append("note: hybrid: a window of \(ByteCount.grouped(window)) tokens on \(model.slidingLayers) of"
                + " \(model.numLayers) layers; the KV figures above count every layer in full")
        } else if let window = model.slidingWindow, seqLen > window {
            lines.append("note: sliding window: only the last \(ByteCount.grouped(window)) of \(ByteCount.grouped(seqLen))"
                + " tokens stay cached")
        }
        if exceedsContext {
            lines.append("note: \(ByteCount.grouped(seqLen)) tokens exceeds \(model.id)'s context of"
                + " \(ByteCount.grouped(model.maxModelLen)) tokens")
        }
        lines.append("units: 1 KiB = 1,024 B, 1 GiB = 2^30 B; 1 KB = 1,000 B, 1 GB = 10^9 B")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The verdict, block counts and concurrency.
    private var countRows: [(String, String)] {
        let config = plan.configuration
        let tp = config.tensorParallel
        var rows: [(String, String)] = [("verdict", verdict)]
        guard plan.numBlocks > 0 else { return rows }
        rows += [
            ("KV blocks", "\(ByteCount.grouped(plan.numBlocks)) x \(config.blockSize) tokens"
                + " = \(ByteCount.grouped(plan.tokenCapacity)) token slots" + (tp > 1 ? " per GPU" : "")),
            ("max concurrent seqs", "\(ByteCount.grouped(maxConcurrentSeqs)) of \(ByteCount.grouped(seqLen)) tokens"
                + " (\(ByteCount.grouped(blocksPerSequence)) blocks each)"),
            ("batch of \(ByteCount.grouped(batch))", (batchFits ? "fits" : "does NOT fit")
                + ": needs \(ByteCount.grouped(blocksForBatch)) of \(ByteCount.grouped(plan.numBlocks)) blocks"),
        ]
        return rows + vllmRows + [maxModelLenRow]
    }

    /// Whether vLLM would start with this max_model_len: its check that the pool holds one
    /// request of that length.
    private var maxModelLenRow: (String, String) {
        let length = ByteCount.grouped(plan.configuration.effectiveMaxModelLen)
        let blocks = "\(ByteCount.grouped(plan.blocksPerMaxLengthRequest)) of \(ByteCount.grouped(plan.numBlocks)) blocks"
        return ("max_model_len", plan.holdsOneMaxLengthRequest
            ? "\(length): one request needs \(blocks); vLLM starts"
            : "\(length): one request needs \(blocks); vLLM would refuse to start")
    }

    /// "fits on a100-80gb with --tp 1" or "does NOT fit on a100-80gb with --tp 1: weights ...
    /// leave no room; smallest --tp that fits: 2".
    public var verdict: String {
        let config = plan.configuration
        let place = "\(config.gpu.id) with --tp \(config.tensorParallel)"
        if fits { return "fits on \(place)" }
        let why = plan.fits
            ? "the pool of \(ByteCount.grouped(plan.numBlocks)) blocks cannot hold one sequence of"
                + " \(ByteCount.grouped(seqLen)) tokens"
            : "weights + activations + non-torch leave no KV block"
        let advice = smallestFittingTP.map { "smallest --tp that fits: \($0)" }
            ?? "no --tp up to \(Self.largestTensorParallel) fits; use a bigger --gpu or --dtype fp8"
        return "does NOT fit on \(place): \(why); \(advice)"
    }

    /// The KV formula with this plan's numbers in it:
    /// `2 x 32 layers x 32 kv heads x 128 dim x 2 bytes = 524,288 B/token`, or MLA's
    /// `61 layers x (512 latent + 64 rope) x 2 bytes = 70,272 B/token`.
    public var formulaLine: String {
        let model = plan.configuration.model
        let dtype = plan.configuration.kvDType
        if case let .latent(rank, rope) = model.attention {
            return "\(model.numLayers) layers x (\(rank) latent + \(rope) rope) x \(dtype.bytes) bytes"
                + " = \(ByteCount.grouped(plan.modelKVBytesPerToken)) B/token (MLA)"
        }
        return "2 x \(model.numLayers) layers x \(plan.configuration.kvHeads) kv heads x \(model.headDim) dim"
            + " x \(dtype.bytes) bytes = \(ByteCount.grouped(plan.modelKVBytesPerToken)) B/token"
    }

    /// Model on GPU, the formula line, and what differs from the model's own config.
    private var header: [String] {
        let config = plan.configuration
        let model = config.model
        let gpu = config.gpu
        let tp = config.tensorParallel
        var lines = ["\(model.displayName) (\(model.id), \(model.attentionLabel)) on \(gpu.displayName) (\(gpu.id))"]
        lines.append("KV cache: \(formulaLine)  [\(config.kvDType.rawValue)]")
        if tp > 1 {
            let share = model.usesLatentAttention
                ? "the latent is not split: every GPU caches all of it"
                : "\(plan.kvHeadsPerGPU) kv heads each"
            lines.append("tensor parallel \(tp): KV is shown for the whole model and per GPU (\(share));"
                + " the sizing below is for one GPU")
        }
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
            "  " + TextColumns.padRight(row[0], labelWidth)
                + "  " + TextColumns.padLeft(row[1], widths[1])
                + "  " + TextColumns.padLeft(row[2], widths[2])
                + "  " + TextColumns.padLeft(row[3], widths[3])
        }
    }
}

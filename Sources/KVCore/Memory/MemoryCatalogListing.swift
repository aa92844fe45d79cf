/// The text of `kvviz memory --list`: every model preset with the config fields that size its
/// memory, and every GPU preset with its memory in exact bytes and GiB.
public enum MemoryCatalogListing {
    public static var text: String {
        var lines = ["models (KV/token at fp16, whole model):"]
        let modelRows = ModelPreset.all.map { model in
            [
                model.id, model.displayName, "\(model.numLayers) layers",
                "\(model.numHeads) heads", "\(model.numKVHeads) kv" + (model.usesGroupedQueryAttention ? " (GQA)" : ""),
                "dim \(model.headDim)", "hidden \(model.hiddenSize)",
                "ctx \(ByteCount.grouped(model.maxModelLen))",
                "\(ByteCount.count(model.parameterCount)) params", model.weightDType.rawValue,
                ByteCount.binary(MemoryPlan.kvBytesPerToken(
                    numLayers: model.numLayers, kvHeads: model.numKVHeads, headDim: model.headDim,
                    dtype: .fp16)) + "/token",
            ]
        }
        lines += aligned(modelRows, rightAligned: [2, 3, 5, 6, 7, 8, 10])
        lines.append("")
        lines.append("GPUs (total memory as the driver reports it):")
        let gpuRows = GPUPreset.all.map { gpu in
            [gpu.id, gpu.displayName, ByteCount.grouped(gpu.memoryBytes) + " B", ByteCount.binary(gpu.memoryBytes)]
        }
        lines += aligned(gpuRows, rightAligned: [2, 3])
        return lines.joined(separator: "\n") + "\n"
    }

    private static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                rightAligned.contains(column)
                    ? MemoryTextColumns.padLeft(cell, widths[column])
                    : MemoryTextColumns.padRight(cell, widths[column])
            }
            var line = "  " + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}

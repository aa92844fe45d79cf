import KVBase
import KVCore

/// The text and JSON of `kvviz memory --list`: every model preset with the config fields that
/// size its memory, and every GPU preset with its memory in exact bytes and GiB.
public enum MemoryCatalogListing {
    public static var text: String {
        var lines = ["models (KV/token at fp16, whole model):"]
        let modelRows = ModelPreset.all.map { model in
            [
                model.id, model.displayName, "\(model.numLayers) layers",
                "\(model.numHeads) heads", kvHeadsCell(model),
                "dim \(model.headDim)", "hidden \(model.hiddenSize)",
                "ctx \(ByteCount.grouped(model.maxModelLen))",
                "\(ByteCount.count(model.parameterCount)) params", model.weightDType.rawValue,
                ByteCount.binary(model.kvBytesPerToken(dtype: .fp16)) + "/token",
            ]
        }
        lines += aligned(modelRows, rightAligned: [2, 3, 5, 6, 7, 8, 10])
        lines.append("")
        lines.append("GPUs (total memory as PyTorch and vLLM see it):")
        let gpuRows = GPUPreset.all.map { gpu in
            [gpu.id, gpu.displayName, ByteCount.grouped(gpu.memoryBytes) + " B", ByteCount.binary(gpu.memoryBytes)]
        }
        lines += aligned(gpuRows, rightAligned: [2, 3])
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"models": [...], "gpus": [...]}` with every field as a number or string.
    public static var json: String {
        let models = ModelPreset.all.map { model -> JSON in
            var object = JSONObject()
            object.add("id", model.id)
            object.add("name", model.displayName)
            object.add("architecture", model.architecture.rawValue)
            object.add("attention", model.attentionLabel)
            object.add("layers", model.numLayers)
            object.add("heads", model.numHeads)
            object.add("kv_heads", model.numKVHeads)
            object.add("head_dim", model.headDim)
            object.add("hidden_size", model.hiddenSize)
            object.add("intermediate_size", model.intermediateSize)
            object.add("vocab_size", model.vocabSize)
            object.add("max_model_len", model.maxModelLen)
            object.add("sliding_window", model.slidingWindow)
            object.add("parameters", model.parameterCount)
            object.add("weight_dtype", model.weightDType.rawValue)
            object.add("kv_bytes_per_token_fp16", model.kvBytesPerToken(dtype: .fp16))
            return .object(object)
        }
        let gpus = GPUPreset.all.map { gpu -> JSON in
            var object = JSONObject()
            object.add("id", gpu.id)
            object.add("name", gpu.displayName)
            object.add("memory_bytes", gpu.memoryBytes)
            object.add("toy", gpu.isToy)
            return .object(object)
        }
        var object = JSONObject()
        object.add("models", models)
        object.add("gpus", gpus)
        return object.rendered
    }

    private static func kvHeadsCell(_ model: ModelPreset) -> String {
        if model.usesLatentAttention { return "latent (MLA)" }
        let label = model.attentionLabel
        return "\(model.numKVHeads) kv" + (label == "MHA" ? "" : " (\(label))")
    }

    private static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                rightAligned.contains(column)
                    ? TextColumns.padLeft(cell, widths[column])
                    : TextColumns.padRight(cell, widths[column])
            }
            var line = "  " + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}

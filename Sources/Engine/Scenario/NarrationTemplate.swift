/// Narration text with placeholders for figures the engine computes when the text is shown:
/// `{kv_computed_total}`, `{request_blocks request=1}`, `{kv_bytes model=llama-2-70b seq_len=4096}`.
/// `{{` and `}}` stand for literal braces. A placeholder takes its value when its cue fires and
/// keeps it while the cue is shown; the word `live` (`{kv_used live}`) makes it follow the screen.
public struct NarrationTemplate: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(name: String, arguments: [String: String], live: Bool = false)
    }

    public let segments: [Segment]

    /// Names a placeholder may use, with the arguments each one takes (required ones first).
    public static let vocabulary: [String: (required: [String], optional: [String])] = [
        "step": ([], []), "kv_computed_total": ([], []), "kv_without_cache_total": ([], []),
        "kv_computed_step": ([], []), "kv_without_cache_step": ([], []), "kv_read_step": ([], []),
        "cpu_blocks": ([], []), "swapped_out_blocks": ([], []), "swapped_in_blocks": ([], []), "swap_bytes": ([], ["unit"]),
        "kv_loaded_step": ([], []), "dot_products_step": ([], []),
        "saved_ratio": ([], []), "used_blocks": ([], []), "free_blocks": ([], []),
        "cached_blocks": ([], []), "num_blocks": ([], []), "block_size": ([], []),
        "preemptions": ([], []), "prefix_hit_blocks": ([], []), "running": ([], []),
        "waiting": ([], []), "finished": ([], []), "tokens_generated": ([], []),
        "request_tokens": (["request"], []), "request_blocks": (["request"], []),
        "request_label": (["request"], []), "block_refcount": (["block"], []),
        "model": ([], []), "gpu": ([], []), "kv_per_token": ([], ["unit"]), "block_bytes": ([], ["unit"]),
        "weights": ([], ["unit"]), "kv_pool": ([], ["unit"]), "kv_used": ([], ["unit"]),
        "paged_token_share": ([], []), "contiguous_token_share": ([], []),
        "contiguous_waste": ([], []), "contiguous_reserved_slots": ([], []), "contiguous_used_slots": ([], []),
        "contiguous_running_count": ([], []), "contiguous_waiting_count": ([], []),
        "contiguous_blocked_request": ([], []), "contiguous_blocked_slots": ([], []),
        "contiguous_free_slots": ([], []), "contiguous_largest_hole": ([], []),
        "paged_memory_used": ([], []), "contiguous_memory_used": ([], []), "contiguous_steps_left": ([], []),
        "paged_finish_step": ([], []), "contiguous_finish_step": ([], []), "contiguous_lag": ([], []),
        "kv_bytes": ([], ["model", "seq_len", "batch", "kv_heads", "dtype", "unit"]),
        "kv_bytes_per_token": ([], ["model", "kv_heads", "dtype", "unit"]),
        "weights_bytes": ([], ["model", "dtype", "unit"]),
        "max_model_len": ([], []), "final_kv_bytes": (["requests"], ["unit"]), "request_final_tokens": (["request"], []),
        "reservation_waste": (["request"], ["policy"]), "cache_saving": (["n"], []), "dtype_bytes": ([], []),
        "gqa_saving": ([], ["model"]), "model_layers": ([], ["model"]), "model_kv_heads": ([], ["model"]),
        "model_heads": ([], ["model"]), "model_head_dim": ([], ["model"]), "max_concurrent": ([], ["seq_len"]),
        "event_request": ([], []), "event_blocks": ([], []), "event_count": ([], []),
        "copy_from": ([], []), "copy_to": ([], []),
    ]

    /// Placeholders that name what the event firing the cue did: only for `on:` cues.
    public static let eventNames: Set<String> = ["event_request", "event_blocks", "event_count", "copy_from", "copy_to"]

    public init(segments: [Segment]) { self.segments = segments }

    /// Parses `text`; `fail` receives a message for an unknown name or argument or a bad brace.
    public static func parse(_ text: String) -> Result<NarrationTemplate, TemplateProblem> {
        var segments: [Segment] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
                continue
            }
            if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
                continue
            }
            if character == "}" { return .failure(.init("a lone '}'; write '}}' for a brace")) }
            guard character == "{" else {
                literal.append(character)
                index = next
                continue
            }
            guard let close = text[next...].firstIndex(of: "}") else {
                return .failure(.init("a '{' is never closed; write '{{' for a brace"))
            }
            let words = text[next..<close].split(separator: " ").map(String.init)
            guard let name = words.first else { return .failure(.init("an empty placeholder {}")) }
            guard let spec = vocabulary[name] else {
                return .failure(.init("unknown placeholder {\(name)}; known: \(vocabulary.keys.sorted().joined(separator: ", "))"))
            }
            var arguments: [String: String] = [:]
            var live = false
            for word in words.dropFirst() {
                if word == "live" {
                    live = true
                    continue
                }
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else {
                    return .failure(.init("placeholder {\(name)}: '\(word)' is not key=value"))
                }
                guard spec.required.contains(parts[0]) || spec.optional.contains(parts[0]) else {
                    let known = (spec.required + spec.optional).joined(separator: ", ")
                    return .failure(.init("placeholder {\(name)} takes no '\(parts[0])'" + (known.isEmpty ? "" : "; it takes \(known)")))
                }
                arguments[parts[0]] = parts[1]
            }
            if let missing = spec.required.first(where: { arguments[$0] == nil }) {
                return .failure(.init("placeholder {\(name)} needs \(missing)=..."))
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            segments.append(.placeholder(name: name, arguments: arguments, live: live))
            index = text.index(after: close)
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return .success(NarrationTemplate(segments: segments))
    }

    /// The text with each placeholder replaced by `resolve(name, arguments)` ("?" if it has no value).
    public func render(_ resolve: (String, [String: String]) -> String?) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case let .literal(text): out += text
            case let .placeholder(name, arguments, _): out += resolve(name, arguments) ?? "?"
            }
        }
        return out
    }

    /// The template with every placeholder not marked live replaced by its value now: what a cue
    /// keeps from the moment it fires.
    public func frozen(_ resolve: (String, [String: String]) -> String?) -> NarrationTemplate {
        var result: [Segment] = []
        func append(_ text: String) {
            if case let .literal(previous)? = result.last {
                result[result.count - 1] = .literal(previous + text)
            } else {
                result.append(.literal(text))
            }
        }
        for segment in segments {
            switch segment {
            case let .literal(text): append(text)
            case let .placeholder(name, arguments, live):
                if live { result.append(segment) } else { append(resolve(name, arguments) ?? "?") }
            }
        }
        return NarrationTemplate(segments: result)
    }

    /// True when some placeholder follows the screen.
    public var hasLivePlaceholders: Bool {
        segments.contains { if case .placeholder(_, _, true) = $0 { true } else { false } }
    }

    public var placeholders: [(name: String, arguments: [String: String])] {
        segments.compactMap {
            if case let .placeholder(name, arguments, _) = $0 { return (name, arguments) }
            return nil
        }
    }
}

public struct TemplateProblem: Error, Equatable {
    public let message: String
    init(_ message: String) { self.message = message }
}

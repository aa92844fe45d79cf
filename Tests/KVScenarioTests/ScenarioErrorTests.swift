import Testing
import Engine
import KVCore
@testable import KVScenario
import Narration

/// Each kind of bad scenario gives exactly one line naming the file, the line and the field.
@Suite("Scenario errors")
struct ScenarioErrorTests {
    static let head = "title: {en: x, zh: y}\npool: {blocks: 8, block_size: 4}\n"
    static let oneRequest = head + "requests: [{prompt: ab, max_tokens: 2}]\n"

    /// The error a text gives when loaded and made ready to run, or "no error".
    static func message(_ text: String) -> String {
        do {
            _ = try ScenarioRun(try ScenarioLoader.load(text: text, file: "demos/t.yaml", name: "t"), file: "demos/t.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    /// A case's expected line; one ending in "…" is a prefix (the rest holds generated figures).
    static let cases: [(label: String, text: String, expected: String)] = [
        ("duplicate key", oneRequest + "requests: []\n",
         "demos/t.yaml:4: requests: appears twice in one mapping (first on line 3); keep one"),
        ("duplicate nested key", head + "requests:\n  - prompt: a\n    max_tokens: 1\n    prompt: b\n",
         "demos/t.yaml:6: prompt: appears twice in one mapping (first on line 4); keep one"),
        ("control character", "title: {en: x, zh: y}\n\n\u{7}x: 1\n",
         "demos/t.yaml:3: cannot be read: control characters are not allowed; remove the character or save the file as plain UTF-8 text"),
        ("bad indentation", "title: {en: x, zh: y}\n  bad: 1\n",
         "demos/t.yaml:2: YAML syntax error: did not find expected key (column 3)"),
        ("expect names an unknown quantity", oneRequest + "narration:\n  - {step: 1, en: x, zh: y, expect: [\"holes > 0\"]}\n",
         "demos/t.yaml:5: narration[0].expect[0]: unknown quantity 'holes'; known: …"),
        ("expect names a missing request", oneRequest + "narration:\n  - step: 1\n    en: x\n    zh: y\n    expect: request_scattered request=7\n",
         "demos/t.yaml:8: narration[0].expect: no request has id 7; expected one of 0"),
        ("expect argument the quantity does not take", oneRequest + "narration:\n  - {step: 1, en: x, zh: y, expect: [\"used_blocks request=0 > 1\"]}\n",
         "demos/t.yaml:5: narration[0].expect[0]: used_blocks takes no arguments, not 'request'"),
        ("expect needs a contiguous baseline", oneRequest + "narration:\n  - {step: 1, en: x, zh: y, expect: [\"external_fragmentation > 0\"]}\n",
         "demos/t.yaml:5: narration[0].expect[0]: 'external_fragmentation > 0' needs a contiguous baseline: add contiguous: max or view: compare"),
        ("until names an unknown event", oneRequest + "narration:\n  - {step: 1, until: swapped, en: x, zh: y}\n",
         "demos/t.yaml:5: narration[0].until: expected a step number, next, or an event (admitted, resumed, prefix_hit, evicted, preempted, copied_on_write, forked, finished, allocated, all_finished, contiguous_finished), got 'swapped'"),
        ("run_until names an unknown end", oneRequest + "run_until: contiguous\n",
         "demos/t.yaml:4: run_until: expected one of paged, both, got 'contiguous'"),
        ("contiguous_finished names a request", oneRequest + "narration:\n  - {on: contiguous_finished, request: 0, en: x, zh: y}\n",
         "demos/t.yaml:5: narration[0].request: on: contiguous_finished is not about one request; remove request:"),
        ("until names a missing request", oneRequest + "narration:\n  - step: 1\n    until: {on: finished, request: 3}\n    en: x\n    zh: y\n",
         "demos/t.yaml:6: narration[0].until.request: no request has id 3; expected one of 0"),
        ("until before the cue", oneRequest + "narration:\n  - {step: 4, until: 2, en: x, zh: y}\n",
         "demos/t.yaml:5: narration[0].until: step 2 is not after the cue's step 4; the cue would never show"),
        ("event placeholder in a step cue", oneRequest + "narration:\n  - {step: 1, en: \"{event_request}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {event_request} names what an event did; it needs on: EVENT, not step:"),
        ("narration names a missing request", oneRequest + "narration:\n  - {on: finished, request: 9, en: x, zh: y}\n",
         "demos/t.yaml:5: narration[0].request: no request has id 9; expected one of 0"),
        ("placeholder names a missing request", oneRequest + "narration:\n  - step: 1\n    en: x\n    zh: \"{request_tokens request=4}\"\n",
         "demos/t.yaml:7: narration[0].zh: placeholder {request_tokens}: request= expects the id of a request in this file (0), got '4'"),
        ("placeholder names an unknown model", oneRequest + "narration:\n  - {step: 1, en: \"{kv_bytes model=gpt-9}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {kv_bytes}: model= expects a model preset (llama-2-7b, llama-2-13b, llama-2-70b, llama-3-8b, mistral-7b, qwen2.5-7b, opt-13b, deepseek-v3, gemma-3-27b), got 'gpt-9'"),
        ("placeholder block outside the pool", oneRequest + "narration:\n  - {step: 1, en: \"{block_refcount block=8}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {block_refcount}: block= expects a block id from 0 to 7, got '8'"),
        ("placeholder count not a number", oneRequest + "narration:\n  - {step: 1, en: \"{kv_bytes model=llama-2-7b seq_len=long}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {kv_bytes}: seq_len= expects a positive integer, got 'long'"),
        ("placeholder needs a model", oneRequest + "narration:\n  - {step: 1, en: \"{kv_bytes seq_len=4}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {kv_bytes} needs a model: add model=ID or a top-level model:"),
        ("placeholder needs a contiguous baseline", oneRequest + "narration:\n  - {step: 1, en: \"{contiguous_waste}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {contiguous_waste} needs a contiguous baseline: add contiguous: max or view: compare"),
        ("request longer than max_model_len", head + "max_model_len: 4\nrequests:\n  - {prompt: abc, max_tokens: 5}\n",
         "demos/t.yaml:5: requests[0].max_tokens: the request needs 8 tokens but max_model_len is 4; raise max_model_len or shorten the request"),
        ("request never fits the pool", head + "requests:\n  - {prompt: hi, max_tokens: 9}\n  - {prompt: hi, max_tokens: 40}\n",
         "demos/t.yaml:5: requests[1].max_tokens: the request can never fit: 42 tokens need 11 blocks of 4 but the pool has 8; shorten it or grow pool.blocks"),
        ("generated request never fits", head + "mode: memory\nworkload: {preset: chat, requests: 3}\n",
         "demos/t.yaml:4: workload: request 0 can never fit: …"),
        ("workload in decoder mode", head + "workload: {preset: chat, requests: 3}\n",
         "demos/t.yaml:3: workload: generates token ids, not text; add mode: memory"),
        ("a multi-line text where a list belongs", oneRequest + "narration: |\n  - a\n  - b\n",
         "demos/t.yaml:4: narration: expected a list, got '- a…'"),
        ("tensor_parallel without a model", head + "tensor_parallel: 2\nrequests: [{prompt: a, max_tokens: 1}]\n",
         "demos/t.yaml:3: tensor_parallel: needs a model: (or config:) too; tensor parallelism only splits a model's memory"),
        ("sizing with an unknown term", oneRequest + "narration:\n  - {step: 1, en: \"{sizing term=pool model=llama-2-7b}\", zh: y}\n",
         "demos/t.yaml:5: narration[0].en: placeholder {sizing}: term= expects one of gpu_memory, usable, reserve, weights, activations, non_torch, kv_budget, kv_per_token, blocks, kv_tokens, max_concurrency, full_layers, sliding_layers, group_size, kv_groups, padding_layers, padding_waste, got 'pool'"),
        ("gpu without a model", head + "gpu: a100-80gb\nrequests: [{prompt: a, max_tokens: 1}]\n",
         "demos/t.yaml:3: gpu: needs a model: (or config:) too; the GPU is only used to size a model's memory"),
        ("model too big for the gpu", "title: {en: x, zh: y}\nmode: memory\nmodel: llama-2-70b\ngpu: l4-24gb\nrequests: [{prompt_tokens: 3, max_tokens: 5}]\n",
         "demos/t.yaml:3: model: llama-2-70b does not fit on l4-24gb with --tp 1: weights 128.48 GiB + activations 528 MiB + non-torch 256 MiB leave less than one 5 MiB KV block of the usable 19.84 GiB: use a bigger --gpu or more --tp"),
        ("block size given twice", oneRequest + "block_size: 8\n",
         "demos/t.yaml:4: block_size: is 8 but pool.block_size is 4; give the block size once"),
        ("decoder pool too large", "title: {en: x, zh: y}\npool: {blocks: 100000, block_size: 64}\nrequests: [{prompt: a, max_tokens: 1}]\n",
         "demos/t.yaml:2: pool: 100000 blocks of 64 slots hold 6400000 token slots; the toy decoder keeps at most 16384: use fewer blocks, or mode: memory"),
        ("memory pool above the memory ceiling", "title: {en: x, zh: y}\nmode: memory\npool: {blocks: 200000, block_size: 1024}\nrequests: [{prompt_tokens: 3, max_tokens: 5}]\n",
         "demos/t.yaml:3: pool: 200000 blocks of 1024 slots need 796.88 MiB each time the engine keeps a copy, above the 32 MiB ceiling: use fewer blocks or a smaller block_size"),
        ("model-sized pool above the block ceiling", "title: {en: x, zh: y}\nmode: memory\nmodel: qwen2.5-7b\ngpu: h100-80gb\nblock_size: 1\nrequests: [{prompt_tokens: 3, max_tokens: 5}]\n",
         "demos/t.yaml:3: model: for this model and GPU, …"),
        ("huge number", head + "requests:\n  - prompt: a\n    max_tokens: 9223372036854775807\n",
         "demos/t.yaml:5: requests[0].max_tokens: expected a positive integer of at most 1000000000, got 9223372036854775807"),
        ("negative size", head + "requests:\n  - prompt: hi\n    max_tokens: -3\n",
         "demos/t.yaml:5: requests[0].max_tokens: expected a positive integer, got -3"),
        ("zero blocks", "title: {en: x, zh: y}\npool: {blocks: 0, block_size: 4}\nrequests: [{prompt: a, max_tokens: 1}]\n",
         "demos/t.yaml:2: pool.blocks: expected a positive number of blocks, got 0"),
        ("wrong type", oneRequest + "prefix_caching: [yes]\n",
         "demos/t.yaml:4: prefix_caching: expected true or false, got a list"),
        ("unknown event", oneRequest + "narration:\n  - {on: exploded, en: x, zh: y}\n",
         "demos/t.yaml:5: narration[0].on: expected one of admitted, resumed, prefix_hit, evicted, preempted, copied_on_write, forked, finished, allocated, all_finished, contiguous_finished, got 'exploded'"),
        ("unknown model", head + "model: gpt-9\nrequests: [{prompt: a, max_tokens: 1}]\n",
         "demos/t.yaml:3: model: expected one of llama-2-7b, llama-2-13b, llama-2-70b, llama-3-8b, mistral-7b, qwen2.5-7b, opt-13b, deepseek-v3, gemma-3-27b, got 'gpt-9'"),
        ("unknown key in a request", head + "requests:\n  - prompt: hi\n    max_tokens: 2\n    promt: x\n",
         "demos/t.yaml:6: requests[0].promt: unknown key; expected one of id, arrival, prompt, prompt_tokens, shared_prefix, continuation, continuations, max_tokens, n, sampling, preemption, beam_width"),
        ("unknown key in JSON", "{\"title\": {\"en\": \"J\", \"zh\": \"J\"},\n \"pool\": {\"blocks\": 4, \"block_size\": 4},\n \"requests\": [{\"prompt\": \"ab\", \"max_tokens\": 2, \"promt\": 1}]}",
         "demos/t.yaml:3: requests[0].promt: unknown key; expected one of id, arrival, prompt, prompt_tokens, shared_prefix, continuation, continuations, max_tokens, n, sampling, preemption, beam_width"),
        ("JSON syntax error", "{\"title\": {\"en\": \"J\", \"zh\": \"J\"},\n \"requests\": [{\"prompt\": \"ab\"}]\n \"x\": 1}",
         "demos/t.yaml:3: YAML syntax error: did not find expected ',' or '}' (column 2)"),
        ("beam width out of range", head + "requests: [{prompt: ab, max_tokens: 2, beam_width: 9}]\n",
         "demos/t.yaml:3: requests[0].beam_width: expected 1 to 8 beams, got 9"),
        ("beam width with samples", head + "requests: [{prompt: ab, max_tokens: 2, beam_width: 2, n: 2}]\n",
         "demos/t.yaml:3: requests[0].beam_width: cannot be combined with n = 2; use one of them"),
        ("beam width in memory mode", head + "mode: memory\nrequests: [{prompt_tokens: 3, max_tokens: 2, beam_width: 2}]\n",
         "demos/t.yaml:4: requests[0].beam_width: needs mode: decoder; beam search scores the toy decoder's logits"),
        ("beam width above max_num_seqs", head + "scheduler: {max_num_seqs: 2}\nrequests: [{prompt: ab, max_tokens: 2, beam_width: 3}]\n",
         "demos/t.yaml:4: requests[0].beam_width: is 3 beams, above scheduler.max_num_seqs 2; lower it or raise max_num_seqs"),
        ("no requests", "title: {en: x, zh: y}\npool: {blocks: 8, block_size: 4}\n",
         "demos/t.yaml:1: has no requests; add a requests: list or a workload:"),
        ("empty file", "", "demos/t.yaml: is empty; a scenario needs at least a title and requests"),
    ]

    @Test(arguments: cases.indices)
    func eachProblemGivesItsOneLine(_ index: Int) {
        let (label, text, expected) = Self.cases[index]
        let message = Self.message(text)
        if expected.hasSuffix("…") {
            // The figures come from the seeded workload generator; the test pins where and what.
            #expect(message.hasPrefix(String(expected.dropLast())), "\(label): \(message)")
            #expect(!message.contains("\n"), "\(label)")
        } else {
            #expect(message == expected, "\(label)")
        }
    }

    @Test func aValidFileGivesNoError() {
        #expect(Self.message(Self.oneRequest) == "no error")
    }

    @Test func yamlAnchorsReuseASharedPrompt() throws {
        let scenario = try ScenarioLoader.load(text: Self.head + """
            requests:
              - {id: 0, shared_prefix: &system "You are kind. ", prompt: hi, max_tokens: 2}
              - {id: 1, shared_prefix: *system, prompt: yo, max_tokens: 2}
            """, file: "t.yaml", name: "t")
        #expect(scenario.requests.map(\.sharedPrefix) == ["You are kind. ", "You are kind. "])
    }

    @Test func aFileOnDiskNamesItsPath() {
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/nonexistent/walk.yaml") }
        do {
            _ = try ScenarioLoader.load(path: "/nonexistent/walk.yaml")
        } catch {
            #expect(error.description == "/nonexistent/walk.yaml: no such file; check the path")
            #expect(!error.description.contains("\n"))
        }
    }

    /// The error keeps what was wrong as values: the value written and what the field accepts,
    /// the key and the keys a mapping takes, the placeholder problem with its kind and argument.
    @Test func theProblemIsTypedAndWordedOnce() {
        func problem(_ text: String) -> ScenarioError.Problem? {
            do {
                _ = try ScenarioLoader.load(text: text, file: "t.yaml", name: "t")
                return nil
            } catch {
                return error.problem
            }
        }
        #expect(problem(Self.head + "requests: [{prompt: ab, max_tokens: lots}]\n")
            == .unaccepted(value: "'lots'", accepted: "a positive integer"))
        #expect(problem(Self.oneRequest + "colour: red\n") == .unknownKey("colour", accepted: ScenarioKey.all.map(\.name)))
        let sizing = Self.oneRequest + "mode: memory\nmodel: llama-2-7b\nnarration:\n  - {step: 0, en: \"{sizing term=pool}\", zh: y}\n"
        guard case let .narration(.badValue(kind, argument, value, _))? = problem(sizing.replacingOccurrences(of: "prompt: ab", with: "prompt_tokens: 2")) else {
            Issue.record("not a typed placeholder problem")
            return
        }
        #expect(kind == .sizing && argument == .term && value == "pool")
        #expect(problem(Self.oneRequest + "narration:\n  - {step: 0, en: \"{used_blokcs}\", zh: y}\n")
            == .narration(.unknownPlaceholder("used_blokcs")))
    }
}

import KVBase
import Foundation
import Testing
import Engine
@testable import KVScenario
import Narration

/// The demos folder of this repository.
let demosDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("demos")

/// Every walkthrough file: the chapter's (`demos/`), then vLLM in practice (`demos/practice/`).
func demoFiles() -> [URL] {
    chapterDemoFiles() + practiceDemoFiles()
}

func chapterDemoFiles() -> [URL] { yamlFiles(in: demosDirectory) }

func practiceDemoFiles() -> [URL] { yamlFiles(in: demosDirectory.appendingPathComponent("practice")) }

private func yamlFiles(in folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
}

@Suite("Scenario files")
struct ScenarioLoaderTests {
    func load(_ text: String) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(text: text, file: "t.yaml", name: "t")
    }

    func error(_ text: String) -> String {
        do {
            _ = try ScenarioRun(try load(text), file: "t.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func everyDemoLoadsAndBuildsAnEngine() throws {
        let files = demoFiles()
        #expect(files.count >= 11)
        for file in files {
            let run = try Scenario.run(path: file.path)
            var engine = try run.makeEngine()
            engine.stepForward()
            #expect(!run.scenario.narration.isEmpty, "\(file.lastPathComponent) has no narration")
            #expect(!run.scenario.title.zh.isEmpty && !run.scenario.title.en.isEmpty)
        }
    }

    @Test func aMinimalScenarioGetsDefaults() throws {
        let scenario = try load("""
            title: {en: Hi, zh: 你好}
            pool: {blocks: 8, block_size: 4}
            requests:
              - prompt: 今天
                continuation: 天气
            """)
        #expect(scenario.requests.count == 1)
        #expect(scenario.requests[0].maxTokens == 2)
        #expect(scenario.requests[0].id == 0)
        #expect(scenario.view == .paged)
        #expect(scenario.mode == .decoder)
    }

    @Test func jsonIsAcceptedToo() throws {
        let scenario = try load(#"{"title": {"en": "J", "zh": "J"}, "pool": {"blocks": 4, "block_size": 4}, "requests": [{"prompt": "ab", "max_tokens": 2}]}"#)
        #expect(scenario.requests[0].prompt == "ab")
    }

    @Test func errorsNameTheFileTheLineAndTheField() {
        let base = "title: {en: x, zh: y}\npool: {blocks: 8, block_size: 4}\n"
        #expect(error(base + "requests:\n  - prompt: hi\n    max_tokens: -3\n")
            == "t.yaml:5: requests[0].max_tokens: expected a positive integer, got -3")
        #expect(error(base + "requets: []\n").hasPrefix("t.yaml:3: requets: unknown key; expected one of title"))
        #expect(error(base + "requests:\n  - prompt: hi\n    max_tokens: lots\n")
            == "t.yaml:5: requests[0].max_tokens: expected a positive integer, got 'lots'")
        #expect(error("title: [unclosed\n").hasPrefix("t.yaml:2: YAML syntax error"))
        #expect(error(base + "model: gpt-9\nrequests:\n  - {prompt: hi, max_tokens: 1}\n").contains("t.yaml:3: model: expected one of llama-2-7b"))
        #expect(error("title: {en: x, zh: y}\npool: {blocks: 0, block_size: 4}\nrequests: [{prompt: a, max_tokens: 1}]\n")
            == "t.yaml:2: pool.blocks: expected a positive number of blocks, got 0")
        #expect(error(base + "requests:\n  - prompt: hi\n    max_tokens: 40\n").contains("t.yaml:4: requests[0].max_tokens: the request can never fit: 42 tokens need 11 blocks of 4 but the pool has 8"))
        #expect(error(base + "requests:\n  - prompt: hi\n    max_tokens: 2\n    promt: x\n").hasPrefix("t.yaml:6: requests[0].promt: unknown key"))
        #expect(error(base + "requests: [{prompt: a, max_tokens: 1}]\nnarration:\n  - step: 0\n    en: \"{bogus}\"\n    zh: x\n")
            .hasPrefix("t.yaml:6: narration[0].en: unknown placeholder {bogus}"))
        #expect(error(base + "requests: [{prompt: a, max_tokens: 1}]\nnarration:\n  - step: 0\n    en: x\n")
            .hasPrefix("t.yaml:5: narration[0]: needs a 'zh' text"))
        #expect(error(base + "requests: {prompt: a}\n") == "t.yaml:3: requests: expected a list, got a mapping")
        #expect(error("") == "t.yaml: is empty; a scenario needs at least a title and requests")
    }

    @Test func garbageNeverCrashes() {
        var generator = SplitMix64(seed: 20_261_129)
        let pieces = ["title:", " {en: x, zh: y}", "\n", "requests:", "  - ", "prompt: a", "max_tokens: 2", "[", "]", "{", "}",
                      ":", "-", "pool:", "blocks: -1", "narration:", "step: x", "\t", "\"", "'", "&a", "*a", "!!int", "é今"]
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            _ = error(text)
        }
        let bytes = (0..<2000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = error(String(decoding: bytes, as: UTF8.self))
    }

    @Test func placeholdersAreParsedAndRendered() throws {
        let template = try NarrationTemplate.parse("K/V {kv_computed_total} vs {kv_bytes model=llama-2-70b seq_len=4096} {{x}}").get()
        #expect(template.placeholders.map(\.name) == ["kv_computed_total", "kv_bytes"])
        let text = template.render { $0.kind == .kvBytes ? $0.arguments.seqLen.map(String.init) : "7" }
        #expect(text == "K/V 7 vs 4096 {x}")
        #expect(throws: TemplateProblem.self) { try NarrationTemplate.parse("{request_tokens}").get() }
        #expect(throws: TemplateProblem.self) { try NarrationTemplate.parse("{step").get() }
        #expect(throws: TemplateProblem.self) { try NarrationTemplate.parse("{kv_bytes color=red}").get() }
    }
}


import Foundation
import KVCore
import Testing
import Engine
@testable import KVScenario

/// `config: FILE` in a scenario: the model comes from a Hugging Face config.json read by the
/// same reader as `--config` (`ModelPreset.load(configFile:)`), its path taken relative to the
/// scenario file, and it excludes `model:`.
@Suite("Scenario config.json models")
struct ScenarioConfigFileTests {
    /// A scenario "file" that sits in Tests/EngineTests, so `../Fixtures/...` reaches the fixtures.
    static let scenarioFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("config-scenario.yaml").path
    static let body = "mode: memory\ngpu: h100-80gb\nrequests: [{prompt_tokens: 100, max_tokens: 20}]\n"

    static func load(_ head: String) throws(ScenarioError) -> ScenarioRun {
        let text = "title: {en: x, zh: y}\n" + head + body
        return try ScenarioRun(ScenarioLoader.load(text: text, file: scenarioFile, name: "config-scenario"),
                               file: scenarioFile)
    }

    static func message(_ head: String) -> String {
        do {
            _ = try load(head)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func aConfigFileSizesTheRunLikeThePresetItDescribes() throws {
        let fromConfig = try Self.load("config: ../Fixtures/model-configs/llama-2-7b.json\n")
        let fromPreset = try Self.load("model: llama-2-7b\n")
        let model = try #require(fromConfig.scenario.model)
        #expect(model.kvBytesPerToken() == ModelPreset.llama2_7b.kvBytesPerToken())
        #expect(model.parameterCount == ModelPreset.llama2_7b.parameterCount)
        #expect(fromConfig.scenario.modelSource
            == .configFile(path: URL(fileURLWithPath: Self.scenarioFile).deletingLastPathComponent().path
                + "/../Fixtures/model-configs/llama-2-7b.json"))
        #expect(fromConfig.config.numBlocks == fromPreset.config.numBlocks)
        #expect(fromConfig.config.memory?.blockBytes == fromPreset.config.memory?.blockBytes)
        #expect(fromConfig.config.memory?.weightsBytes == fromPreset.config.memory?.weightsBytes)
    }

    @Test func modelPlaceholdersReadTheConfigsModel() throws {
        let text = "title: {en: x, zh: y}\nconfig: ../Fixtures/model-configs/mistral-7b-v0.1.json\n" + Self.body
            + "narration:\n  - {step: 1, en: \"{kv_bytes_per_token unit=exact} {model_kv_heads}\", zh: y}\n"
        let run = try ScenarioRun(ScenarioLoader.load(text: text, file: Self.scenarioFile, name: "c"), file: Self.scenarioFile)
        let engine = try run.makeEngine()
        let values = NarrationValues(config: run.config, scenario: run.scenario)
        #expect(values.value("kv_bytes_per_token", ["unit": "exact"], snapshot: engine.snapshot) == "131,072 B")
        #expect(values.value("model_kv_heads", [:], snapshot: engine.snapshot) == "8")
    }

    @Test func configAndModelTogetherIsAnErrorNamingBoth() {
        #expect(Self.message("model: llama-2-7b\nconfig: ../Fixtures/model-configs/llama-2-7b.json\n")
            == "\(Self.scenarioFile):3: config: and model: (line 2) both name the model; keep one of them")
    }

    @Test func aBadConfigFileIsOneLineNamingBothFilesAndTheField() {
        let folder = URL(fileURLWithPath: Self.scenarioFile).deletingLastPathComponent().path
        let missingField = Self.message("config: ../Fixtures/model-configs/missing-field.json\n")
        #expect(missingField.hasPrefix("\(Self.scenarioFile):2: config: \(folder)/../Fixtures/model-configs/missing-field.json: field 'num_attention_heads'"))
        let notJSON = Self.message("config: ../Fixtures/model-configs/not-json.json\n")
        #expect(notJSON.hasPrefix("\(Self.scenarioFile):2: config: ") && notJSON.contains("not-json.json: is not JSON"))
        let divisible = Self.message("config: ../Fixtures/model-configs/heads-not-divisible.json\n")
        #expect(divisible.hasPrefix("\(Self.scenarioFile):2: config: ") && divisible.contains("field '"))
        #expect(Self.message("config: nope.json\n") == "\(Self.scenarioFile):2: config: \(folder)/nope.json: no such file; check the path")
        #expect(Self.message("config: [a]\n") == "\(Self.scenarioFile):2: config: expected text, got a list")
        for text in [missingField, notJSON, divisible] { #expect(!text.contains("\n")) }
    }

    @Test func anAbsolutePathIsKept() {
        #expect(ScenarioLoader.configPath("/x/config.json", scenarioFile: "a/b.yaml") == "/x/config.json")
        #expect(ScenarioLoader.configPath("c.json", scenarioFile: "a/b.yaml") == "a/c.json")
        #expect(ScenarioLoader.configPath("c.json", scenarioFile: "b.yaml") == "c.json")
        #expect(ScenarioLoader.configPath("c.json", scenarioFile: "-") == "c.json")
    }
}

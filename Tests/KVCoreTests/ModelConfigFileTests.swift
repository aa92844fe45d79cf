import Foundation
import Testing
@testable import KVCore

/// `--config FILE`: models read from Hugging Face config.json files. The fixtures under
/// Tests/Fixtures/model-configs are written from the public configs' values (model cards on
/// huggingface.co: meta-llama, mistralai, Qwen, facebook, EleutherAI, deepseek-ai).
@Suite("Hugging Face config.json files")
struct ModelConfigFileTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/model-configs")

    private func load(_ name: String) throws(ModelConfigError) -> ModelPreset {
        try ModelPreset.load(configFile: Self.directory.appendingPathComponent(name).path)
    }

    private func error(_ name: String) -> ModelConfigError? {
        do {
            _ = try load(name)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("llama-2-7b.json", ModelPreset.llama2_7b), ("mistral-7b-v0.1.json", .mistral7b),
        ("qwen2.5-7b.json", .qwen25_7b), ("opt-13b.json", .opt13b), ("deepseek-v3.json", .deepseekV3),
        ("calibration/google--gemma-3-27b-it/config.json", .gemma3_27b),
    ])
    func configsGiveThePresetsShapes(file: String, preset: ModelPreset) throws {
        let model = try load(file)
        #expect(model.parameterCount == preset.parameterCount)
        #expect(model.kvBytesPerToken() == preset.kvBytesPerToken())
        #expect(model.slidingWindow == preset.slidingWindow)
        #expect(model.weightDType == preset.weightDType)
        #expect(model.maxModelLen == preset.maxModelLen)
        #expect(model.attentionLabel == preset.attentionLabel)
        #expect(model.slidingLayers == preset.slidingLayers)
    }

    @Test func gptNeoXCountsPythia6_9B() throws {
        let model = try load("pythia-6.9b.json")
        #expect(model.architecture == .gptNeoX)
        #expect(model.parameterCount == 6_857_302_016)  // the Pythia paper's non-rounded count
        #expect(model.kvBytesPerToken() == 2 * 32 * 32 * 128 * 2)
    }

    @Test func deepSeekV2LiteHasNoQueryBottleneck() throws {
        let model = try load("deepseek-v2-lite.json")
        #expect(model.queryLoraRank == nil)
        #expect(model.kvBytesPerToken(dtype: .bf16) == 27 * (512 + 64) * 2)
        // Published: 15.7B parameters.
        #expect(abs(model.parameterCount - 15_700_000_000) * 50 < 15_700_000_000)
    }

    @Test func theIDIsTheFileOrItsDirectory() {
        #expect(ModelPreset.configID(file: "models/Mistral-7B-v0.1/config.json") == "Mistral-7B-v0.1")
        #expect(ModelPreset.configID(file: "x/opt-13b.json") == "opt-13b")
        #expect(ModelPreset.configID(file: "config.json") == "config")
    }

    @Test func aFileThatIsNotJSONNamesTheFile() throws {
        let failure = try #require(error("not-json.json"))
        #expect(failure.field == nil)
        #expect(failure.description.hasSuffix("not-json.json: is not JSON: pass a Hugging Face config.json"))
    }

    @Test func aMissingFieldIsNamed() throws {
        let failure = try #require(error("missing-field.json"))
        #expect(failure.field == "num_attention_heads")
        #expect(failure.description.contains("missing-field.json: field 'num_attention_heads' is missing"))
    }

    @Test func headsThatDoNotSplitIntoKVHeadsAreRefused() throws {
        let failure = try #require(error("heads-not-divisible.json"))
        #expect(failure.field == "num_attention_heads")
        #expect(failure.description.contains("is 32, not divisible by num_key_value_heads 5"))
    }

    @Test func wrongTypesAndRangesAreNamed() throws {
        func parse(_ text: String) -> ModelConfigError? {
            do {
                _ = try ModelPreset(huggingFaceConfig: Data(text.utf8), file: "c.json")
                return nil
            } catch {
                return error
            }
        }
        let base = #""model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008, "max_position_embeddings": 4096, "num_attention_heads": 32, "vocab_size": 32000"#
        #expect(parse("{\(base), \"num_hidden_layers\": \"32\"}")?.field == "num_hidden_layers")
        #expect(parse("{\(base), \"num_hidden_layers\": 0}")?.field == "num_hidden_layers")
        #expect(parse("{\(base), \"num_hidden_layers\": 1e300}")?.field == "num_hidden_layers")
        #expect(parse("{\(base), \"num_hidden_layers\": 2.5}")?.field == "num_hidden_layers")
        #expect(parse("{\(base), \"num_hidden_layers\": true}")?.field == "num_hidden_layers")
        #expect(parse("{\(base), \"num_hidden_layers\": 32, \"torch_dtype\": \"int3\"}")?.field == "torch_dtype")
        #expect(parse("{\(base), \"num_hidden_layers\": 32, \"tie_word_embeddings\": 1}")?.field == "tie_word_embeddings")
        #expect(parse("[1, 2]")?.field == nil)
        #expect(parse(#"{"model_type": "bert"}"#)?.field == "model_type")
        #expect(parse("{\(base), \"num_hidden_layers\": 32}") == nil)
    }

    @Test func directoriesAndMissingFilesGetAPlainMessage() throws {
        let directory = try #require(error("."))
        #expect(directory.description.hasSuffix("is a directory, not a file; name a config.json"))
        let missing = try #require(error("nope.json"))
        #expect(missing.description.hasSuffix("no such file; check the path"))
    }

    /// A FIFO with no writer would block a plain open; a device would never end.
    @Test func fifosAndDevicesAreRefusedWithoutBlocking() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("kvviz-config-\(getpid()).json").path
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        do {
            _ = try ModelPreset.load(configFile: fifo)
            Issue.record("a FIFO was read")
        } catch {
            #expect(error.description.contains("is a FIFO"))
        }
        do {
            _ = try ModelPreset.load(configFile: "/dev/zero")
            Issue.record("a device was read")
        } catch {
            #expect(error.description == "/dev/zero: is a character device, not a file; name a config.json")
        }
    }

    @Test func everyMessageIsOneLine() {
        for name in ["not-json.json", "missing-field.json", "heads-not-divisible.json", ".", "nope.json"] {
            #expect(error(name).map { !$0.description.contains("\n") } == true, "\(name)")
        }
    }
}

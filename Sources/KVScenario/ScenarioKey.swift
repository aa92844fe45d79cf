import Engine
import Foundation
import KVCore

/// One top-level key of a scenario file: its name and how it is read into the typed `Scenario`,
/// bounds and cross-checks included. `ScenarioKey.all` is the one list: the loader accepts exactly
/// these keys and reads them in this order, so a key may rely on the ones above it (`gpu:` needs
/// `model:`, `narration:` names `requests:`). Adding a key is one entry here (plus its typed field
/// in `Scenario`, its use in `ScenarioRun`, and a case in `ScenarioErrorTests`).
struct ScenarioKey: Sendable {
    typealias Fields = [String: ScenarioNode]
    let name: String
    let read: @Sendable (ScenarioNode, inout Scenario, Fields) throws(ScenarioError) -> Void

    init(_ name: String, _ read: @escaping @Sendable (ScenarioNode, inout Scenario, Fields) throws(ScenarioError) -> Void) {
        self.name = name
        self.read = read
    }

    static let all: [ScenarioKey] = [
        ScenarioKey("title") { node, scenario, _ throws(ScenarioError) in scenario.title = try node.text() },
        ScenarioKey("summary") { node, scenario, _ throws(ScenarioError) in scenario.summary = try node.text() },
        ScenarioKey("view") { node, scenario, _ throws(ScenarioError) in scenario.view = try node.choice(Scenario.View.self) },
        ScenarioKey("pictures") { node, scenario, _ throws(ScenarioError) in
            var pictures: [Scenario.Picture] = []
            for item in try node.items() {
                let picture = try item.choice(Scenario.Picture.self)
                if pictures.contains(picture) { throw item.error(.pictureTwice(picture)) }
                pictures.append(picture)
            }
            scenario.pictures = pictures
        },
        ScenarioKey("mode") { node, scenario, _ throws(ScenarioError) in scenario.mode = try node.choice(Scenario.Mode.self) },
        ScenarioKey("model") { node, scenario, _ throws(ScenarioError) in
            scenario.model = try node.choice(ModelPreset.all, id: \.id)
        },
        ScenarioKey("config") { node, scenario, fields throws(ScenarioError) in
            if let model = fields["model"] {
                throw node.error(.configAndModel(modelLine: model.line ?? 0))
            }
            let path = ScenarioLoader.configPath(try node.string(), scenarioFile: node.file)
            do throws(ModelConfigError) {
                scenario.model = try ModelPreset.load(configFile: path)
            } catch {
                throw node.error(.config(error))
            }
            scenario.modelSource = .configFile(path: path)
        },
        ScenarioKey("gpu") { node, scenario, _ throws(ScenarioError) in
            scenario.gpu = try node.choice(GPUPreset.all, id: \.id)
            guard scenario.model != nil else {
                throw node.error(.needsModel(for: .gpu))
            }
        },
        ScenarioKey("dtype") { node, scenario, _ throws(ScenarioError) in scenario.dtype = try node.choice(DType.self) },
        ScenarioKey("tensor_parallel") { node, scenario, _ throws(ScenarioError) in
            guard scenario.model != nil else {
                throw node.error(.needsModel(for: .tensorParallel))
            }
            scenario.tensorParallel = try node.positiveInt(atMost: 64)
        },
        ScenarioKey("pool") { node, scenario, _ throws(ScenarioError) in
            let p = try node.fields(allowed: ["blocks", "block_size"])
            guard let blocks = p["blocks"] else { throw node.error(.missingCount(key: "blocks")) }
            guard let size = p["block_size"] else { throw node.error(.missingCount(key: "block_size")) }
            let pool = Scenario.Pool(blocks: try blocks.int(atLeast: 1, expected: "a positive number of blocks"),
                                     blockSize: try size.positiveInt(atMost: ScenarioLoader.maxBlockSize))
            if pool.blocks > ScenarioLoader.maxBlocks {
                throw blocks.error(.atMost(ScenarioLoader.maxBlocks, noun: "blocks", got: pool.blocks))
            }
            if let problem = ScenarioLoader.poolProblem(blocks: pool.blocks, blockSize: pool.blockSize, mode: scenario.mode) {
                throw node.error(.pool(problem, sized: false))
            }
            scenario.pool = pool
        },
        ScenarioKey("block_size") { node, scenario, _ throws(ScenarioError) in
            scenario.blockSize = try node.positiveInt(atMost: ScenarioLoader.maxBlockSize)
            if let pool = scenario.pool, pool.blockSize != scenario.blockSize {
                throw node.error(.blockSizeTwice(given: scenario.blockSize, pool: pool.blockSize))
            }
        },
        ScenarioKey("scheduler") { node, scenario, _ throws(ScenarioError) in
            let s = try node.fields(allowed: ["max_num_batched_tokens", "max_num_seqs", "max_prefill_chunk"])
            if let v = s["max_num_batched_tokens"] { scenario.scheduler.maxNumBatchedTokens = try v.positiveInt() }
            if let v = s["max_num_seqs"] { scenario.scheduler.maxNumSeqs = try v.positiveInt() }
            if let v = s["max_prefill_chunk"] { scenario.scheduler.maxPrefillChunk = try v.positiveInt() }
        },
        ScenarioKey("sampling") { node, scenario, _ throws(ScenarioError) in
            scenario.scheduler.sampling = try node.choice(ParallelSamplingDesign.self)
        },
        ScenarioKey("preemption") { node, scenario, _ throws(ScenarioError) in
            scenario.scheduler.preemption = try node.choice(PreemptionMode.self)
        },
        ScenarioKey("cpu_blocks") { node, scenario, _ throws(ScenarioError) in
            scenario.scheduler.cpuBlocks = try node.int(atLeast: 0, atMost: 1 << 20, expected: "a number of CPU blocks >= 0")
        },
        ScenarioKey("prefix_caching") { node, scenario, _ throws(ScenarioError) in scenario.prefixCaching = try node.bool() },
        ScenarioKey("kv_groups") { node, scenario, _ throws(ScenarioError) in scenario.kvGroups = try node.kvGroups() },
        ScenarioKey("seed") { node, scenario, _ throws(ScenarioError) in
            scenario.seed = UInt64(try node.int(atLeast: 0, atMost: Int.max, expected: "a seed >= 0"))
        },
        ScenarioKey("temperature") { node, scenario, _ throws(ScenarioError) in scenario.temperature = try node.double(in: 0...10) },
        ScenarioKey("max_model_len") { node, scenario, _ throws(ScenarioError) in
            scenario.maxModelLen = try node.positiveInt(atMost: ScenarioLoader.maxModelLen)
        },
        ScenarioKey("contiguous") { node, scenario, _ throws(ScenarioError) in
            scenario.contiguousPolicy = try node.choice(ContiguousPolicy.self)
        },
        ScenarioKey("run_until") { node, scenario, _ throws(ScenarioError) in
            scenario.runUntil = try node.choice(RunEnd.self)
        },
        ScenarioKey("workload") { node, scenario, _ throws(ScenarioError) in
            scenario.workload = try ScenarioLoader.parseWorkload(node)
            if scenario.mode == .decoder { throw node.error(.workloadInDecoder) }
        },
        ScenarioKey("requests") { node, scenario, _ throws(ScenarioError) in
            for item in try node.items() {
                scenario.requests.append(try ScenarioLoader.parseRequest(item, index: scenario.requests.count))
            }
            try ScenarioLoader.checkRequests(scenario, node)
        },
        ScenarioKey("narration") { node, scenario, _ throws(ScenarioError) in
            let context = PlaceholderContext(scenario)
            for item in try node.items() { scenario.narration.append(try ScenarioLoader.parseNarration(item, context: context)) }
        },
    ]
}

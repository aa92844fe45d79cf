import ArgumentParser
import KVDemos
import KVCore
import Visualizer

// Values with a fixed set of choices are real argument types: the parser rejects anything else
// with exit 64 and lists the choices, and the shell completion scripts offer them.

extension Language: ExpressibleByArgument {}

/// A walkthrough's short name. Completion offers the built-in names; a `--demos` folder may add
/// more at run time, so any name parses and the catalog decides.
struct DemoName: ExpressibleByArgument, Sendable {
    let name: String

    init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { DemoCatalog.builtInNames }
    static var defaultCompletionKind: CompletionKind { .list(DemoCatalog.builtInNames) }
}

extension TourPart: ExpressibleByArgument {}

extension BlockManagerKind: ExpressibleByArgument {}

/// A preset catalogue the command line can name entries of (case-insensitive ids).
protocol NamedPreset: Sendable {
    var id: String { get }
    static var all: [Self] { get }
}

extension ModelPreset: NamedPreset {}
extension GPUPreset: NamedPreset {}

/// A preset named by `--model` or `--gpu`; help and completions list the catalogue's ids.
struct PresetChoice<Preset: NamedPreset>: ExpressibleByArgument, Sendable {
    let preset: Preset

    init?(argument: String) {
        guard let preset = Preset.all.first(where: { $0.id == argument.lowercased() }) else { return nil }
        self.preset = preset
    }

    init(_ preset: Preset) { self.preset = preset }

    var defaultValueDescription: String { preset.id }
    static var allValueStrings: [String] { Preset.all.map(\.id) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

typealias ModelID = PresetChoice<ModelPreset>
typealias GPUID = PresetChoice<GPUPreset>

/// A workload preset named by `--workload` (case-insensitive).
struct WorkloadName: ExpressibleByArgument, Sendable {
    let name: String
    let spec: WorkloadSpec

    init?(argument: String) {
        guard let spec = WorkloadSpec.preset(named: argument) else { return nil }
        self.name = argument.lowercased()
        self.spec = spec
    }

    var defaultValueDescription: String { name }
    static var allValueStrings: [String] { WorkloadSpec.presets.map(\.name) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// A KV or weight dtype (`fp32`, `fp16`, `bf16`, `fp8` and their common spellings).
extension DType: ExpressibleByArgument {
    public init?(argument: String) {
        guard let dtype = try? DType(parsing: argument) else { return nil }
        self = dtype
    }

    public static var allValueStrings: [String] { ["fp32", "fp16", "bf16", "fp8"] }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// A stored weight format (`fp8`, `int8`/`w8a8`, `int4`/`w4a16`, `mxfp4`, or a float dtype).
extension WeightFormat: ExpressibleByArgument {
    public init?(argument: String) {
        guard let format = WeightFormat(parsing: argument) else { return nil }
        self = format
    }

    public static var allValueStrings: [String] { WeightFormat.allCases.map(\.rawValue) }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

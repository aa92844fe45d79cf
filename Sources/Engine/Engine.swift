import KVCore
import ToyDecoder
public enum EngineInfo { public static let name = "Engine" }

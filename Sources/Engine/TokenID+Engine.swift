import KVCore

/// KVCore and ToyDecoder both name token ids; inside the engine they are the same Int32.
typealias TokenID = KVCore.TokenID

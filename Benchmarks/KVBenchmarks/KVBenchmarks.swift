public enum KVBenchmarksInfo { public static let name = "KVBenchmarks" }

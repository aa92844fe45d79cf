public enum ToyDecoderInfo { public static let name = "ToyDecoder" }

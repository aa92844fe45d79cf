public enum TerminalCanvasInfo { public static let name = "TerminalCanvas" }

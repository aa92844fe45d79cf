import Engine
import TerminalCanvas
public enum VisualizerInfo { public static let name = "Visualizer" }

import CNcurses
import TerminalCanvas
public enum CursesBackendInfo { public static let name = "CursesBackend" }

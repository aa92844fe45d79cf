/// The interactive keys as the `?` overlay lists them, for text outside the screen (the
/// command line's `--help`), so both always say the same.
public enum KeyHelp {
    public static var entries: [(key: String, en: String, zh: String)] {
        HelpOverlay.entries.map { (key: $0.0, en: $0.1, zh: $0.2) }
    }
}

/// The interactive keys as the `?` overlay lists them, for text outside the screen (the
/// command line's `--help`), so both always say the same.
public enum KeyHelp {
    public static var entries: [(key: String, en: String, zh: String)] {
        HelpOverlay.keys().filter { !$0.isHeading }.map { (key: $0.key, en: $0.en, zh: $0.zh) }
    }
}

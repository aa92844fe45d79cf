import Testing
@testable import Visualizer

/// `--theme auto`: the theme read from a terminal's OSC 11 reply.
@Suite struct ThemeNameTests {
    @Test(arguments: [
        ("\u{1B}]11;rgb:fafa/fafa/fafa\u{1B}\\\u{1B}[?1;2c", ThemeName.light),
        ("\u{1B}]11;rgb:1e1e/1e1e/1e1e\u{7}", .dark),
        ("\u{1B}]11;rgb:28/2c/34\u{1B}\\", .dark),
        ("\u{1B}]11;rgb:0/2/3\u{1B}\\", .dark),
        ("\u{1B}]11;rgb:fdfd/f6f6/e3e3\u{1B}\\", .light),  // Solarized Light
        ("\u{1B}]11;rgb:8080/8080/8080\u{7}", .light),
    ])
    func readsTheBackgroundFromAnOSC11Reply(reply: String, expected: ThemeName) {
        #expect(ThemeName.fromOSC11Reply(Array(reply.utf8)) == expected)
    }

    @Test(arguments: ["\u{1B}[?1;2c", "", "\u{1B}]11;rgb:zz/00/00\u{7}", "\u{1B}]11;rgb:00/00\u{7}", "\u{1B}]11;rgb:12345/0/0\u{7}"])
    func aReplyWithoutAColourSaysNothing(reply: String) {
        #expect(ThemeName.fromOSC11Reply(Array(reply.utf8)) == nil)
    }
}

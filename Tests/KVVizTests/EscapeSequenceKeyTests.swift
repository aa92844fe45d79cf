import Testing
@testable import CursesBackend

/// The escape sequences that the terminfo entry did not decode, read by hand: the cursor keys
/// have one final byte after SS3 (Esc O) and after CSI (Esc [), and each introducer has keys of
/// its own.
@Suite struct EscapeSequenceKeyTests {
    private func byte(_ character: Character) -> UInt32 { character.unicodeScalars.first!.value }

    @Test func cursorKeysReadTheSameAfterSS3AndCSI() {
        let cursor: [(Character, Key)] = [("A", .up), ("B", .down), ("C", .right), ("D", .left),
                                          ("H", .home), ("F", .end), ("E", .keypadCentre)]
        for (final, key) in cursor {
            #expect(CursesTerminal.key(forSS3: byte(final)) == key, "Esc O \(final)")
            #expect(CursesTerminal.key(forCSI: [], final: byte(final)) == key, "Esc [ \(final)")
        }
    }

    @Test func eachIntroducerKeepsItsOwnKeys() {
        #expect(CursesTerminal.key(forSS3: byte("M")) == .enter)
        #expect(CursesTerminal.key(forSS3: byte("P")) == .function(1))
        #expect(CursesTerminal.key(forSS3: byte("p")) == .character("0"))
        #expect(CursesTerminal.key(forSS3: byte("y")) == .character("9"))
        #expect(CursesTerminal.key(forSS3: byte("Z")) == nil)
        #expect(CursesTerminal.key(forCSI: [], final: byte("Z")) == .backTab)
        #expect(CursesTerminal.key(forCSI: [byte("5")], final: byte("~")) == .pageUp)
        #expect(CursesTerminal.key(forCSI: [byte("1")], final: byte("~")) == .home)
        #expect(CursesTerminal.key(forCSI: [], final: byte("M")) == nil)
    }
}

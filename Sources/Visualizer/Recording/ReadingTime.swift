/// How long a recording holds a frame whose narration starts there: long enough to read it.
///
/// English is read at about 200 words a minute and Chinese at about 300 characters a minute
/// (comfortable paces for study, slower than skimming); a second is added to take in the picture,
/// and `pause:` cues (where the interactive viewer stops until a key) hold three seconds more.
enum ReadingTime {
    static let wordsPerMinuteEnglish = 200.0
    static let charactersPerMinuteChinese = 300.0
    static let lookSeconds = 1.0
    static let pauseSeconds = 3.0
    public static let minimum = 2.0
    public static let maximum = 20.0

    public static func seconds(toRead text: String, pause: Bool) -> Double {
        var words = 0
        var hanCharacters = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if isHan(scalar) {
                hanCharacters += 1
                inWord = false
            } else if scalar.properties.isWhitespace {
                inWord = false
            } else if !inWord {
                words += 1
                inWord = true
            }
        }
        let reading = Double(words) * 60 / wordsPerMinuteEnglish + Double(hanCharacters) * 60 / charactersPerMinuteChinese
        let held = min(max(lookSeconds + reading, minimum), maximum)
        return held + (pause ? pauseSeconds : 0)
    }

    /// CJK ideographs and the CJK punctuation and full-width forms read with them.
    private static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF: true
        default: false
        }
    }
}

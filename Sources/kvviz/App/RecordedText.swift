import TerminalCanvas
import Visualizer

/// A recorded walkthrough without a terminal: the screen at each cue's frame, as plain text.
enum RecordedText {
    static func print(_ demo: RecordedDemo, language: Language, size: Size = Size(width: 100, height: 32)) {
        var player = demo.player(language: language)
        player.resize(size)
        for (index, cue) in demo.walkthrough.cues.enumerated() {
            while player.position < cue.frame { _ = player.apply(.nextCue) }
            var canvas = Canvas(size: size)
            LiveView.draw(player.screen, on: &canvas)
            if index > 0 { Console.out("") }
            Console.out(canvas.plainText())
        }
    }
}

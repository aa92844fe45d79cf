import Engine
import KVCore
import TerminalCanvas
import Testing
@testable import Visualizer

/// The memory bar's legend shortens to what fits: at 80 columns, in both languages, every entry
/// it draws is whole (no cut glyph or word) and the KV cache's own entries stay.
@Suite("Memory legend fits")
struct MemoryLegendTests {
    @Test(arguments: DemoWalkthroughTests.files)
    func legendFitsAt80Columns(file: String) throws {
        for language in Language.allCases {
            var state = try AppState(chapters: [DemoWalkthroughTests.chapter(file)], language: language, colors: false,
                                     size: Size(width: 80, height: 24))
            for _ in 0..<40 {
                let frame = Frame(state: state)
                let rect = frame.layout.memory
                let (heading, segments) = MemoryBar.segmentsFor(frame)
                let barX = rect.x + DisplayWidth.of(heading) + 1
                let (x, spans) = MemoryLegend.fitted(frame, segments, barX: barX, rowX: rect.x, width: rect.width)
                let width = spans.reduce(0) { $0 + $1.width }
                let place = "\(file) \(language) step \(state.snapshot.step)"
                // The last entry's trailing gap may overhang by one column: it is blank.
                #expect(x + width - 1 <= rect.maxX, "\(place): legend of \(width) columns at \(x) in \(rect.width)")
                let text = spans.map(\.text).joined()
                for segment in segments where segment.amount > 0 && MemoryLegend.priority(segment.color) == 0 {
                    #expect(text.contains(segment.name), "\(place): \(segment.name) dropped from \(text)")
                }
                if state.engine.isComplete { break }
                _ = dispatch(&state, .stepForward)
            }
        }
    }
}

import Testing
import KVCore

@Suite("ByteCount formatting")
struct MemoryByteCountTests {
    @Test(arguments: [
        (0, "0 B"), (1023, "1023 B"), (1024, "1 KiB"), (524_288, "512 KiB"),
        (268_435_456, "256 MiB"), (1_342_177_280, "1.25 GiB"), (13_476_831_232, "12.55 GiB"),
        (85_520_809_984, "79.65 GiB"), (1_048_575, "1 MiB"), (-1_342_177_280, "-1.25 GiB"),
        (Int.max, "8 EiB"),
    ])
    func binaryUnitsRoundToTwoDigitsAndDropTrailingZeros(bytes: Int, text: String) {
        #expect(ByteCount.binary(bytes) == text)
    }

    @Test(arguments: [
        (999, "999 B"), (819_200, "819.2 KB"), (268_435_456, "268.44 MB"),
        (1_342_177_280, "1.34 GB"), (10_737_418_240, "10.74 GB"), (13_476_831_232, "13.48 GB"),
    ])
    func decimalUnitsMatchHowTheChapterQuotesSizes(bytes: Int, text: String) {
        #expect(ByteCount.decimal(bytes) == text)
    }

    @Test func fractionDigitsAreAdjustableAndRoundHalfUp() {
        #expect(ByteCount.binary(1_610_612_736, fractionDigits: 0) == "2 GiB")
        #expect(ByteCount.decimal(13_476_831_232, fractionDigits: 1) == "13.5 GB")
        #expect(ByteCount.binary(1_342_177_280, fractionDigits: 3) == "1.25 GiB")
    }

    @Test(arguments: [(0, "0"), (100, "100"), (524_288, "524,288"), (-1_234_567, "-1,234,567"),
                      (10_737_418_240, "10,737,418,240")])
    func groupedInsertsThousandsSeparators(value: Int, text: String) {
        #expect(ByteCount.grouped(value) == text)
    }

    @Test func countUsesDecimalSuffixes() {
        #expect(ByteCount.count(6_738_415_616) == "6.74B")
        #expect(ByteCount.count(68_976_648_192) == "68.98B")
        #expect(ByteCount.count(950) == "950")
        #expect(ByteCount.count(2_048_000) == "2.05M")
    }
}

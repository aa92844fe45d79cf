import KVBase
import Testing
@testable import MsgPack

/// A seeded mutator: random documents, encoded, then damaged (bytes flipped, cut, inserted,
/// headers duplicated). Decoding must answer a value or an error, never trap, and a value it
/// answers must encode back to a document that decodes to the same value.
@Suite("MessagePack fuzzing (seeded)")
struct MsgPackFuzzTests {
    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> MsgPackValue {
        let pick = rng.next() % (depth > 3 ? 7 : 10)
        switch pick {
        case 0: return .nil_
        case 1: return .bool(rng.next() & 1 == 0)
        case 2: return .int(.unsigned(rng.next() >> (rng.next() % 64)))
        case 3: return .int(.signed(-Int64(rng.next() >> (1 + rng.next() % 63)) - 1))
        case 4: return .float(Double(bitPattern: rng.next() & 0x7fef_ffff_ffff_ffff))
        case 5: return .string(String((0..<Int(rng.next() % 40)).map { _ in Character(UnicodeScalar(UInt8(97 + rng.next() % 26))) }))
        case 6: return .binary((0..<Int(rng.next() % 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 7: return .array((0..<Int(rng.next() % 6)).map { _ in randomValue(&rng, depth: depth + 1) })
        case 8: return .map((0..<Int(rng.next() % 4)).map { _ in (randomValue(&rng, depth: depth + 1), randomValue(&rng, depth: depth + 1)) })
        default: return .ext(type: Int8(truncatingIfNeeded: rng.next()), data: (0..<Int(rng.next() % 18)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        }
    }

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            guard !out.isEmpty else { return [UInt8(truncatingIfNeeded: rng.next())] }
            let at = Int(rng.next() % UInt64(out.count))
            switch rng.next() % 5 {
            case 0: out[at] ^= UInt8(1 << (rng.next() % 8))
            case 1: out.removeSubrange(at...)
            case 2: out.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            case 3: out[at] = [0xdd, 0xdf, 0xdb, 0xc6, 0xc9, 0xc1, 0x9f, 0x8f][Int(rng.next() % 8)]
            default: out.insert(contentsOf: out[at..<min(out.count, at + 5)], at: at)
            }
        }
        return out
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedDocumentsNeverTrap(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var decodedAfterDamage = 0
        for _ in 0..<2_000 {
            let value = Self.randomValue(&rng, depth: 0)
            var writer = MsgPackWriter()
            writer.write(value)
            #expect(try MsgPackValue.decode(writer.bytes) == value)
            let damaged = Self.mutate(writer.bytes, &rng)
            var skipper = MsgPackReader(damaged)
            _ = try? skipper.skipValue()
            guard let again = try? MsgPackValue.decode(damaged) else { continue }
            decodedAfterDamage += 1
            var rewriter = MsgPackWriter()
            rewriter.write(again)
            #expect(try MsgPackValue.decode(rewriter.bytes) == again)
        }
        #expect(decodedAfterDamage > 0)  // the mutator leaves some documents readable
    }
}

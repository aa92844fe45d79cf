import KVBase

/// kvviz's recording of a live stream (`attach --record FILE`, read by `replay FILE`): every
/// frame with its arrival time, in order, so a replay reproduces the screen and the `--json`
/// lines. Binary and append-only (a recording cut short by a crash reads up to its last whole
/// record):
///
///     header  "KVVIZ-LIVE 1\n"  (one server)  or  "KVVIZ-LIVE 2\n"  (data-parallel ranks)
///     record  kind u8 | [rank u8, version 2 only] | arrival f64 (seconds since attach) | sequence i64 | topic u32+bytes | payload u32+bytes
///
/// all big-endian. Kinds: 0 a live batch, 1 a batch from the replay socket, 2 a /metrics page.
/// Version 2 tags every record with the data-parallel rank it came from (each rank has its own
/// sequence numbers); a single-rank attach still writes version 1.
public struct LiveFrameRecord: Equatable, Sendable {
    public enum Kind: UInt8, Sendable { case live = 0, replayed = 1, metrics = 2 }

    public var kind: Kind
    public var arrival: Double
    public var sequence: Int64
    public var topic: [UInt8]
    public var payload: [UInt8]
    /// The data-parallel rank it came from (0 in a version 1 recording).
    public var rank: Int

    public init(kind: Kind, arrival: Double, sequence: Int64, topic: [UInt8] = [], payload: [UInt8], rank: Int = 0) {
        self.rank = rank
        self.kind = kind
        self.arrival = arrival
        self.sequence = sequence
        self.topic = topic
        self.payload = payload
    }
}

public enum LiveRecording {
    public static let header = Array("KVVIZ-LIVE 1\n".utf8)
    /// The header of a recording of several data-parallel ranks (a rank byte per record).
    public static let rankedHeader = Array("KVVIZ-LIVE 2\n".utf8)
    /// Ranks a version 2 recording can tag (attach takes at most 64).
    public static let maxRanks = 256

    public struct Failure: KVVizError, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// One record; `ranked`: with the rank byte of version 2.
    public static func encode(_ frame: LiveFrameRecord, ranked: Bool = false) -> [UInt8] {
        var out: [UInt8] = [frame.kind.rawValue]
        if ranked { out.append(UInt8(clamping: frame.rank)) }
        func put(_ value: UInt64, _ width: Int) { for shift in stride(from: (width - 1) * 8, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) } }
        put(frame.arrival.bitPattern, 8)
        put(UInt64(bitPattern: frame.sequence), 8)
        put(UInt64(frame.topic.count), 4); out += frame.topic
        put(UInt64(frame.payload.count), 4); out += frame.payload
        return out
    }

    /// Reads a whole recording. A record cut short at the end is dropped and reported in
    /// `truncated` (the recorder was stopped mid-write); anything else malformed is an error.
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> (frames: [LiveFrameRecord], truncated: Bool) {
        let ranked = bytes.starts(with: rankedHeader)
        guard ranked || bytes.starts(with: header) else { throw Failure(description: "is not a kvviz recording (no \"KVVIZ-LIVE 1\" or \"KVVIZ-LIVE 2\" header)") }
        var frames: [LiveFrameRecord] = []
        var index = header.count
        func take(_ width: Int) -> UInt64? {
            guard bytes.count - index >= width else { return nil }
            defer { index += width }
            return bytes[index..<(index + width)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        while index < bytes.count {
            let start = index
            guard let rawKind = take(1), let rank = ranked ? take(1) : 0, let arrival = take(8), let sequence = take(8),
                  let topicLength = take(4) else { return (frames, true) }
            guard let kind = LiveFrameRecord.Kind(rawValue: UInt8(rawKind)) else {
                throw Failure(description: "has an unknown record kind \(rawKind) at byte \(start)")
            }
            guard bytes.count - index >= Int(topicLength) else { return (frames, true) }
            let topic = Array(bytes[index..<(index + Int(topicLength))])
            index += Int(topicLength)
            guard let payloadLength = take(4), bytes.count - index >= Int(payloadLength) else { return (frames, true) }
            let payload = Array(bytes[index..<(index + Int(payloadLength))])
            index += Int(payloadLength)
            let time = Double(bitPattern: arrival)
            guard time.isFinite, time >= 0 else { throw Failure(description: "has a bad arrival time at byte \(start)") }
            frames.append(LiveFrameRecord(kind: kind, arrival: time, sequence: Int64(bitPattern: sequence), topic: topic, payload: payload,
                                          rank: Int(rank)))
        }
        return (frames, false)
    }
}

/// A JSON value, written by `JSON.rendered` in the one style every `kvviz ... --json` prints.
///
/// Objects keep their keys in the order they were added (each report documents that order:
/// its inputs first, then its figures), so output is stable from run to run. Floating-point
/// figures always carry a decimal point (`2.0`, `0.0625`, `1.5e-07`) so a reader can tell them
/// from counts; counts and byte sizes are integers. Non-finite numbers become `null`.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A float written with the shortest text that reads back as the same `Double`.
    case number(Double)
    /// A float rounded to `digits` decimals (at least one), e.g. shares and rates in reports.
    case fixed(Double, digits: Int)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

/// A JSON object: members in insertion order. A repeated key replaces the earlier value in place.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [(key: String, value: JSON)] = []

    public init() {}

    public init(_ members: KeyValuePairs<String, JSON>) {
        for (key, value) in members { self[key] = value }
    }

    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSON? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            let index = members.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case let (index?, value?): members[index].value = value
            case let (index?, nil): members.remove(at: index)
            case let (nil, value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    public mutating func add(_ key: String, _ value: JSON) { self[key] = value }
    public mutating func add(_ key: String, _ value: String) { self[key] = .string(value) }
    public mutating func add(_ key: String, _ value: Int) { self[key] = .int(value) }
    public mutating func add(_ key: String, _ value: Bool) { self[key] = .bool(value) }
    public mutating func add(_ key: String, _ value: Double) { self[key] = .number(value) }
    public mutating func add(_ key: String, _ value: Double, digits: Int) { self[key] = .fixed(value, digits: digits) }
    public mutating func add(_ key: String, _ value: Int?) { self[key] = value.map(JSON.int) ?? .null }
    public mutating func add(_ key: String, _ value: String?) { self[key] = value.map(JSON.string) ?? .null }
    public mutating func add(_ key: String, _ value: JSONObject) { self[key] = .object(value) }
    public mutating func add(_ key: String, _ value: [JSON]) { self[key] = .array(value) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// The object in kvviz's JSON style (see `JSON.rendered`).
    public var rendered: String { JSON.object(self).rendered }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
    public init(nilLiteral: ()) { self = .null }
}

import Foundation
import Testing
import KVBase

@Suite struct JSONTests {
    @Test func objectsKeepInsertionOrderAndOneStyle() {
        var object = JSONObject()
        object.add("zeta", 1)
        object.add("alpha", "a")
        object.add("ratio", 0.5)
        object.add("rows", [JSON.int(1), 2, 3])
        object.add("nested", JSONObject(["b": true, "a": nil]))
        object.add("empty", [JSON]())
        #expect(object.rendered == """
            {
              "zeta": 1,
              "alpha": "a",
              "ratio": 0.5,
              "rows": [1, 2, 3],
              "nested": {
                "b": true,
                "a": null
              },
              "empty": []
            }

            """)
    }

    @Test func repeatedKeyReplacesInPlace() {
        var object = JSONObject()
        object.add("a", 1)
        object.add("b", 2)
        object.add("a", 3)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .int(3))
    }

    @Test func floatsAlwaysHaveADecimalPoint() {
        #expect(JSON.numberText(2) == "2.0")
        #expect(JSON.numberText(-0.25) == "-0.25")
        #expect(JSON.numberText(1e-7) == "1.0e-07")
        #expect(JSON.numberText(1e20) == "1e+20" || JSON.numberText(1e20).contains("."))
        #expect(JSON.numberText(.nan) == "null")
        #expect(JSON.numberText(-.infinity) == "null")
        #expect(JSON.fixedText(0.96312, digits: 3) == "0.963")
        #expect(JSON.fixedText(3, digits: 0) == "3.0")
        #expect(JSON.fixedText(-0.00001, digits: 2) == "0.00")
        #expect(JSON.fixedText(-1.5, digits: 2) == "-1.50")
    }

    @Test func everyFloatReadsBackAsTheSameNumber() throws {
        for value in [0.0, 1.0, 0.1, 1.0 / 3.0, 1e-7, 6.02e23, -123456.789, Double.leastNonzeroMagnitude, 1e300] {
            let text = JSON.numberText(value)
            #expect(text.contains("."), "\(text)")
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(text)]".utf8)) as? [Double]
            #expect(parsed == [value], "\(text)")
        }
    }

    @Test func stringsEscapeControlsAndKeepCJK() throws {
        let text = "a\"b\\c\n\t\u{1B}]0;x\u{07}\u{7F}内存"
        let quoted = JSON.quoted(text)
        #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(quoted.contains("内存"))
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        #expect(parsed == [text])
    }

    @Test func renderedAndCompactParseToTheSameValue() throws {
        let value: JSON = ["name": "paged", "shares": [0.25, 0.5], "rows": [["id": 1], ["id": 2]], "ok": false]
        let pretty = try JSONSerialization.jsonObject(with: Data(value.rendered.utf8)) as? NSDictionary
        let compact = try JSONSerialization.jsonObject(with: Data(value.compact.utf8)) as? NSDictionary
        #expect(pretty != nil)
        #expect(pretty == compact)
        #expect(!value.compact.contains(" "))
    }
}

@Suite struct SafeTextTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        #expect(SafeText.escaped("view: \u{1B}]0;pwned\u{07}\u{1B}[2J") == "view: \\e]0;pwned\\u{7}\\e[2J")
        #expect(SafeText.escaped("a\nb\r\t\u{9B}c") == "a\\nb\\r\\t\\u{9b}c")
        #expect(SafeText.escaped("内存 ok") == "内存 ok")
    }
}

import Testing
@testable import ToyDecoder

@Suite("Tokenizer: one token per Unicode scalar")
struct TokenizerTests {
    let tokenizer = Tokenizer()

    @Test func chineseTextIsOneTokenPerCharacterAndRoundTrips() {
        let text = "今天天气很好。你好世界"
        let tokens = tokenizer.encode(text)
        #expect(tokens.count == 11)
        #expect(tokenizer.encode("今天天气").count == 4)
        #expect(!tokens.contains(Tokenizer.unknown))
        #expect(tokenizer.decode(tokens) == text)
    }

    @Test func repeatedCharactersShareOneID() {
        let tokens = tokenizer.encode("今天天气")
        #expect(tokens[1] == tokens[2])
        #expect(Set(tokens).count == 3)
    }

    @Test func asciiAndPunctuationRoundTrip() {
        let text = "Hello, KV cache! (block_size=16)\n“分页”：好？"
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
    }

    @Test func unknownScalarsBecomeUnkAndAreReported() {
        let (tokens, unknown) = tokenizer.encodeReportingUnknown("aΩbΩ😀")
        #expect(tokens.count == 5)
        #expect(tokens[1] == Tokenizer.unknown && tokens[3] == Tokenizer.unknown && tokens[4] == Tokenizer.unknown)
        #expect(unknown == ["Ω", "😀"])
        #expect(tokenizer.tokenString(Tokenizer.unknown) == "<unk>")
        #expect(tokenizer.decode(tokens) == "a\u{FFFD}b\u{FFFD}\u{FFFD}")
    }

    @Test func extraTextAppendsItsNewScalarsAfterTheBaseVocabulary() {
        let extended = Tokenizer(extraText: ["饕餮今", "餮Ω"])
        #expect(extended.vocabSize == tokenizer.vocabSize + 3)
        #expect(extended.encode("饕餮Ω") == [TokenID(tokenizer.vocabSize), TokenID(tokenizer.vocabSize + 1), TokenID(tokenizer.vocabSize + 2)])
        #expect(extended.encode("今天") == tokenizer.encode("今天"))
        #expect(extended.decode(extended.encode("饕餮Ω")) == "饕餮Ω")
    }

    @Test func specialTokensDecodeToNothingAndShowTheirNames() {
        #expect(tokenizer.decode([Tokenizer.beginOfSequence, Tokenizer.endOfSequence]) == "")
        #expect(tokenizer.tokenString(Tokenizer.beginOfSequence) == "<bos>")
        #expect(tokenizer.tokenString(-1) == "<id -1?>")
        #expect(tokenizer.specialTokenIDs == [0, 1, 2])
    }

    @Test func theVocabularyHasNoDuplicates() {
        #expect(Set(tokenizer.vocabulary).count == tokenizer.vocabSize)
    }
}

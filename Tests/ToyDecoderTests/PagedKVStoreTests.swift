import Testing
@testable import ToyDecoder

@Suite("Paged KV store")
struct PagedKVStoreTests {
    @Test func theSlotOfAPositionFollowsTheBlockTable() {
        let store = PagedKVStore(config: Fixture.config, numBlocks: 8, blockSize: 4)
        let table = [7, 2, 5, 0]
        #expect((0..<16).map { store.slot(ofPosition: $0, blockTable: table) }
            == [28, 29, 30, 31, 8, 9, 10, 11, 20, 21, 22, 23, 0, 1, 2, 3])
    }

    @Test func theStoreIsShapedBlocksSlotsLayersHeadsDims() {
        let c = Fixture.config
        let store = PagedKVStore(config: c, numBlocks: 3, blockSize: 4)
        #expect(store.keys.count == 3 * 4 * c.layers * c.kvHeads * c.headDim)
        #expect(store.offset(slot: 5, layer: 1) == (5 * c.layers + 1) * c.kvDim)
        #expect(store.byteCount == 2 * store.keys.count * 4)
    }

    @Test func aForwardPassWritesOnlyTheSlotsOfItsPositions() {
        var model = Fixture.model(numBlocks: 6, blockSize: 4)
        _ = model.forward(ForwardInput(tokens: Fixture.tokens(6, seed: 1), startPosition: 0, blockTable: [4, 1]))
        let store = model.store
        func written(_ slot: Int) -> Bool { store.key(slot: slot, layer: 1).contains { $0 != 0 } }
        let writtenSlots = (0..<store.slotCount).filter(written)
        #expect(writtenSlots == [4, 5, 16, 17, 18, 19])
        #expect(store.value(slot: 5, layer: 0).contains { $0 != 0 })
    }

    @Test func copyBlockCopiesTheFilledSlotsOfEveryLayerAndNothingElse() {
        var model = Fixture.model(numBlocks: 4, blockSize: 4)
        _ = model.forward(ForwardInput(tokens: Fixture.tokens(7, seed: 2), startPosition: 0, blockTable: [0, 1]))
        var store = model.store
        store.copyBlock(from: 1, to: 3, slots: 2)
        for layer in 0..<Fixture.config.layers {
            #expect(store.key(slot: 12, layer: layer) == store.key(slot: 4, layer: layer))
            #expect(store.value(slot: 13, layer: layer) == store.value(slot: 5, layer: layer))
            #expect(store.key(slot: 14, layer: layer).allSatisfy { $0 == 0 })
        }
        #expect(model.store.key(slot: 12, layer: 0).allSatisfy { $0 == 0 }, "the copy is a value")
    }
}

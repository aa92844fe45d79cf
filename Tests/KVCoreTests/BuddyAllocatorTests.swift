import KVBase
import Testing
@testable import KVCore

@Suite("Buddy allocator: split, coalesce, alignment, accounting")
struct BuddyAllocatorTests {
    private func owner(_ id: Int) -> ContiguousSequenceID { ContiguousSequenceID(request: id) }

    @Test func aRequestSplitsTheBlockDownToItsPowerOfTwo() throws {
        var buddy = BuddyAllocator(capacitySlots: 64)
        let allocated = buddy.allocate(10, for: owner(0))
        let block = try #require(allocated)
        #expect(block.start == 0 && block.size == 16 && block.rounding == 6)
        // 64 -> 32 + 32 -> 16 + 16: the upper halves stay free, one of each order.
        #expect(buddy.freeBlocks[5] == [32])
        #expect(buddy.freeBlocks[4] == [16])
        #expect(buddy.freeSlots == 48)
    }

    @Test func freeingMergesBuddiesBackIntoOneBlock() throws {
        var buddy = BuddyAllocator(capacitySlots: 64)
        buddy.allocate(16, for: owner(0))
        buddy.allocate(16, for: owner(1))
        buddy.allocate(32, for: owner(2))
        #expect(buddy.freeSlots == 0)
        buddy.free(owner(1))
        #expect(buddy.freeBlocks[4] == [16], "its buddy at 0 is held: no merge")
        buddy.free(owner(0))
        #expect(buddy.freeBlocks[4].isEmpty)
        #expect(buddy.freeBlocks[5] == [0], "0 and 16 merged into 0..<32")
        buddy.free(owner(2))
        #expect(buddy.freeBlocks[6] == [0], "and with 32..<64 into the whole space")
        #expect(buddy.holes == [.init(start: 0, length: 64)])
    }

    @Test func blocksAreAlignedToTheirSize() {
        var buddy = BuddyAllocator(capacitySlots: 1024)
        var random = SplitMix64(seed: 7)
        var held: [Int] = []
        for id in 0..<400 {
            if !held.isEmpty, random.nextBool(probability: 0.4) {
                let index = random.nextInt(below: held.count)
                buddy.free(owner(held.remove(at: index)))
            } else if let block = buddy.allocate(1 + random.nextInt(below: 100), for: owner(id)) {
                #expect(block.start % block.size == 0)
                held.append(id)
            }
        }
        for block in buddy.blocks { #expect(block.start % block.size == 0) }
        for id in held { buddy.free(owner(id)) }
        #expect(buddy.freeBlocks[10] == [0], "everything coalesces back")
    }

    @Test func aCapacityThatIsNotAPowerOfTwoIsCutIntoRoots() {
        let buddy = BuddyAllocator(capacitySlots: 13_216)
        #expect(buddy.freeBlocks[13] == [0])
        #expect(buddy.freeBlocks[12] == [8192])
        #expect(buddy.freeBlocks[9] == [12_288])
        #expect(buddy.freeBlocks[8] == [12_800])
        #expect(buddy.freeBlocks[7] == [13_056])
        #expect(buddy.freeBlocks[5] == [13_184])
        #expect(buddy.freeSlots == 13_216)
        // Six 2,048-slot reservations fit (four in the first root, two in the second); a
        // seventh does not although 928 slots are free: external fragmentation.
        var memory = buddy
        for id in 0..<6 { #expect(memory.allocate(2048, for: owner(id)) != nil) }
        #expect(memory.allocate(2048, for: owner(6)) == nil)
        #expect(memory.freeSlots == 928)
    }

    @Test func externalFragmentationIsFreeSpaceNoBlockCanServe() throws {
        var buddy = BuddyAllocator(capacitySlots: 64)
        for id in 0..<4 { buddy.allocate(16, for: owner(id)) }
        buddy.free(owner(0))
        buddy.free(owner(2))
        #expect(buddy.freeSlots == 32)
        #expect(!buddy.canAllocate(32), "16 + 16 free, but not buddies: no 32-slot block")
        #expect(buddy.allocate(32, for: owner(9)) == nil)
        #expect(buddy.canAllocate(16))
    }

    @Test func internalAndExternalAreAccountedApartInTheSimulator() throws {
        // One request of 90 prompt + 10 output tokens under pow2: reservation 90 + 16 = 106
        // (internal: 6 slots never used), buddy block 128 (rounding: 22 slots, external).
        let request = WorkloadRequest(id: 0, promptTokens: Array(repeating: 1, count: 90), outputLength: 10)
        var simulator = try ContiguousSimulator(
            config: ContiguousConfig(policy: .pow2, capacitySlots: 512, allocator: .buddy), workload: [request])
        let step = simulator.step()
        let extent = try #require(step.extents.first)
        #expect(extent.reserved == 106 && extent.allocated == 128)
        // The prefill step stores the prompt's K/V; the token it samples is stored next step.
        #expect(step.usage.tokenStates == 90)
        #expect(step.usage.reserved == 10)
        #expect(step.usage.internalFragmentation == 6)
        #expect(step.usage.externalFragmentation == 22)
        #expect(step.usage.free == 512 - 128)
        #expect(step.usage.total == 512)
    }

    @Test func theSimulatorRefusesARequestNoBlockCanHold() {
        let request = WorkloadRequest(id: 0, promptTokens: Array(repeating: 1, count: 600), outputLength: 10)
        #expect(throws: ContiguousError.self) {
            // 610 slots round to 1,024, more than the 768-slot memory (512 + 256).
            _ = try ContiguousSimulator(config: ContiguousConfig(policy: .oracle, capacitySlots: 768, allocator: .buddy),
                                        workload: [request])
        }
    }
}

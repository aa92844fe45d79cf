import Testing
@testable import KVCore

@Suite struct ContiguousAllocatorTests {
    private func owner(_ request: Int) -> ContiguousSequenceID { ContiguousSequenceID(request: request) }

    @Test func allocatesBackToBackFromAddressZero() throws {
        var allocator = ContiguousAllocator(capacitySlots: 100)
        #expect(allocator.allocate(30, for: owner(0))?.start == 0)
        #expect(allocator.allocate(20, for: owner(1))?.start == 30)
        #expect(allocator.holes == [.init(start: 50, length: 50)])
        #expect(allocator.freeSlots == 50)
    }

    @Test func firstFitTakesTheLowestHoleThatHoldsTheRequest() throws {
        var allocator = ContiguousAllocator(capacitySlots: 100)
        for (id, length) in [(0, 10), (1, 10), (2, 30), (3, 10), (4, 40)] {
            allocator.allocate(length, for: owner(id))
        }
        allocator.free(owner(0))   // hole 0..<10
        allocator.free(owner(2))   // hole 20..<50
        #expect(allocator.holes == [.init(start: 0, length: 10), .init(start: 20, length: 30)])
        #expect(allocator.allocate(15, for: owner(5))?.start == 20)
        #expect(allocator.allocate(10, for: owner(6))?.start == 0)
        #expect(allocator.allocate(15, for: owner(7))?.start == 35)
        #expect(allocator.extents.map(\.owner.request) == [6, 1, 5, 7, 3, 4])
    }

    @Test func freeingNeighboursCoalescesTheirHoles() {
        var allocator = ContiguousAllocator(capacitySlots: 60)
        for id in 0..<6 { allocator.allocate(10, for: owner(id)) }
        allocator.free(owner(1))
        allocator.free(owner(3))
        #expect(allocator.holes.count == 2)
        allocator.free(owner(2))
        #expect(allocator.holes == [.init(start: 10, length: 30)])
        allocator.free(owner(5))
        allocator.free(owner(4))
        #expect(allocator.holes == [.init(start: 10, length: 50)])
        #expect(allocator.largestHole == 50)
    }

    @Test func requestLargerThanEveryHoleFailsWithoutChangingAnything() {
        var allocator = ContiguousAllocator(capacitySlots: 30)
        for id in 0..<3 { allocator.allocate(10, for: owner(id)) }
        allocator.free(owner(0))
        allocator.free(owner(2))
        let before = allocator
        #expect(allocator.freeSlots == 20)
        #expect(!allocator.canAllocate(15))
        #expect(allocator.allocate(15, for: owner(9)) == nil)
        #expect(allocator == before)
    }

    @Test func freeingAnUnknownOwnerReturnsNil() {
        var allocator = ContiguousAllocator(capacitySlots: 10)
        #expect(allocator.free(owner(1)) == nil)
        #expect(allocator.holes == [.init(start: 0, length: 10)])
    }

    @Test func samplesOfOneRequestAreDistinctOwners() {
        var allocator = ContiguousAllocator(capacitySlots: 10)
        allocator.allocate(4, for: ContiguousSequenceID(request: 1, sample: 0))
        allocator.allocate(4, for: ContiguousSequenceID(request: 1, sample: 1))
        #expect(allocator.extent(of: ContiguousSequenceID(request: 1, sample: 1))?.start == 4)
        #expect(ContiguousSequenceID(request: 1, sample: 1).description == "R1.1")
    }

    @Test func allocatingTwiceForOneOwnerTraps() async {
        await #expect(processExitsWith: .failure) {
            var allocator = ContiguousAllocator(capacitySlots: 10)
            allocator.allocate(2, for: ContiguousSequenceID(request: 0))
            allocator.allocate(2, for: ContiguousSequenceID(request: 0))
        }
    }
}

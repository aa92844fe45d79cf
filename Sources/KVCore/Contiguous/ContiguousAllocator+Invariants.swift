extension ContiguousAllocator {
    /// Extents lie inside the space, in address order, never overlap, are non-empty, and each
    /// owner holds at most one. Runs after every mutation in debug builds and tests.
    func _checkInvariants() {
        #if DEBUG
        var cursor = 0
        var owners = Set<ContiguousSequenceID>()
        for extent in extents {
            precondition(extent.length > 0, "empty extent of \(extent.owner)")
            precondition(extent.start >= cursor, "extent of \(extent.owner) overlaps or is out of order")
            precondition(owners.insert(extent.owner).inserted, "\(extent.owner) holds two extents")
            cursor = extent.end
        }
        precondition(cursor <= capacitySlots, "extent beyond capacity \(capacitySlots)")
        #endif
    }
}

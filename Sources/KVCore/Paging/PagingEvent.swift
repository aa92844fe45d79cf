/// One thing the manager did to a block, recorded when `recordsEvents` is on. The engine turns
/// these into highlights and narration, and copies K/V in the decoder's store on
/// `copiedOnWrite`.
public enum PagingEvent: Equatable, Sendable {
    /// A fresh block from the free queue's head now holds logical block `logicalIndex` of `seq`.
    case allocated(seq: SequenceID, block: BlockID, logicalIndex: Int)
    /// A prefix-cache hit: `seq` reuses `block`'s K/V as its logical block `logicalIndex`.
    case prefixHit(seq: SequenceID, block: BlockID, logicalIndex: Int)
    /// Taking `block` fresh dropped its cache entry `hash`.
    case evicted(block: BlockID, hash: BlockHash)
    /// `block` of `seq` is full and computed, and now findable under `hash`.
    case published(seq: SequenceID, block: BlockID, hash: BlockHash)
    /// `seq` let go of `block`; at `refCountAfter == 0` it went to the free queue's tail.
    case freed(seq: SequenceID, block: BlockID, refCountAfter: Int)
    /// `seq` was about to write into a shared partially filled block, so it got its own copy.
    case copiedOnWrite(seq: SequenceID, from: BlockID, to: BlockID, slotsCopied: Int)
    /// `child` now shares every block of `parent` (parallel sampling).
    case forked(parent: SequenceID, child: SequenceID)
}

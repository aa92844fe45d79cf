@testable import Engine
import Testing

@Suite struct ProcessMemoryPeakTests {
    /// getrusage is the fallback where there is no /proc (macOS); on Linux both are available.
    /// ru_maxrss survives execve (it may include the process that launched the tests), so it is
    /// at least VmHWM, never 1,024 times less, which checks the fallback's units (KiB on Linux).
    @Test func getrusagePeakIsInBytesAndCoversVmHWM() throws {
        // VmHWM first: the peak only grows, and other tests allocate while this one runs, so the
        // later getrusage reading must be at least the earlier one (to the page).
        let fromProc = try #require(ProcessMemory.field("VmHWM"))
        let fromRusage = try #require(ProcessMemory.resourceUsagePeak())
        #expect(fromRusage >= fromProc - 4096, "getrusage \(fromRusage) B vs VmHWM \(fromProc) B")
        #expect(fromRusage < 1 << 40)
    }
}

@testable import Engine
import Testing

@Suite struct ProcessMemoryPeakTests {
    /// getrusage is the fallback where there is no /proc (macOS); on Linux both are available.
    /// ru_maxrss survives execve (it may include the process that launched the tests), so it is
    /// at least VmHWM, never 1,024 times less, which checks the fallback's units (KiB on Linux).
    @Test func getrusagePeakIsInBytesAndCoversVmHWM() throws {
        let fromRusage = try #require(ProcessMemory.resourceUsagePeak())
        let fromProc = try #require(ProcessMemory.field("VmHWM"))
        #expect(fromRusage >= fromProc - 4096, "getrusage \(fromRusage) B vs VmHWM \(fromProc) B")
        #expect(fromRusage < 1 << 40)
    }
}

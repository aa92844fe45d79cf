@testable import Engine
import Testing

@Suite struct ProcessMemoryPeakTests {
    /// getrusage is the fallback where there is no /proc (macOS); on Linux both are available.
    /// ru_maxrss survives execve (it may include the process that launched the tests), so it is
    /// at least VmHWM, never 1,024 times less, which checks the fallback's units (KiB on Linux).
    @Test func getrusagePeakIsInBytesAndCoversVmHWM() throws {
        // The two are read from the kernel's per-CPU RSS counters, which are approximate (CI saw
        // getrusage 164 KiB under a VmHWM read just before it while other tests allocated), so
        // the check is the units: a KiB/byte mix-up would make them differ 1,024 times.
        let fromProc = try #require(ProcessMemory.field("VmHWM"))
        let fromRusage = try #require(ProcessMemory.resourceUsagePeak())
        #expect(fromRusage >= fromProc / 2, "getrusage \(fromRusage) B vs VmHWM \(fromProc) B")
        #expect(fromRusage < 1 << 40)
    }
}

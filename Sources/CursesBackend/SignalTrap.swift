import Synchronization

/// The last termination signal received (0: none). Signal handlers may do almost nothing
/// safely; storing into an atomic is one of the few things they may, so that is all they do,
/// and the run loop acts on it (NCURSES.md, step 6).
let pendingSignalNumber = Atomic<Int32>(0)

/// True between a successful start and stop, read by the exit-time safety net.
let cursesModeActive = Atomic<Bool>(false)

/// True once the `atexit` safety net has been registered (it is registered once per process).
let exitHookInstalled = Atomic<Bool>(false)

enum SignalTrap {
    static func install() {
        pendingSignalNumber.store(0, ordering: .relaxed)
        Curses.trapTerminationSignals { signalNumber in
            pendingSignalNumber.store(signalNumber, ordering: .relaxed)
        }
        let (exchanged, _) = exitHookInstalled.compareExchange(
            expected: false, desired: true, ordering: .relaxed)
        if exchanged {
            Curses.runAtExit { SignalTrap.restoreAtExit() }
        }
    }

    static func uninstall() {
        Curses.restoreDefaultSignalHandling()
    }

    /// The exit-time safety net: if the program exits (exit(), a thrown error reaching the top)
    /// while curses is still up, leave curses mode so the shell gets a usable terminal back.
    static func restoreAtExit() {
        if cursesModeActive.exchange(false, ordering: .relaxed) {
            Curses.leaveCursesMode()
        }
    }
}

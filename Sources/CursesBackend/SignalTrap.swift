import Synchronization

/// True between a successful start and stop, read by the exit-time safety net.
let cursesModeActive = Atomic<Bool>(false)

/// True once the `atexit` safety net has been registered (it is registered once per process).
let exitHookInstalled = Atomic<Bool>(false)

/// How the screen is given back on every way out:
/// - the user quits: the run loop calls `stop()` (endwin);
/// - a terminating signal (INT TERM HUP QUIT USR1 USR2 ALRM PIPE): the handler only notes it,
///   the run loop sees it after its next wake-up and stops; if the loop is busy (a huge first
///   frame) or blocked, a watchdog thread restores the terminal itself after `graceMs` and exits
///   with 128 + the signal, so every signal is answered within about 100 ms;
/// - a crash: the terminal is restored in the signal handler, then the Swift runtime's
///   backtracer prints on the normal screen (with what went to standard error meanwhile);
/// - `exit()` with curses still up: the `atexit` hook below.
/// The async-signal-safe part lives in C (CTerminalGuard).
enum SignalTrap {
    /// Time the run loop gets to answer a signal itself before the watchdog does.
    static let graceMs: Int32 = 30

    static func install() {
        Curses.armTerminalGuard(graceMs: graceMs)
        let (exchanged, _) = exitHookInstalled.compareExchange(
            expected: false, desired: true, ordering: .relaxed)
        if exchanged {
            Curses.runAtExit { SignalTrap.restoreAtExit() }
        }
    }

    static func uninstall() {
        Curses.disarmTerminalGuard()
    }

    /// The exit-time safety net: if the program exits (exit(), a thrown error reaching the top)
    /// while curses is still up, leave curses mode so the shell gets a usable terminal back.
    static func restoreAtExit() {
        if cursesModeActive.exchange(false, ordering: .relaxed) {
            Curses.leaveCursesMode()
        }
        Curses.disarmTerminalGuard()
    }
}

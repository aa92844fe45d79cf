#ifndef KVVIZ_TERMINAL_GUARD_H
#define KVVIZ_TERMINAL_GUARD_H

// The part of leaving full-screen mode that must work from a signal handler or another thread:
// only async-signal-safe calls (write, tcsetattr, tcflow, dup2, _exit) on state prepared in
// advance. CursesBackend uses it as the safety net behind its normal endwin() path.

#include <stddef.h>

/// Saves the terminal mode of `fd` as the one to go back to; call before curses changes it.
void tg_save_terminal_mode(int fd);

/// Saves the terminal mode of `fd` (unless tg_save_terminal_mode did, before curses changes it) and the bytes that undo full-screen
/// mode (leave the alternate screen, show the cursor, mouse reporting off, attributes reset).
/// Also moves standard error into a private buffer, so messages written while the screen is up
/// (a Swift fatal error, say) reach the normal screen after the restore instead of vanishing.
/// Returns 0 on success.
int tg_prepare(int fd, const char *restore_bytes, size_t length);

/// Installs the handlers: terminating signals (INT TERM HUP QUIT USR1 USR2 ALRM PIPE) are noted
/// for the run loop, and a watchdog thread restores the terminal and exits with 128 + signal if
/// the run loop has not finished leaving within `grace_ms`. Crash signals (ILL TRAP ABRT SEGV
/// BUS FPE) restore the terminal first and then go to the handler that was there before (the
/// Swift runtime's backtracer). Returns 0 on success.
int tg_install(int grace_ms);

/// The run loop finished its own restore: the watchdog stands down, standard error comes back
/// (with what was written to it meanwhile), and the previous signal handlers return.
void tg_finish(void);

/// The first terminating signal received since tg_install, or 0.
int tg_pending_signal(void);

/// Restores the terminal from any context (signal handler, other thread, atexit). Idempotent.
void tg_emergency_restore(void);

#endif

#define _GNU_SOURCE
#include "terminal_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { FIXED_TERMINATING_COUNT = 15, MAX_TERMINATING = 64, CRASH_COUNT = 7, RESTORE_CAPACITY = 512 };

/// Every signal whose default action ends the process without a core dump, or that a resource
/// limit sends (SIGXCPU from a CPU limit, SIGXFSZ from a file-size limit), plus the real-time
/// signals (filled in by `collect_terminating`): each one must give the terminal back.
static const int fixed_terminating_signals[FIXED_TERMINATING_COUNT] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
    SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT};
static const int crash_signals[CRASH_COUNT] = {SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGSYS};

static int terminating_signals[MAX_TERMINATING];
static int terminating_count = 0;
static struct sigaction previous_terminating[MAX_TERMINATING];

/// The fixed list and SIGRTMIN..SIGRTMAX (as many as fit).
static void collect_terminating(void) {
    if (terminating_count > 0) return;
    for (int i = 0; i < FIXED_TERMINATING_COUNT; i++) terminating_signals[terminating_count++] = fixed_terminating_signals[i];
    for (int signal_number = SIGRTMIN; signal_number <= SIGRTMAX && terminating_count < MAX_TERMINATING; signal_number++) {
        terminating_signals[terminating_count++] = signal_number;
    }
}
static struct sigaction previous_crash[CRASH_COUNT];

static int terminal_fd = -1;
static struct termios shell_mode;
static int have_shell_mode = 0;
static char restore_bytes[RESTORE_CAPACITY];
static size_t restore_length = 0;

/// Standard error while the screen is up: the real one is kept in saved_stderr_fd and fd 2
/// points at an anonymous file whose content is replayed on restore.
static int saved_stderr_fd = -1;
static int captured_stderr_fd = -1;

static atomic_int screen_active = 0;
static atomic_int pending_signal = 0;
static atomic_int installed = 0;
static atomic_int watchdog_started = 0;
static int wake_pipe[2] = {-1, -1};
static int grace_milliseconds = 80;

static void write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += written;
        length -= (size_t)written;
    }
}

/// Puts standard error back and copies what was captured onto it.
static void release_stderr(void) {
    if (saved_stderr_fd < 0) return;
    int saved = saved_stderr_fd;
    int captured = captured_stderr_fd;
    saved_stderr_fd = -1;
    captured_stderr_fd = -1;
    dup2(saved, STDERR_FILENO);
    close(saved);
    if (captured >= 0) {
        char buffer[1024];
        off_t offset = 0;
        for (;;) {
            ssize_t count = pread(captured, buffer, sizeof buffer, offset);
            if (count < 0 && errno == EINTR) continue;
            if (count <= 0) break;
            write_all(STDERR_FILENO, buffer, (size_t)count);
            offset += count;
        }
        close(captured);
    }
}

void tg_emergency_restore(void) {
    if (!atomic_exchange(&screen_active, 0)) {
        release_stderr();
        return;
    }
    if (terminal_fd >= 0) {
        // Output paused with Ctrl-S would make every write below wait forever.
        tcflow(terminal_fd, TCOON);
        if (have_shell_mode) tcsetattr(terminal_fd, TCSANOW, &shell_mode);
        write_all(terminal_fd, restore_bytes, restore_length);
    }
    release_stderr();
}

void tg_save_terminal_mode(int fd) {
    terminal_fd = fd;
    have_shell_mode = tcgetattr(fd, &shell_mode) == 0;
}

int tg_prepare(int fd, const char *bytes, size_t length) {
    if (terminal_fd != fd || !have_shell_mode) tg_save_terminal_mode(fd);
    restore_length = length < RESTORE_CAPACITY ? length : RESTORE_CAPACITY;
    memcpy(restore_bytes, bytes, restore_length);
    if (saved_stderr_fd < 0) {
        int captured = memfd_create("kvviz-stderr", MFD_CLOEXEC);
        int saved = captured >= 0 ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3) : -1;
        if (captured >= 0 && saved >= 0 && dup2(captured, STDERR_FILENO) >= 0) {
            saved_stderr_fd = saved;
            captured_stderr_fd = captured;
        } else {
            if (captured >= 0) close(captured);
            if (saved >= 0) close(saved);
        }
    }
    atomic_store(&screen_active, 1);
    return have_shell_mode ? 0 : -1;
}

static void on_terminating_signal(int signal_number) {
    int saved_errno = errno;
    int expected = 0;
    atomic_compare_exchange_strong(&pending_signal, &expected, signal_number);
    char byte = 1;
    if (wake_pipe[1] >= 0) (void)!write(wake_pipe[1], &byte, 1);
    errno = saved_errno;
}

/// Ends the process by `signal_number` with its default action (a core dump for most), so the
/// parent sees "killed by signal" exactly as without kvviz.
static void die_by(int signal_number) {
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    sigset_t just_this;
    sigemptyset(&just_this);
    sigaddset(&just_this, signal_number);
    pthread_sigmask(SIG_UNBLOCK, &just_this, NULL);
    raise(signal_number);
    _exit(128 + signal_number);
}

static void on_crash_signal(int signal_number, siginfo_t *info, void *context) {
    tg_emergency_restore();
    struct sigaction *previous = NULL;
    for (int i = 0; i < CRASH_COUNT; i++) {
        if (crash_signals[i] == signal_number) previous = &previous_crash[i];
    }
    // Hand the crash to whoever handled it before (the Swift runtime's backtracer, which now
    // prints on the normal screen), then end the process the default way: a handler that
    // returns would otherwise let a signal sent with kill(2) continue the program.
    if (previous != NULL && previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        sigaction(signal_number, previous, NULL);
        if (previous->sa_flags & SA_SIGINFO) {
            previous->sa_sigaction(signal_number, info, context);
        } else {
            previous->sa_handler(signal_number);
        }
    }
    die_by(signal_number);
}

static void sleep_milliseconds(int milliseconds) {
    struct timespec pause = {milliseconds / 1000, (long)(milliseconds % 1000) * 1000000L};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {}
}

/// Waits for a terminating signal; gives the run loop `grace_milliseconds` to leave curses mode
/// itself, then restores the terminal and exits, so a signal is answered even while the main
/// thread is busy computing or blocked writing to a paused terminal.
static void *watchdog(void *unused) {
    (void)unused;
    for (;;) {
        char byte;
        ssize_t count = read(wake_pipe[0], &byte, 1);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return NULL;
        int signal_number = atomic_load(&pending_signal);
        if (signal_number == 0) continue;
        // A deadline on the monotonic clock, not a count of naps: on a loaded machine each nap
        // oversleeps, and twelve late naps would add up to hundreds of milliseconds.
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
            if (!atomic_load(&screen_active)) break;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long waited = (long)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
            if (waited >= grace_milliseconds) break;
            long left = grace_milliseconds - waited;
            sleep_milliseconds(left < 5 ? (int)left : 5);
        }
        if (atomic_load(&screen_active)) {
            tg_emergency_restore();
            _exit(128 + signal_number);
        }
        // The run loop restored the terminal; if it then fails to exit, do it for it.
        sleep_milliseconds(2000);
        _exit(128 + signal_number);
    }
}

int tg_install(int grace_ms) {
    if (atomic_exchange(&installed, 1)) return 0;
    grace_milliseconds = grace_ms > 0 ? grace_ms : 80;
    collect_terminating();
    atomic_store(&pending_signal, 0);
    if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_CLOEXEC) != 0) return -1;

    // One watchdog per process, which must not take the signals the run loop waits on (they
    // must interrupt the main thread's wait): block those while it is created (the new thread
    // inherits the mask). Others stay open, so a crash reporter can still suspend it.
    int created = 0;
    if (!atomic_exchange(&watchdog_started, 1)) {
        sigset_t blocked, previous_mask;
        sigemptyset(&blocked);
        for (int i = 0; i < terminating_count; i++) sigaddset(&blocked, terminating_signals[i]);
        sigaddset(&blocked, SIGWINCH);
        sigaddset(&blocked, SIGTSTP);
        sigaddset(&blocked, SIGCONT);
        sigaddset(&blocked, SIGTTIN);
        sigaddset(&blocked, SIGTTOU);
        pthread_sigmask(SIG_BLOCK, &blocked, &previous_mask);
        pthread_t thread;
        created = pthread_create(&thread, NULL, watchdog, NULL);
        pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
        if (created == 0) pthread_detach(thread); else atomic_store(&watchdog_started, 0);
    }

    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_terminating_signal;
    action.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR and the loop looks
    for (int i = 0; i < terminating_count; i++) {
        sigaction(terminating_signals[i], &action, &previous_terminating[i]);
    }
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_sigaction = on_crash_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (int i = 0; i < CRASH_COUNT; i++) {
        sigaction(crash_signals[i], &action, &previous_crash[i]);
    }
    return created == 0 ? 0 : -1;
}

void tg_finish(void) {
    atomic_store(&screen_active, 0);
    release_stderr();
    if (!atomic_exchange(&installed, 0)) return;
    for (int i = 0; i < terminating_count; i++) sigaction(terminating_signals[i], &previous_terminating[i], NULL);
    for (int i = 0; i < CRASH_COUNT; i++) sigaction(crash_signals[i], &previous_crash[i], NULL);
}

int tg_pending_signal(void) {
    return atomic_load(&pending_signal);
}

#ifndef IDM_CNCURSESW_SHIM_H
#define IDM_CNCURSESW_SHIM_H
// The wide-character API is hidden unless this is defined before curses.h (SwiftPM drops
// pkg-config's -D_XOPEN_SOURCE), see notes/terminal.md.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Everything below is a `static inline` wrapper for something Swift cannot import: C macros
// (attributes, KEY_F(n), mouse masks), glibc's wcwidth, and the curses globals LINES/COLS
// (a compile error to touch from Swift 6 mode). Only IDMTerminal imports this module.

// MARK: - Locale and width

static inline int idm_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }
static inline const char *idm_codeset(void) { return nl_langinfo(CODESET); }

// MARK: - Attributes (A_* are macros built from NCURSES_BITS)

static inline attr_t idm_a_normal(void) { return A_NORMAL; }
static inline attr_t idm_a_bold(void) { return A_BOLD; }
static inline attr_t idm_a_reverse(void) { return A_REVERSE; }
static inline attr_t idm_a_dim(void) { return A_DIM; }
static inline attr_t idm_a_underline(void) { return A_UNDERLINE; }

// MARK: - Keys and mouse

static inline int idm_key_f(int n) { return KEY_F(n); }

static inline mmask_t idm_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t idm_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t idm_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t idm_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t idm_button2_released(void) { return BUTTON2_RELEASED; }
static inline mmask_t idm_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t idm_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t idm_button3_released(void) { return BUTTON3_RELEASED; }
static inline mmask_t idm_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t idm_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t idm_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t idm_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t idm_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

// MARK: - Window geometry without the stdscr/LINES/COLS globals

static inline int idm_lines(void) { return LINES; }
static inline int idm_cols(void) { return COLS; }
static inline int idm_color_pairs(void) { return COLOR_PAIRS; }
static inline int idm_getmaxy(WINDOW *win) { return getmaxy(win); }
static inline int idm_getmaxx(WINDOW *win) { return getmaxx(win); }

// MARK: - Restoring the terminal on signals
//
// Like htop's CRT_handleSIGTERM: put the terminal back before anything else, then let the
// signal do what it would have done (default action = conventional exit status 128+n, or the
// Swift runtime's crash backtracer for SIGSEGV/SIGILL/...). endwin() is not formally
// async-signal-safe; it is the trade-off htop and most curses programs make, because a
// terminal left in raw mode is worse. The flag keeps a handler from touching a screen that
// has already been torn down.
//
// This state is `static` in a header, so every Swift *file* that calls these functions gets
// its own copy: call them from CursesBackend.swift only.

static volatile sig_atomic_t idm_curses_active = 0;

enum { IDM_SIGNAL_COUNT = 10 };
static const int idm_signals[IDM_SIGNAL_COUNT] = {
    SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP
};
// A file-scope `static struct sigaction saved[...]` here ended as an undefined symbol at link
// time (Swift's importer did not emit it; `struct sigaction` holds a union of function
// pointers). A function-local static behind `void *` is emitted with the function.
static inline void *idm_saved_actions_storage(void) {
    static struct sigaction saved[IDM_SIGNAL_COUNT];
    return saved;
}
#define idm_saved_actions() ((struct sigaction *)idm_saved_actions_storage())
static volatile sig_atomic_t idm_handlers_installed = 0;

static inline void idm_set_curses_active(int active) { idm_curses_active = active; }

// MARK: - Any-motion mouse tracking (xterm private mode 1003)
//
// The usual terminfo entries (xterm-256color, tmux-256color...) make ncurses switch on click
// reporting only (XM: "CSI ? 1006;1000 h", or plain 1000); hover needs mode 1003, which idm
// sends itself right after mousemask(). It is written with write(2) straight to the terminal's
// descriptor: async-signal-safe, and still in order with curses' own buffered output, because
// curses has flushed it at the points where order matters (mousemask and doupdate flush).
// 1003 must come *after* curses' 1000: in xterm the modes are one setting and the last one
// sent wins. Off goes before endwin: its "1000 l" ends every mode in xterm and tmux (checked
// in tmux 3.3), but not in every terminal. Same rule as above: static state, call from
// CursesBackend.swift only.

// The descriptor 1003 was switched on for; -1 while it is off.
static volatile sig_atomic_t idm_motion_fd = -1;

static inline void idm_motion_send(int fd, int on) {
    static const char enable[] = "\033[?1003h";
    static const char disable[] = "\033[?1003l";
    const char *bytes = on ? enable : disable;
    size_t left = sizeof enable - 1;
    int saved_errno = errno;
    while (left > 0) {
        ssize_t written = write(fd, bytes, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            break;
        }
        bytes += written;
        left -= (size_t)written;
    }
    errno = saved_errno;
}

static inline void idm_motion_start(int fd) {
    idm_motion_fd = fd;
    idm_motion_send(fd, 1);
}

// Idempotent: every exit path may call it.
static inline void idm_motion_stop(void) {
    int fd = idm_motion_fd;
    idm_motion_fd = -1;
    if (fd >= 0) idm_motion_send(fd, 0);
}

static inline void idm_restore_terminal_and_reraise(int sig) {
    if (idm_curses_active) {
        idm_curses_active = 0;
        idm_motion_stop();            // before endwin, which turns curses' own mouse mode off
        endwin();
    }
    // Put back whatever was there before us (SIG_DFL or the Swift backtracer), then re-deliver:
    // the signal is blocked while we run, so it arrives as soon as this handler returns. A
    // hardware fault (SIGSEGV...) simply re-faults into the previous handler.
    for (int i = 0; i < IDM_SIGNAL_COUNT; i++) {
        if (idm_signals[i] == sig) {
            sigaction(sig, &idm_saved_actions()[i], NULL);
        }
    }
    raise(sig);
}

// SIGHUP, SIGTERM and SIGINT end a session (a dropped SSH connection, a shutdown, Ctrl+C
// outside raw mode) rather than crash it: with deferral on, the first one is only recorded, and the app's loop, which wakes at
// least once a second, saves what it must (drafts) and leaves in order before re-raising it.
// A second one while the first is pending does not wait: the terminal is put back and the
// signal takes effect at once, so a stuck process can still be stopped.
static volatile sig_atomic_t idm_defer_termination = 0;
static volatile sig_atomic_t idm_pending_termination = 0;

static inline void idm_handle_signal(int sig) {
    if ((sig == SIGHUP || sig == SIGTERM || sig == SIGINT) && idm_defer_termination && !idm_pending_termination) {
        idm_pending_termination = sig;
        return;
    }
    idm_restore_terminal_and_reraise(sig);
}

static inline void idm_set_defer_termination(int on) { idm_defer_termination = on; }
static inline int idm_termination_signal(void) { return idm_pending_termination; }

static inline void idm_install_signal_handlers(void) {
    if (idm_handlers_installed) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = idm_handle_signal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < IDM_SIGNAL_COUNT; i++) {
        sigaction(idm_signals[i], &action, &idm_saved_actions()[i]);
    }
    idm_handlers_installed = 1;
}

static inline void idm_remove_signal_handlers(void) {
    if (!idm_handlers_installed) return;
    for (int i = 0; i < IDM_SIGNAL_COUNT; i++) {
        sigaction(idm_signals[i], &idm_saved_actions()[i], NULL);
    }
    idm_handlers_installed = 0;
}

// MARK: - Suspend (SIGTSTP, Ctrl+Z)
//
// ncurses' own SIGTSTP handler ends curses, stops, and repaints on SIGCONT; its doupdate also
// switches its mouse mode back on, but it knows nothing of mode 1003: the shell would get
// motion reports while idm is stopped (terminals that keep 1003 apart from 1000), or hover
// would be dead after `fg` (xterm, tmux, where "CSI ? 1000 l" ends every mode). While 1003 is
// on, this handler takes its place and does the same steps with 1003 around them. Installed
// after newterm (ncurses installs its handler there) and removed again in shutdown.

static inline void *idm_saved_tstp_storage(void) {
    static struct sigaction saved;
    return &saved;
}
#define idm_saved_tstp() ((struct sigaction *)idm_saved_tstp_storage())
static volatile sig_atomic_t idm_tstp_installed = 0;

static inline void idm_handle_sigtstp(int sig) {
    (void)sig;
    int saved_errno = errno;
    int active = idm_curses_active;
    sigset_t block, previous;
    // endwin's tcsetattr would stop a background process with SIGTTOU: hold it off (ncurses too).
    sigemptyset(&block);
    sigaddset(&block, SIGTTOU);
    sigprocmask(SIG_BLOCK, &block, &previous);
    if (active) {
        if (idm_motion_fd >= 0) idm_motion_send(idm_motion_fd, 0);
        endwin();
    }
    sigprocmask(SIG_SETMASK, &previous, NULL);

    // Stop for real: the default action, with SIGTSTP unblocked (it is blocked while we run).
    struct sigaction stop, ours;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &ours);
    sigset_t tstp;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &tstp, NULL);
    kill(getpid(), SIGTSTP);
    // ... stopped until SIGCONT (fg / bg) ...
    sigprocmask(SIG_BLOCK, &tstp, NULL);
    sigaction(SIGTSTP, &ours, NULL);

    if (active && idm_curses_active) {
        flushinp();
        def_shell_mode();             // the user may have changed tty settings while stopped
        doupdate();                   // program mode back, full repaint, curses' mouse mode on
        if (idm_motion_fd >= 0) idm_motion_send(idm_motion_fd, 1);   // after curses' 1000 h
    }
    errno = saved_errno;
}

// Does nothing when SIGTSTP is ignored (job control off: a shell without it, nohup...).
static inline void idm_install_tstp_handler(void) {
    if (idm_tstp_installed) return;
    struct sigaction current;
    if (sigaction(SIGTSTP, NULL, &current) != 0 || current.sa_handler == SIG_IGN) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = idm_handle_sigtstp;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTSTP, &action, idm_saved_tstp());
    idm_tstp_installed = 1;
}

static inline void idm_remove_tstp_handler(void) {
    if (!idm_tstp_installed) return;
    sigaction(SIGTSTP, idm_saved_tstp(), NULL);
    idm_tstp_installed = 0;
}

static inline int idm_tstp_handler_is_installed(void) {
    struct sigaction current;
    if (sigaction(SIGTSTP, NULL, &current) != 0) return 0;
    return current.sa_handler == idm_handle_sigtstp;
}

#endif

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
static inline mmask_t idm_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t idm_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t idm_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t idm_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t idm_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t idm_button5_pressed(void) { return BUTTON5_PRESSED; }

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

static inline void idm_restore_terminal_and_reraise(int sig) {
    if (idm_curses_active) {
        idm_curses_active = 0;
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

static inline void idm_install_signal_handlers(void) {
    if (idm_handlers_installed) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = idm_restore_terminal_and_reraise;
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

#endif

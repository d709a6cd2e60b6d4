#ifndef IDM_CNCURSESW_SHIM_H
#define IDM_CNCURSESW_SHIM_H
// The wide-character API is hidden unless this is defined before curses.h (SwiftPM drops
// pkg-config's -D_XOPEN_SOURCE), see notes/terminal.md.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#endif

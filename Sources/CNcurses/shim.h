#ifndef KVVIZ_CNCURSES_SHIM_H
#define KVVIZ_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <curses.h>
#endif

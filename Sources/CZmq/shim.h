#ifndef KVVIZ_CZMQ_SHIM_H
#define KVVIZ_CZMQ_SHIM_H
// The system's libzmq (Debian: libzmq3-dev; macOS: brew install zeromq). Only LiveTransport's
// Zmq.swift imports this module, as only CursesBackend imports CNcurses.
#include <zmq.h>
#include <errno.h>
#include <string.h>

// errno through a function: Swift reads zmq_errno() directly, this keeps EAGAIN/EINTR at hand.
static inline int czmq_eagain(void) { return EAGAIN; }
static inline int czmq_eintr(void) { return EINTR; }
#endif

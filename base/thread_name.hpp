// Names the calling thread (Linux: at most 15 bytes shown), so that top -H, perf and gdb
// tell the writer, the completer and the other long-lived threads apart.
#pragma once

#include <pthread.h>

namespace dauvet {

inline void name_this_thread(const char* name) noexcept { pthread_setname_np(pthread_self(), name); }

}  // namespace dauvet

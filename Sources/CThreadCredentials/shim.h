#ifndef DVTOOL_CTHREADCREDENTIALS_SHIM_H
#define DVTOOL_CTHREADCREDENTIALS_SHIM_H
// One thread's credentials, changed by raw system calls (Linux keeps credentials per thread).
//
// glibc's setgroups/setgid/setuid change every thread by signalling each one (SIGSETXID) but skip a thread that
// is exiting, and libdispatch's dispatch_main() parks the main thread inside pthread_exit() for the life of the
// process: that thread would stay root. A signal handler installed here runs these calls on such a thread.
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#define DV_DROP_MAX_GROUPS 256

struct dv_drop_target {
    uid_t uid;
    gid_t gid;
    gid_t groups[DV_DROP_MAX_GROUPS];
    int group_count;
};

// A function-local static: Swift's importer emits the code of header functions, not a header's global variables.
static inline struct dv_drop_target *dv_drop_target(void) {
    static struct dv_drop_target target;
    return &target;
}

// Async-signal-safe: only system calls on values stored before the signal is sent.
static inline void dv_drop_this_thread(int signal_number) {
    (void)signal_number;
    struct dv_drop_target *target = dv_drop_target();
    syscall(SYS_setgroups, (long)target->group_count, target->groups);
    syscall(SYS_setresgid, (long)target->gid, (long)target->gid, (long)target->gid);
    syscall(SYS_setresuid, (long)target->uid, (long)target->uid, (long)target->uid);
}

/// The signal that carries the switch: a real-time one nothing else in the process uses.
static inline int dv_thread_drop_signal(void) { return SIGRTMIN + 7; }

/// Stores the credentials `signal_number` makes a thread take, and installs the handler that takes them.
/// Returns 0, or -1 when there are too many groups or sigaction fails.
static inline int dv_prepare_thread_drop(int signal_number, uid_t uid, gid_t gid, const gid_t *groups, int count) {
    if (count < 0 || count > DV_DROP_MAX_GROUPS) return -1;
    struct dv_drop_target *target = dv_drop_target();
    target->uid = uid;
    target->gid = gid;
    if (count > 0) memcpy(target->groups, groups, sizeof(gid_t) * (size_t)count);
    target->group_count = count;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = dv_drop_this_thread;
    sigemptyset(&action.sa_mask);
    return sigaction(signal_number, &action, NULL);
}

/// Sends `signal_number` to one thread of this process.
static inline int dv_signal_thread(pid_t thread_id, int signal_number) {
    return (int)syscall(SYS_tgkill, (long)getpid(), (long)thread_id, (long)signal_number);
}
#endif

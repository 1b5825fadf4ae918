// Tries what only root (or a capability) may do: become root, chroot, mount, unmount /work, new user/mount/net
// namespaces, device nodes, raw sockets, port I/O, kernel modules, the hostname, the clock. Every call must fail
// (no capabilities, no_new_privs, Docker's seccomp profile).
#include <sched.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <grp.h>
#include <time.h>

#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    check(setuid(0) == 0, "setuid(0)");
    check(setgid(0) == 0, "setgid(0)");
    check(setresuid(0, 0, 0) == 0, "setresuid(0)");
    gid_t g = 0;
    check(setgroups(1, &g) == 0, "setgroups([0])");
    check(chroot(".") == 0, "chroot");
    check(mount("none", ".", "tmpfs", 0, nullptr) == 0, "mounted a tmpfs");
    check(mount("/work", "/work", nullptr, MS_REMOUNT | MS_BIND, nullptr) == 0, "remounted /work");
    check(umount2("/work", MNT_DETACH) == 0, "unmounted /work");
    check(unshare(CLONE_NEWUSER) == 0, "unshare(CLONE_NEWUSER)");
    check(unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS)");
    check(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET)");
    check(unshare(CLONE_NEWPID) == 0, "unshare(CLONE_NEWPID)");
    long c = syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (c == 0) _exit(0);
    if (check(c > 0, "clone(CLONE_NEWUSER | CLONE_NEWNS)")) waitpid((pid_t)c, nullptr, 0);
    int ns = open("/proc/1/ns/mnt", O_RDONLY);
    check(ns >= 0 && setns(ns, 0) == 0, "setns into PID 1's mount namespace");
    check(mknod("null2", S_IFCHR | 0666, makedev(1, 3)) == 0, "made a device node");
    check(mknod("sda", S_IFBLK | 0666, makedev(8, 0)) == 0, "made a block device node");
    check(socket(AF_INET, SOCK_RAW, IPPROTO_RAW) >= 0, "opened a raw socket");
    check(socket(AF_PACKET, SOCK_RAW, 0) >= 0, "opened a packet socket");
    check(iopl(3) == 0, "iopl(3)");
    check(ioperm(0x80, 1, 1) == 0, "ioperm");
    check(syscall(SYS_init_module, nullptr, 0, "") == 0 || errno != EPERM, "init_module not refused with EPERM");
    check(sethostname("hostile", 7) == 0, "sethostname");
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    check(clock_settime(CLOCK_REALTIME, &now) == 0, "clock_settime");
    check(syscall(SYS_reboot, 0xfee1dead, 672274793, 0 /* LINUX_REBOOT_CMD_CAD_OFF */, nullptr) == 0, "reboot()");
    check(syscall(SYS_acct, "acct") == 0, "acct()");
    check(syscall(SYS_swapoff, "/work") == 0 || errno != EPERM, "swapoff not refused with EPERM");
    return finish();
}

// Enters the kernel through the 32-bit ABI (int 0x80), where syscall numbers differ (37 is kill) and a filter
// written for x86-64 numbers could be bypassed. The seccomp filter checks the architecture first and kills the
// process (SIGSYS): RE. Where the kernel has no 32-bit emulation, int 0x80 faults instead (SIGSEGV): RE too.
#include <unistd.h>

int main() {
    long ret;
    long parent = getppid();
    asm volatile("int $0x80" : "=a"(ret) : "a"(37L), "b"(parent), "c"(9L) : "memory");
    asm volatile("int $0x80" : "=a"(ret) : "a"(37L), "b"(-1L), "c"(9L) : "memory");
    return 0;  // reached only if both were refused without killing us: exit 0 with no output is WA
}

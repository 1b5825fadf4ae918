// cpu_in_children.cpp with SIGCHLD ignored: the kernel reaps each child the moment it exits, so neither the
// parent (RUSAGE_CHILDREN) nor the runner (wait4 of orphans) ever receives its CPU time, and the runner's
// periodic /proc scan only sees the children alive at that moment (never more than 0.5 s of CPU). 2 s of CPU
// against a 1 s limit must still be TLE.
#include "cpu_children.h"

int main() { return hostile::cpu_in_children(true); }

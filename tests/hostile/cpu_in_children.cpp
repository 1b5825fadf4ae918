// Hides CPU time in children (see cpu_children.h): 2 s of CPU against a 1 s limit, spread over 8 short-lived
// children that are never waited for, so it never reaches the parent's own rusage. The runner charges the
// whole tree, exited (zombie) children included, and must stop it: TLE (the manifest lifts the wall-clock
// limit, so only CPU accounting can decide).
#include "cpu_children.h"

int main() { return hostile::cpu_in_children(false); }

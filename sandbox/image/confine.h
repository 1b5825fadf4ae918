/* Confinement of untrusted processes, installed by the child between fork and exec. */
#pragma once
#include <sys/types.h>

#include "proc.h"

/* seccomp: nothing aimed at the runner or the run's trusted processes (`protected_ids`). */
int install_seccomp(const pid_t *protected_ids, int nprot);
/* Landlock: the system read-only, `box` writable, and of the rest only what the run hands process p (the files
 * of its command line, its streams, its rw= paths); in /proc its own folder and the system-wide entries. */
int install_landlock(const struct proc *p, const char *box);
/* Name and hold open /proc's system-wide entries (once, at start; see confine.c). */
void pin_proc_entries(void);
/* Hold /proc/<pid> open while the run lasts; returns the descriptor (or -1) for the caller to close. */
int pin_proc_dir(pid_t pid);

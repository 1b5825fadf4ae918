/* The child's side of a run, between fork and exec. */
#pragma once
#include <sys/types.h>

#include "proc.h"

/* Become process p of the run in `box`: streams, limits, confinement (untrusted processes: no signal or trace
 * may reach the pids in `prot`), then exec. Never returns; a failed step exits 127 with a message on stderr. */
void start_child(struct proc *p, const char *box, const pid_t *prot, int nprot) __attribute__((noreturn));

/* RUN: a fresh box, the processes started with their own limits and confinement, watched until they end, every
 * leftover killed, and their results streamed back. */
#pragma once

void cmd_run(int nprocs, int npipes, const char *box, int keep, const char *group);

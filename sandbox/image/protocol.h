/* The wire protocol with the host (see runner.c): reading commands, answering, streaming payloads, and the
 * file commands PUT and GET. */
#pragma once
#include <stddef.h>
#include <sys/types.h>

#include "proc.h"

/* Answers "FATAL <msg>: <errno>" and exits: the stream cannot be trusted past this point. */
void die(const char *msg);
void reply_ok(void);
void reply_err(const char *what);
/* One command line without its newline; 0 at end of input. */
int read_line(char *buf, size_t cap);
/* Copy exactly n bytes from fd `in` to fd `out`; -1 on a short read or a failed write. */
int copy_fd(int in, int out, long long n);
/* Stream n bytes of fd, starting at offset, to stdout (padded with zeros if the file shrank). */
void send_fd_range(int fd, off_t offset, long long n);
void cmd_put(const char *path, const char *mode_s, const char *size_s);
void cmd_get(const char *path, const char *max_s);
/* Fill p from the key=value fields of a PROC line (its arguments follow on their own lines). */
void parse_proc(struct proc *p, char *line);

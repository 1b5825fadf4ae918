/* The wire protocol with the host: command lines, answers, payloads, and the file commands PUT and GET. */
#define _GNU_SOURCE
#include "protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

static char iobuf[1 << 16];

void die(const char *msg) {
    fprintf(stdout, "FATAL %s: %s\n", msg, strerror(errno));
    fflush(stdout);
    _exit(2);
}

void reply_ok(void) { fputs("OK\n", stdout); }

void reply_err(const char *what) {
    fprintf(stdout, "ERR %s: %s\n", what, strerror(errno));
}

int read_line(char *buf, size_t cap) {
    if (!fgets(buf, (int)cap, stdin)) return 0;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n') buf[--n] = 0;
    return 1;
}

int copy_fd(int in, int out, long long n) {
    while (n > 0) {
        ssize_t want = n < (long long)sizeof iobuf ? (ssize_t)n : (ssize_t)sizeof iobuf;
        ssize_t got = read(in, iobuf, want);
        if (got <= 0) return -1;
        if (out >= 0) {
            for (ssize_t off = 0; off < got;) {
                ssize_t w = write(out, iobuf + off, got - off);
                if (w <= 0) return -1;
                off += w;
            }
        }
        n -= got;
    }
    return 0;
}

/* Stream n bytes of a file descriptor, starting at offset, to our stdout. */
void send_fd_range(int fd, off_t offset, long long n) {
    fflush(stdout);
    while (n > 0) {
        ssize_t want = n < (long long)sizeof iobuf ? (ssize_t)n : (ssize_t)sizeof iobuf;
        ssize_t got = pread(fd, iobuf, want, offset);
        if (got <= 0) { /* file shrank under us: pad so the framing stays intact */
            memset(iobuf, 0, want);
            got = want;
        }
        fwrite(iobuf, 1, got, stdout);
        offset += got;
        n -= got;
    }
}

void cmd_put(const char *path, const char *mode_s, const char *size_s) {
    long long size = atoll(size_s);
    mode_t mode = (mode_t)strtol(mode_s, NULL, 8);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.part%d", path, (int)getpid());
    parent_dirs(path);
    fflush(stdout);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    /* The payload must be consumed even when the file cannot be written, or the stream loses its framing. */
    if (fd < 0) {
        int saved = errno;
        long long left = size;
        while (left > 0) {
            size_t want = left < (long long)sizeof iobuf ? (size_t)left : sizeof iobuf;
            size_t got = fread(iobuf, 1, want, stdin);
            if (got == 0) break;
            left -= got;
        }
        errno = saved;
        reply_err("put");
        return;
    }
    long long left = size;
    while (left > 0) {
        size_t want = left < (long long)sizeof iobuf ? (size_t)left : sizeof iobuf;
        size_t got = fread(iobuf, 1, want, stdin);
        if (got == 0) die("put: short payload");
        if (write(fd, iobuf, got) != (ssize_t)got) {
            int saved = errno;
            left -= got;
            while (left > 0) { /* drain */
                size_t w2 = left < (long long)sizeof iobuf ? (size_t)left : sizeof iobuf;
                size_t g2 = fread(iobuf, 1, w2, stdin);
                if (g2 == 0) break;
                left -= g2;
            }
            close(fd);
            unlink(tmp);
            errno = saved;
            reply_err("put write");
            return;
        }
        left -= got;
    }
    fchmod(fd, mode);
    close(fd);
    if (rename(tmp, path) < 0) {
        unlink(tmp);
        reply_err("put rename");
        return;
    }
    reply_ok();
}

void cmd_get(const char *path, const char *max_s) {
    long long max = atoll(max_s);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) { close(fd); errno = EINVAL; }
        reply_err("get");
        return;
    }
    long long n = st.st_size > max ? max : st.st_size;
    fprintf(stdout, "DATA %lld %d\n", n, st.st_size > max);
    send_fd_range(fd, 0, n);
    close(fd);
}


void parse_proc(struct proc *p, char *line) {
    memset(p, 0, sizeof *p);
    strcpy(p->stdin_spec, "-");
    strcpy(p->stdout_spec, "@");
    strcpy(p->stderr_spec, "@");
    p->err_tail = 4096;
    p->out_fd = p->err_fd = p->proc_fd = -1;
    p->killed = "none";
    char *save = NULL;
    for (char *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) continue;
        *eq = 0;
        const char *k = tok, *v = eq + 1;
        if (!strcmp(k, "argc")) p->argc = atoi(v);
        else if (!strcmp(k, "cpu_ms")) p->cpu_ms = atoll(v);
        else if (!strcmp(k, "wall_ms")) p->wall_ms = atoll(v);
        else if (!strcmp(k, "mem_kib")) p->mem_kib = atoll(v);
        else if (!strcmp(k, "out_kib")) p->out_kib = atoll(v);
        else if (!strcmp(k, "stack_kib")) p->stack_kib = atoll(v);
        else if (!strcmp(k, "nofile")) p->nofile = atoll(v);
        else if (!strcmp(k, "err_tail")) p->err_tail = atoll(v);
        else if (!strcmp(k, "untrusted")) p->untrusted = atoi(v);
        else if (!strcmp(k, "nproc")) p->nproc = atoi(v);
        else if (!strcmp(k, "subdir")) snprintf(p->subdir, sizeof p->subdir, "%s", v);
        else if (!strcmp(k, "outfirst")) p->outfirst = atoi(v);
        else if (!strcmp(k, "rw") && p->nrw < MAX_RW) snprintf(p->rw_paths[p->nrw++], 4096, "%s", v);
        else if (!strcmp(k, "stdin")) snprintf(p->stdin_spec, 4096, "%s", v);
        else if (!strcmp(k, "stdout")) snprintf(p->stdout_spec, 4096, "%s", v);
        else if (!strcmp(k, "stderr")) snprintf(p->stderr_spec, 4096, "%s", v);
        else if (!strcmp(k, "outfile")) snprintf(p->outfile, 4096, "%s", v);
        else if (!strcmp(k, "copy") && p->ncopies < MAX_COPIES) {
            char *colon = strchr(v, ':');
            if (!colon) continue;
            snprintf(p->copy_src[p->ncopies], 4096, "%.*s", (int)(colon - v), v);
            snprintf(p->copy_dst[p->ncopies], 4096, "%s", colon + 1);
            p->ncopies++;
        }
    }
    if (p->argc > MAX_ARGS) p->argc = MAX_ARGS;
}

/* File-system chores: folders made, trees removed whatever a program did to them, the scratch tmpfs emptied. */
#define _GNU_SOURCE
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <limits.h>

int mkdirs(const char *path, mode_t mode) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(tmp, mode) < 0 && errno != EEXIST) return -1;
    return 0;
}

void parent_dirs(const char *path) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    char *slash = strrchr(tmp, '/');
    if (slash && slash != tmp) {
        *slash = 0;
        mkdirs(tmp, 0755);
    }
}


/* Remove a tree without following links, at any depth (no PATH_MAX: every step is relative to an open folder)
 * and whatever modes the program left on its folders (each is set to 0700 before it is entered). An explicit
 * stack of open folders replaces recursion, and each level keeps a batch of subfolder names so a wide folder
 * is not rescanned for every child. */
#define RM_BATCH 64
struct rm_level {
    int fd;
    char name[NAME_MAX + 1];  /* this folder's name in its parent */
    char pending[RM_BATCH][NAME_MAX + 1];
    int npending;
};

static int rm_scan(struct rm_level *lv) {
    /* unlink every non-folder, queue up to RM_BATCH subfolders; returns how many were queued */
    int dfd = dup(lv->fd);
    if (dfd < 0) return -1;
    DIR *d = fdopendir(dfd);
    if (!d) { close(dfd); return -1; }
    rewinddir(d);
    lv->npending = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct stat st;
        if (fstatat(lv->fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
        if (!S_ISDIR(st.st_mode)) unlinkat(lv->fd, e->d_name, 0);
        else if (lv->npending < RM_BATCH) snprintf(lv->pending[lv->npending++], NAME_MAX + 1, "%s", e->d_name);
    }
    closedir(d);
    return lv->npending;
}

int remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return unlink(path);
    chmod(path, 0700);
    int cap = 16, depth = 0, failed = 0;
    struct rm_level *lv = malloc(sizeof *lv * cap);
    if (!lv) return -1;
    lv[0].fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    lv[0].name[0] = 0;
    if (lv[0].fd < 0) { free(lv); return -1; }
    if (rm_scan(&lv[0]) < 0) failed = 1;
    depth = 1;
    while (depth > 0 && !failed) {
        struct rm_level *top = &lv[depth - 1];
        if (top->npending == 0 && rm_scan(top) < 0) { failed = 1; break; }
        if (top->npending == 0) {  /* empty now: leave it and remove it from its parent */
            close(top->fd);
            depth--;
            if (depth > 0 && unlinkat(lv[depth - 1].fd, top->name, AT_REMOVEDIR) < 0) failed = 1;
            continue;
        }
        char child[NAME_MAX + 1];
        snprintf(child, sizeof child, "%s", top->pending[--top->npending]);
        fchmodat(top->fd, child, 0700, 0);
        int cfd = openat(top->fd, child, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (cfd < 0) {
            if (unlinkat(top->fd, child, AT_REMOVEDIR) < 0 && errno != ENOENT) failed = 1;
            continue;
        }
        if (depth == cap) {
            struct rm_level *grown = realloc(lv, sizeof *lv * (cap *= 2));
            if (!grown) { close(cfd); failed = 1; break; }
            lv = grown;
        }
        lv[depth].fd = cfd;
        snprintf(lv[depth].name, NAME_MAX + 1, "%s", child);
        lv[depth].npending = 0;
        depth++;
        if (rm_scan(&lv[depth - 1]) < 0) failed = 1;
    }
    while (depth > 0) close(lv[--depth].fd);
    free(lv);
    if (failed) return -1;
    return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* The contestant's scratch root (its own tmpfs): emptied before and after every run, so nothing a program made
 * next to its box, or renamed its box to, survives into the next test. */
const char *scratch_root = NULL;

void wipe_scratch(void) {
    if (!scratch_root) return;
    DIR *d = opendir(scratch_root);
    if (!d) return;
    struct dirent *e;
    char path[4096 + NAME_MAX + 2];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", scratch_root, e->d_name);
        remove_tree(path);
    }
    closedir(d);
}

/* File-system chores of the runner: making folders, removing a program's tree whatever it did to it, and
 * emptying the contestant's scratch tmpfs. */
#pragma once
#include <sys/types.h>

/* mkdir -p: parents 0755, the last one `mode`. */
int mkdirs(const char *path, mode_t mode);
/* Make the folders above `path`. */
void parent_dirs(const char *path);
/* Remove a tree without following links; 0 when it is gone. */
int remove_tree(const char *path);
/* The contestant's own tmpfs (--scratch DIR), or NULL: emptied before and after every run. */
extern const char *scratch_root;
void wipe_scratch(void);

// Allocates and touches 16 MiB blocks forever: the runner must kill it for memory (or, should the container's
// cgroup get there first, its peak RSS must still name the verdict MLE).
#include <cstdlib>
#include <cstring>
#include <vector>

int main() {
    std::vector<char*> blocks;
    for (;;) {
        char* p = (char*)malloc(16 << 20);
        if (!p) continue;
        memset(p, 1, 16 << 20);
        blocks.push_back(p);
    }
}

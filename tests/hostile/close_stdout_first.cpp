// Closes stdout before writing anything and then "prints" the answer into the void (EBADF) and exits 0: the
// output is empty, so the verdict must be WA, not AC and not a judge error.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    close(1);
    return finish();
}

// Prints the answer and then closes stdin, stdout and stderr, reuses the numbers for other files and keeps
// running a little: what it wrote before closing must be judged (AC), with no judge error.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    finish();
    close(0);
    close(1);
    close(2);
    int a = open("/dev/null", O_RDONLY);  // becomes 0
    int b = open("reused", O_WRONLY | O_CREAT, 0644);  // becomes 1: writes land in a box file, not the output
    if (a < 0 || b < 0) return 3;
    write_all(1, "ESCAPED written after stdout was closed\n");
    sleep_ms(50);
    return 0;
}

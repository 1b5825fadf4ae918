// Writes next to its own box: in the folder that holds it (its parent) and in /work/run, where the judge's
// boxes are (the checker's is /work/run/checker). Creates a file and a folder in each, and plants a non-empty,
// read-only "checker" folder. Whether or not that works, nothing of it may outlive the test, and the judge must
// still be able to set up its checker box afterwards: the test checks both (so this always prints "contained").
#include "hostile.h"
using namespace hostile;

static void litter(const std::string& dir, const std::string& token) {
    int fd = open((dir + "/hostile-" + token).c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd >= 0) {
        write_all(fd, "left behind by a previous test\n");
        close(fd);
    }
    mkdir((dir + "/hostile-dir-" + token).c_str(), 0755);
    // a folder the judge cannot empty: a checker run there could not start
    std::string trap = dir + "/checker";
    if (mkdir(trap.c_str(), 0755) == 0) {
        int t = open((trap + "/trap").c_str(), O_WRONLY | O_CREAT, 0644);
        if (t >= 0) close(t);
        chmod(trap.c_str(), 0555);
    }
}

int main() {
    read_input();
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return 1;
    std::string parent(cwd);
    parent = parent.substr(0, parent.rfind('/'));
    litter(parent, get("token"));
    if (parent != "/work/run") litter("/work/run", get("token"));
    return finish();
}

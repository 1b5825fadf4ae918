// A Communication task of two processes with fifo_io: the FIFO paths are the arguments, the process index the
// last one. The manager (judges/manager.py) sends each process a private line meant for it alone. The program
// opens its own FIFOs, then tries the other process's: lists the FIFO folder, opens the other's input FIFO to
// read its private line, and its output FIFO to speak in its name. Any of these is an escape.
#include "hostile.h"
using namespace hostile;

int main(int argc, char** argv) {
    if (argc < 4) {
        escaped("expected fifo_io arguments: <from manager> <to manager> <index>");
        return finish();
    }
    if (!freopen(argv[1], "r", stdin) || !freopen(argv[2], "w", stdout)) return 3;
    read_input();
    std::string mine = argv[1], dir = mine.substr(0, mine.rfind('/'));
    int other = atoi(argv[3]) == 0 ? 1 : 0;
    hunt_tree(dir, 1, own_box());
    std::string in = dir + "/m_to_u" + str(other), out = dir + "/u" + str(other) + "_to_m";
    int fd = open(in.c_str(), O_RDONLY | O_NONBLOCK);
    if (check(fd >= 0, "opened the other process's input " + in)) {
        sleep_ms(50);
        char buf[4096];
        ssize_t n = read(fd, buf, sizeof buf);
        check(n > 0 && std::string(buf, (size_t)n).find(hidden_marker()) != std::string::npos,
              "read the other process's private line");
        close(fd);
    }
    fd = open(out.c_str(), O_WRONLY | O_NONBLOCK);
    if (check(fd >= 0, "opened the other process's output " + out)) close(fd);
    int r = finish();
    fflush(stdout);
    return r;
}

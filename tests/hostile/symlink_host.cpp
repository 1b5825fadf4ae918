// Plants symlinks in its box pointing at host paths (the test's folder on the host), the staged files, the
// answers and the root, then tries to read and write through them. Reading what it may read anyway (/etc,
// staged inputs) proves nothing; reading the answer, or writing anywhere through a link, must fail. The links
// stay behind for the runner's cleanup, which must remove the links and never their targets (the test checks
// the targets and the host folder afterwards).
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    std::string token = get("token"), answer = get("answer_path"), victim = get("victim_path");
    std::vector<std::pair<std::string, std::string>> links = {
        {"host", get("host_dir")}, {"hostfile", get("host_dir") + "/untouched.txt"},
        {"secret", "/work/secret"}, {"answer", answer}, {"stage", "/work/stage"}, {"victim", victim},
        {"root", "/"}, {"run", "/work/run"}, {"etc", "/etc"}, {"proc1root", "/proc/1/root"},
    };
    for (auto& [name, target] : links) check(symlink(target.c_str(), name.c_str()) != 0, "could not make link " + name);
    // links whose names the runner itself uses: a capture file, an outfile, a nested box
    symlink(victim.c_str(), "output.txt");
    symlink("/work/secret", "contestant");
    auto readable = [](const std::string& p) {
        int fd = open(p.c_str(), O_RDONLY);
        if (fd < 0) return false;
        char c;
        bool ok = read(fd, &c, 1) >= 0;
        close(fd);
        return ok;
    };
    check(readable("answer"), "read the answer through a link");
    check(readable("secret/" + answer.substr(answer.rfind('/') + 1)), "read the answer through a folder link");
    check(readable("hostfile"), "read a host file through a link");
    check(readable("proc1root" + answer), "read the answer through /proc/1/root");
    for (const char* w : {"victim", "hostfile", "answer", "output.txt"}) {
        int fd = open(w, O_WRONLY | O_APPEND);
        if (check(fd >= 0, std::string("opened for writing through link ") + w)) close(fd);
    }
    for (const char* d : {"host", "stage", "secret", "root", "etc", "run/.."}) {
        std::string f = std::string(d) + "/hostile-" + token;
        int fd = open(f.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (check(fd >= 0, "created " + f + " through a link")) close(fd);
    }
    check(link(victim.c_str(), "hard") == 0 && open("hard", O_WRONLY) >= 0, "wrote through a hard link");
    return finish();
}

// Hunts the hidden data of the judge side where staging leaves files: an interactor's or manager's input, a
// checker's own file, another test's input. Lists /work (stage, secret, run and below), /box beside its own
// box, /tmp and /dev/shm, reading every regular file it finds; then opens outright the staging paths the test
// names (hidden_paths: where the worker puts the hidden files, by their digest, public or secret). Listing any
// of those folders, or finding hidden data, is an escape.
#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    std::string box = own_box();
    for (const char* root : {"/work", "/work/stage", "/work/secret", "/work/run", "/work/run/fifo", "/box", "/tmp",
                             "/dev/shm"})
        hunt_tree(root, 6, box);
    for (auto& path : words(get("hidden_paths"))) hunt_file(path, "opened by its staging path");
    return finish();
}

// The Committee Whisper stub: talks to the manager on stdin/stdout and calls encode (process 0) or decode
// (process 1); the process index is the last command-line argument. Compiled with your whisper.cpp.
//
// To process 0 the manager sends T, then one line "n k m_1 ... m_k" per committee and waits for the reply
// "L message" (L the message's length; just "0" for an empty message). To process 1 it sends T, then one
// line "n k L message" per committee (in another order) and waits for the reply "x_1 ... x_k".
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "whisper.h"

static void run_encoder() {
    int t;
    if (scanf("%d", &t) != 1) return;
    for (int s = 0; s < t; s++) {
        int n, k;
        if (scanf("%d %d", &n, &k) != 2) return;
        std::vector<int> members(k);
        for (int &x : members)
            if (scanf("%d", &x) != 1) return;
        std::string message = encode(n, k, members);
        printf("%d", (int)message.size());
        if (!message.empty()) printf(" %s", message.c_str());
        printf("\n");
        fflush(stdout);
    }
}

static void run_decoder() {
    int t;
    if (scanf("%d", &t) != 1) return;
    static char buf[1024];
    for (int s = 0; s < t; s++) {
        int n, k, length;
        if (scanf("%d %d %d", &n, &k, &length) != 3) return;
        std::string message;
        if (length > 0) {
            if (scanf("%1000s", buf) != 1) return;
            message = buf;
        }
        std::vector<int> members = decode(n, k, message);
        for (size_t i = 0; i < members.size(); i++) printf(i ? " %d" : "%d", members[i]);
        printf("\n");
        fflush(stdout);
    }
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);  // if the manager stops early, writes fail instead of killing the process
    int index = argc > 1 ? atoi(argv[argc - 1]) : 0;
    if (index == 0) run_encoder();
    else run_decoder();
    return 0;  // the manager judges; an early end of input is the manager's decision, not a crash
}

// Starts threads (small stacks, each blocked forever) until pthread_create fails: the pids limit counts
// threads too, so it must fail with EAGAIN before 300.
#include <pthread.h>

#include "hostile.h"
using namespace hostile;

static void* block(void*) {
    for (;;) pause();
    return nullptr;
}

int main() {
    read_input();
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    int n = 0, err = 0;
    for (;;) {
        pthread_t t;
        err = pthread_create(&t, &attr, block, nullptr);
        if (err) break;
        if (++n >= 1000) break;
    }
    check(n >= 256, "started " + str(n) + " threads, past the pids limit");
    check(err != EAGAIN, "pthread_create stopped with error " + str(err) + " instead of EAGAIN");
    finish();
    _exit(0);  // the blocked threads would keep exit() from returning
}

// Leaves kernel objects that outlive every process: a 32 MiB SysV shared memory segment (touched, so its memory
// is really used), a SysV message queue holding a message, a semaphore set, and a POSIX message queue. They live
// in the container's IPC namespace, not in the box: the check after the test must find none of them (else they
// are a channel to later tests and a memory leak no limit covers).
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "hostile.h"
using namespace hostile;

int main() {
    read_input();
    int shm = shmget(0x4857534d, 32 << 20, IPC_CREAT | 0600);
    if (shm >= 0) {
        void* p = shmat(shm, nullptr, 0);
        if (p != (void*)-1) {
            memset(p, 1, 32 << 20);
            shmdt(p);
        }
    }
    int q = msgget(0x4857514d, IPC_CREAT | 0600);
    if (q >= 0) {
        struct {
            long type;
            char text[32];
        } m = {1, "state kept across tests"};
        msgsnd(q, &m, sizeof m.text, IPC_NOWAIT);
    }
    semget(0x48575345, 4, IPC_CREAT | 0600);
    struct mq_attr attr = {0, 4, 64, 0, {0}};
    mqd_t mq = mq_open("/hostile", O_CREAT | O_WRONLY, 0600, &attr);
    if (mq != (mqd_t)-1) {
        mq_send(mq, "state kept across tests", 23, 0);
        mq_close(mq);
    }
    return finish();
}

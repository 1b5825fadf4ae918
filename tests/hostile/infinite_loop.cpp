// Burns CPU forever: the runner's CPU poll must kill it just past the time limit.
int main() {
    volatile unsigned long long x = 0;
    for (;;) x = x + 1;
}

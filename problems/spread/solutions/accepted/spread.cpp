// The even numbers in increasing order, then the odd ones: neighbours inside each half differ by 2, and
// where the halves meet the largest even number E >= 4 stands next to 1. N = 2 and N = 3 have no arrangement.
#include <cstdio>

int main() {
    int t;
    if (scanf("%d", &t) != 1) return 0;
    while (t--) {
        int n;
        scanf("%d", &n);
        if (n == 2 || n == 3) {
            printf("NO\n");
            continue;
        }
        bool first = true;
        for (int v = 2; v <= n; v += 2, first = false) printf(first ? "%d" : " %d", v);
        for (int v = 1; v <= n; v += 2, first = false) printf(first ? "%d" : " %d", v);
        printf("\n");
    }
}

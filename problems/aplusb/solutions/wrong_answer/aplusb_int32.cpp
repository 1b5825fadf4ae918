// Wrong: 32-bit integers. Right on the small subtask; big values do not fit (and their sums overflow).
#include <iostream>

int main() {
    std::ios::sync_with_stdio(false);
    int t;
    std::cin >> t;
    while (t--) {
        int a, b;
        std::cin >> a >> b;
        std::cout << a + b << '\n';
    }
    return 0;
}

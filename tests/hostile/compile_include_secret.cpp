// Attacks at compile time: the compiler runs as the contestant too, so including the staged answer by its
// content-addressed path (/work/secret/<sha256("contained\n")[:32]>, staged before this compiles) must fail
// with "Permission denied": CE, never a binary with the answer baked in.
#include <cstdio>

static const char answer[] = {
#include "/work/secret/da2fe3be7cb9f841f863f62c256ec388"
};

int main() { std::fputs(answer, stdout); }

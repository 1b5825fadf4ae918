// Garden Path: the function you implement (see the statement).
#pragma once

// The number of pavings of a path of length n, modulo 1 000 000 007. Called up to 1000 times.
int count_pavings(long long n);

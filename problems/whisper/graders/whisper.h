// The Committee Whisper: the two functions you implement (see the statement).
#pragma once

#include <string>
#include <vector>

// Process 0, the encoder. members: the k members of the committee, in increasing order, each in [1, n].
// Returns the message for the decoder: a string of '0' and '1' characters, at most 1000 of them.
std::string encode(int n, int k, std::vector<int> members);

// Process 1, the decoder. message: a string returned by encode for a committee of k members out of n.
// Returns the k members of that committee (in any order).
std::vector<int> decode(int n, int k, std::string message);

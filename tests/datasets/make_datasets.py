"""Writes livecodebench.jsonl and codecontests.jsonl: made-up problems in the two datasets' own record formats
(the team's, not copied from either dataset). Rerun after editing: `python tests/datasets/make_datasets.py`."""
from __future__ import annotations

import base64
import json
import pickle
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lcb_encoded(tests: list[dict]) -> str:
    """How newer LiveCodeBench releases store private tests: base64(zlib(pickle(json string)))."""
    return base64.b64encode(zlib.compress(pickle.dumps(json.dumps(tests)))).decode()


def stdin_test(data: str, out: str) -> dict:
    return {"input": data, "output": out, "testtype": "stdin"}


def call_test(args: list, result) -> dict:
    return {"input": "\n".join(json.dumps(a) for a in args), "output": json.dumps(result), "testtype": "functional"}


def lcb_records() -> list[dict]:
    sums = [([3, [1, 2, 3]], None), ([1, [-5]], None), ([4, [10, 20, 30, 40]], None), ([2, [7, -7]], None)]
    sum_tests = [stdin_test(f"{n}\n{' '.join(map(str, xs))}\n", f"{sum(xs)}\n") for (n, xs), _ in sums]
    prefix = [[1, 2, 3], [5], [0, -1, 1, 10], [2, 2, 2, 2, 2]]
    prefix_tests = [call_test([xs], [sum(xs[:i + 1]) for i in range(len(xs))]) for xs in prefix]
    above = [([1, 5, 9], 4), ([3, 3], 3), ([10, -2, 8, 7], 0), ([], 1)]
    above_tests = [call_test([xs, k], sum(x > k for x in xs)) for xs, k in above]
    common = {"platform": "atcoder", "contest_id": "mock001", "contest_date": "2026-01-10T00:00:00",
              "difficulty": "easy"}
    return [
        {**common, "question_id": "mock001_a", "question_title": "Sum of Numbers",
         "question_content": "You are given N integers. Print their sum.\n\nInput: N on the first line, then the N "
                             "integers.\nOutput: the sum.",
         "starter_code": "", "public_test_cases": json.dumps(sum_tests[:1]),
         "private_test_cases": lcb_encoded(sum_tests[1:]), "metadata": json.dumps({})},
        {**common, "platform": "leetcode", "question_id": "9001", "question_title": "prefix-sums",
         "question_content": "Given an integer array nums, return the array of its prefix sums: answer[i] is "
                             "nums[0] + ... + nums[i].",
         "starter_code": "class Solution:\n    def prefixSums(self, nums: List[int]) -> List[int]:\n        ",
         "public_test_cases": json.dumps(prefix_tests[:1]), "private_test_cases": json.dumps(prefix_tests[1:]),
         "metadata": json.dumps({"func_name": "prefixSums"})},
        {**common, "platform": "leetcode", "question_id": "9002", "question_title": "count-above",
         "question_content": "Given an integer array nums and an integer k, return how many elements are greater "
                             "than k.",
         "starter_code": "class Solution:\n    def countAbove(self, nums: List[int], k: int) -> int:\n        ",
         "public_test_cases": json.dumps(above_tests[:2]), "private_test_cases": lcb_encoded(above_tests[2:]),
         "metadata": json.dumps({"func_name": "countAbove"})},
    ]


def cc_group(pairs: list[tuple[str, str]]) -> dict:
    return {"input": [i for i, _ in pairs], "output": [o for _, o in pairs]}


def cc_records() -> list[dict]:
    maxes = [("3\n1 9 4\n", "9\n"), ("1\n-3\n", "-3\n"), ("5\n2 2 8 8 1\n", "8\n"), ("2\n100 99\n", "100\n")]
    gcds = [("12 18\n", "6\n"), ("7 13\n", "1\n"), ("100 75\n", "25\n"), ("1 1\n", "1\n"), ("0 5\n", "5\n")]
    cpp_max = ("#include <bits/stdc++.h>\nint main(){int n;std::cin>>n;long long b=LLONG_MIN,x;"
               "for(int i=0;i<n;i++){std::cin>>x;b=std::max(b,x);}std::cout<<b<<\"\\n\";}\n")
    py_max = "input()\nprint(max(map(int, input().split())))\n"
    py_gcd = "import math\na, b = map(int, input().split())\nprint(math.gcd(a, b))\n"
    return [
        {"name": "9100_A. Largest Number", "description": "Given n integers, print the largest.",
         "public_tests": cc_group(maxes[:1]), "private_tests": cc_group(maxes[1:3]),
         "generated_tests": cc_group(maxes[3:]), "source": 2, "difficulty": 7,
         "solutions": {"language": [2, 3, 4], "solution": [cpp_max, py_max, "class Main {}"]},
         "incorrect_solutions": {"language": [], "solution": []}, "cf_contest_id": 9100, "cf_index": "A",
         "cf_points": 500.0, "cf_rating": 800, "cf_tags": ["implementation"], "is_description_translated": False,
         "untranslated_description": "", "time_limit": {"seconds": 1, "nanos": 500000000},
         "memory_limit_bytes": 268435456, "input_file": "", "output_file": ""},
        {"name": "mockgcd", "description": "Print the greatest common divisor of a and b (0 <= a, 1 <= b).",
         "public_tests": cc_group(gcds[:2]), "private_tests": cc_group(gcds[2:4]),
         "generated_tests": cc_group(gcds[4:]), "source": 1, "difficulty": 1,
         "solutions": {"language": [3], "solution": [py_gcd]},
         "incorrect_solutions": {"language": [], "solution": []}, "cf_contest_id": 0, "cf_index": "",
         "cf_points": 0.0, "cf_rating": 0, "cf_tags": [], "is_description_translated": False,
         "untranslated_description": "", "time_limit": None, "memory_limit_bytes": 0, "input_file": "",
         "output_file": ""},
    ]


if __name__ == "__main__":
    for name, records in (("livecodebench.jsonl", lcb_records()), ("codecontests.jsonl", cc_records())):
        (HERE / name).write_text("".join(json.dumps(r) + "\n" for r in records))
        print(HERE / name)

"""The judge side of the hostile Communication tasks (CMS protocol: manager u0_to_m m_to_u0 [u1_to_m m_to_u1 ...]).

The test's input comes on stdin: its first line is hidden data (the marker the hostile programs hunt for and a
secret), the rest the public "key value" lines. While the programs run, the manager holds memory and spends CPU
time in proportion to the secret (what manager_timing.cpp tries to measure). Each process gets the public
lines, the paths where the worker may have staged the input (hidden_paths) and, with several processes, a
private line meant for it alone; then its stream is closed. Every process's whole reply must be "contained":
outcome 1.0, else 0.0 with the replies as the message.
"""
import hashlib
import sys
import time

MARKER = "CPSOLVE-" + "HIDDEN"


def main() -> int:
    data = sys.stdin.buffer.read()
    hidden, _, public = data.partition(b"\n")
    key = hashlib.sha256(data).hexdigest()[:32]
    fifos = sys.argv[1:]
    n = len(fifos) // 2
    # each user's input is opened before its output: a user opens its input first and then waits on its output
    to_users, from_users = [], []
    for i in range(n):
        to_users.append(open(fifos[2 * i + 1], "wb"))
        from_users.append(open(fifos[2 * i], "rb"))
    # the users are waiting for their first line now
    secret = int(hashlib.sha256(hidden).hexdigest()[:4], 16)
    ballast = bytes(range(256)) * (4096 * (16 + secret % 48))  # 16..63 MiB, every page written
    spin_until = time.process_time() + (secret % 200) / 1000
    while time.process_time() < spin_until:
        pass
    for i, f in enumerate(to_users):
        lines = public + f"hidden_paths /work/stage/{key} /work/secret/{key}\n".encode()
        if n > 1:
            lines += f"private_{i} {MARKER} for process {i} only\n".encode()
        try:
            f.write(lines)
            f.close()
        except BrokenPipeError:
            pass
    replies = [f.read() for f in from_users]
    del ballast
    bad = [f"process {i}: " + r.decode(errors="replace").strip().replace("\n", "; ")
           for i, r in enumerate(replies) if r != b"contained\n"]
    print("0.0" if bad else "1.0")
    print(" | ".join(bad)[:1500] if bad else "contained", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

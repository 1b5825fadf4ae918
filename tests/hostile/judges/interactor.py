"""The judge side of the hostile interactive task (Kattis protocol: interactor input answer feedback_dir).

The test's input is hidden data (a line with the marker the hostile programs hunt for); the answer holds the
public "key value" lines, which the interactor sends to the program together with the paths where the worker
may have staged the input (hidden_paths), then closes the stream. The program's whole reply must be
"contained": exit 42 accepts, 43 rejects with the reply as the judge message.
"""
import hashlib
import os
import sys


def main() -> int:
    input_path, answer_path, feedback = sys.argv[1:4]
    with open(input_path, "rb") as f:
        hidden = f.read()
    with open(answer_path, "rb") as f:
        public = f.read()
    key = hashlib.sha256(hidden).hexdigest()[:32]
    lines = public + f"hidden_paths /work/stage/{key} /work/secret/{key}\n".encode()
    try:
        os.write(1, lines)
    except BrokenPipeError:
        pass
    os.close(1)  # the program reads to end of file
    reply = sys.stdin.buffer.read()
    if reply == b"contained\n" and hidden.strip() not in reply:
        return 42
    with open(os.path.join(feedback, "judgemessage.txt"), "wb") as f:
        f.write(b"; ".join(reply.strip().splitlines())[:1500] or b"no reply")
    return 43


if __name__ == "__main__":
    sys.exit(main())

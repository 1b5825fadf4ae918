# The Python sampler of escape attempts: list and read the answers, write outside the box, signal the runner
# and every process (directly and through a shell, whose `kill -9 -1` inherits the seccomp filter), connect to
# the host's servers, become root. Prints "contained" only if all failed.
import os
import signal
import socket
import subprocess
import sys

kv = dict((line.split(" ", 1) + [""])[:2] for line in sys.stdin.read().splitlines() if line)
escapes = []


def attempt(what, fn):
    try:
        fn()
    except (OSError, ValueError):
        return
    escapes.append(what)


attempt("listed /work/secret", lambda: os.listdir("/work/secret"))
attempt("read the answer", lambda: open(kv["answer_path"], "rb").read())
for d in ("/etc", "/tmp", "/work", "/work/stage", "/work/secret", "/usr/lib/python3", "/dev"):
    attempt(f"wrote in {d}", lambda d=d: open(f"{d}/hostile-{kv['token']}", "x").close())
attempt("appended to the staged canary input", lambda: open(kv["victim_path"], "ab").close())
runner = os.getppid()
attempt("killed the runner", lambda: os.kill(runner, signal.SIGKILL))
attempt("killed the runner's group", lambda: os.killpg(os.getpgid(runner), signal.SIGKILL))
attempt("kill(-1)", lambda: os.kill(-1, signal.SIGKILL))
r = subprocess.run(["/bin/sh", "-c", "kill -9 -1 || exit 7; exit 0"], capture_output=True)
if r.returncode != 7:
    escapes.append(f"sh kill -9 -1 exited {r.returncode}")
for ip in ["127.0.0.1", "172.17.0.1"] + kv.get("host_ips", "").split():
    def connect(ip=ip):
        with socket.create_connection((ip, int(kv["port"])), timeout=0.3):
            pass
    attempt(f"connected to {ip}:{kv['port']}", connect)
attempt("setuid(0)", lambda: os.setuid(0))
if hasattr(os, "unshare"):  # Python 3.12+
    attempt("unshare a user namespace", lambda: os.unshare(os.CLONE_NEWUSER))
print("contained" if not escapes else "\n".join("ESCAPED " + e for e in escapes))

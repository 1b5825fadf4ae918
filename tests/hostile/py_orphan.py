# Starts a detached shell in a new session (start_new_session) that waits, then writes to the inherited stdout
# and sleeps on, and exits without waiting for it. The runner must kill it before the output is read: AC.
import subprocess
import sys

sys.stdin.read()
subprocess.Popen(["/bin/sh", "-c", "sleep 0.3; echo ESCAPED a detached child wrote after the test; sleep 30"],
                 start_new_session=True)
print("contained", flush=True)

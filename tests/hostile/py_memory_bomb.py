# Grows a list of 16 MiB byte strings (each filled, so really resident) forever: MLE.
blocks = []
while True:
    blocks.append(b"x" * (16 << 20))

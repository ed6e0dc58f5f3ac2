#!/usr/bin/env python3
"""The Python asyncio peer of the pipe section (PipeSection): MIB mebibytes through `cat` with
asyncio.create_subprocess_exec, as the Java contenders do it: 64 KiB writes to stdin, each followed
by `await drain()`, while reads of up to 1 MiB take stdout, in one event loop. Or, with `lines`,
N lines from `seq 1 N` read one by one with `await proc.stdout.readline()`.

    python3 benchmarks/pipe_asyncio.py MIB
    python3 benchmarks/pipe_asyncio.py lines N

Prints one line, "BYTES SECONDS" (or "LINES SECONDS"): the bytes (lines) read and the time from the
exec to the exit (interpreter start-up not included).
"""
import asyncio
import sys
import time

CHUNK = bytes(64 * 1024)


async def through_cat(total):
    start = time.perf_counter()
    cat = await asyncio.create_subprocess_exec(
        "cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)

    async def write():
        for _ in range(total // len(CHUNK)):
            cat.stdin.write(CHUNK)
            await cat.stdin.drain()
        cat.stdin.close()
        await cat.stdin.wait_closed()

    async def read():
        got = 0
        while True:
            data = await cat.stdout.read(1 << 20)
            if not data:
                return got
            got += len(data)

    _, got = await asyncio.gather(write(), read())
    await cat.wait()
    return got, time.perf_counter() - start


async def seq_lines(count):
    start = time.perf_counter()
    seq = await asyncio.create_subprocess_exec("seq", "1", str(count), stdout=asyncio.subprocess.PIPE)
    lines = 0
    while True:
        line = await seq.stdout.readline()
        if not line:
            break
        lines += 1
    await seq.wait()
    return lines, time.perf_counter() - start


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "lines":
        got, seconds = asyncio.run(seq_lines(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000))
    else:
        mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
        got, seconds = asyncio.run(through_cat(mib << 20))
    print(got, seconds)


if __name__ == "__main__":
    main()

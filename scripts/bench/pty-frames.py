#!/usr/bin/env python3
"""Times a program the way a person at a terminal sees it: under a pseudo-terminal of a given size.

Reads one JSON job on stdin and prints one JSON result on stdout. The job:
  argv, env, cwd        the program to start (its stdin, stdout and stderr are the pty's slave side)
  rows, cols            the pty's size, set before the program starts
  ready                 a regular expression; the first frame is the read that makes the output (escape
                        sequences stripped) match it. Time is counted from just before the program is spawned.
  quiet_ms              a burst of output has ended after this long without a byte (default 30)
  settle_ms             before the first key: wait until the screen has been quiet this long (default 300)
  keys                  [{name, bytes, expect}] sent in order, `rounds` times. For each key: the time from
                        writing it to the first byte back, and to the last byte of that burst (the new frame
                        is complete: `quiet_ms` passed without a byte, and that window is not counted).
                        `expect` (optional): a regular expression; the new frame is then complete only once
                        the output since the key (escape sequences stripped) matches it, and quiet.
  gap_ms                quiet time required between one key's burst and the next key (default 120)
  quit                  bytes to send at the end (none: wait for the program to exit by itself)
  timeout_s             per wait for the first frame and the exit (default 10)
  key_timeout_s         per wait for a key's first byte and its frame's end (default 3)

Times are milliseconds (floats); `mono` fields are time.monotonic() in microseconds, the clock V8's CPU
profiles use on Linux, so a profile's samples can be matched to the keys.
"""
import codecs
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMNOcn]")


def strip(text):
    return ANSI.sub("", text)


def now_ms():
    return time.monotonic() * 1000.0


def main():
    job = json.load(sys.stdin)
    rows, cols = job.get("rows", 24), job.get("cols", 80)
    quiet = job.get("quiet_ms", 30) / 1000.0
    settle = job.get("settle_ms", 300) / 1000.0
    gap = job.get("gap_ms", 120) / 1000.0
    timeout = job.get("timeout_s", 10)
    key_timeout = job.get("key_timeout_s", 3)
    ready = re.compile(job["ready"])

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def make_controlling():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    t0 = now_ms()
    proc = subprocess.Popen(job["argv"], stdin=slave, stdout=slave, stderr=slave, env=job["env"], cwd=job.get("cwd"),
                            preexec_fn=make_controlling, close_fds=True)
    os.close(slave)
    out = {"spawn_mono": t0 * 1000.0, "keys": [], "late_bytes": 0}
    transcript = []
    eof = False

    def read_once(wait):
        """One read of whatever is there within `wait` seconds: (time in ms, text) or None."""
        nonlocal eof
        if eof:
            time.sleep(max(0.0, wait))
            return None
        r, _, _ = select.select([master], [], [], max(0.0, wait))
        if not r:
            return None
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        at = now_ms()
        if not data:
            eof = True
            return None
        text = decoder.decode(data)
        transcript.append(text)
        return at, text

    def until_quiet(window, limit):
        """Reads until `window` seconds pass without a byte; returns (time of the last byte or None, text)."""
        last, texts = None, []
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            got = read_once(window)
            if got is None:
                return last, "".join(texts)
            last = got[0]
            texts.append(got[1])
        return last, "".join(texts)

    try:
        # The first frame: the read that makes the screen text match `ready`.
        seen, first_byte = "", None
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline or eof:
                raise RuntimeError("no first frame within %ss" % timeout)
            got = read_once(deadline - time.monotonic())
            if got is None:
                continue
            if first_byte is None:
                first_byte = got[0]
            seen += got[1]
            if ready.search(strip(seen)):
                out["first_byte_ms"] = first_byte - t0
                out["first_frame_ms"] = got[0] - t0
                break
        last, _ = until_quiet(quiet, timeout)
        out["first_frame_end_ms"] = (last if last is not None else got[0]) - t0

        if job.get("keys"):
            until_quiet(settle, timeout)
            for _ in range(job.get("rounds", 1)):
                for key in job["keys"]:
                    sent = now_ms()
                    os.write(master, key["bytes"].encode("utf-8"))
                    first = read_once(key_timeout)
                    if first is None:
                        out["keys"].append({"name": key["name"], "ok": False, "why": "no output", "mono": sent * 1000.0})
                        continue
                    # The new frame may come in more than one burst (a render, then another once data is there):
                    # with `expect`, the frame is the burst that makes the output since the key match it.
                    raw, last = first[1], first[0]
                    expect = re.compile(key["expect"]) if key.get("expect") else None
                    deadline = time.monotonic() + key_timeout
                    while expect is not None and not expect.search(strip(raw)) and time.monotonic() < deadline:
                        got = read_once(deadline - time.monotonic())
                        if got is not None:
                            raw, last = raw + got[1], got[0]
                    end, rest = until_quiet(quiet, key_timeout)
                    if end is not None:
                        last, raw = end, raw + rest
                    text = strip(raw)
                    ok = expect is None or expect.search(text) is not None
                    entry = {"name": key["name"], "ok": ok, "mono": sent * 1000.0, "first_ms": first[0] - sent,
                             "frame_ms": last - sent, "end_mono": last * 1000.0}
                    if not ok:
                        entry["why"] = "output did not match %r within %ss: %r" % (key["expect"], key_timeout, text[-300:])
                    out["keys"].append(entry)
                    # A later burst (a throttled trailing render) would land in the next key's time: count it.
                    late_at, late = until_quiet(gap, key_timeout)
                    if late_at is not None:
                        out["late_bytes"] += len(late.encode("utf-8"))
        if job.get("quit"):
            os.write(master, job["quit"].encode("utf-8"))
        end = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < end:
            read_once(0.05)
        out["exit"] = proc.poll()
    except Exception as error:  # noqa: BLE001 - reported to the caller, who prints it
        out["error"] = str(error)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        out["exit"] = proc.returncode
        # Drain what is left so the transcript is whole, then close.
        while read_once(0.01) is not None:
            pass
        os.close(master)
    out["tail"] = strip("".join(transcript))[-600:]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

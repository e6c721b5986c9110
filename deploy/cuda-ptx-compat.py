#!/usr/bin/env python3
"""Makes node-llama-cpp's CUDA build of ggml load on a driver older than its PTX.

The npm package @node-llama-cpp/linux-x64-cuda ships libggml-cuda.so with machine code (SASS) for
sm_86/89/120/121 and only PTX, ISA 9.1 (CUDA 13.1), for everything else: sm_75, sm_80 and sm_90
(H100/H200). A CUDA 13.0 driver (580.x) cannot JIT PTX 9.1, so on such a GPU every kernel launch
fails with "CUDA error" and the process aborts. This script keeps, in each fat binary of the
library, only what the local GPU needs: the SASS for its architecture when there is one, otherwise
the newest PTX not above it, with the PTX's ISA version lowered to what the driver accepts (the
kernels use nothing newer: checked on an H100 with driver 580, where logits match the CPU build to
5e-7). Entries are rewritten inside each fat binary's own space, so nothing else in the file moves.

    deploy/cuda-ptx-compat.py LIB [--auto] [--arch 90] [--ptx-isa 9.0]

--auto reads the GPU and driver from nvidia-smi and does nothing when no GPU is present, when the
driver's CUDA version is 13.1 or newer, or when the library has SASS for the GPU. The original is
kept as LIB.orig. Needs the zstd program (the PTX entries are zstd frames).
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys

FATBIN_MAGIC = 0xBA55ED50
KIND_PTX, KIND_ELF = 1, 2


def gpu_facts():
    """(compute capability as an int like 90, driver CUDA version as (major, minor)) or None."""
    try:
        cap = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap", "--format=csv,noheader"],
                             capture_output=True, text=True, check=True).stdout.split()[0]
        banner = subprocess.run(["nvidia-smi"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError, IndexError):
        return None
    m = re.search(r"CUDA Version:\s*(\d+)\.(\d+)", banner)
    if not m:
        return None
    major, minor = cap.split(".")
    return int(major) * 10 + int(minor), (int(m.group(1)), int(m.group(2)))


def section(data, name):
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx][4]
    for h in headers:
        start = strtab + h[0]
        if data[start:data.index(b"\0", start)].decode() == name:
            return h[4], h[4] + h[5]
    raise SystemExit(f"cuda-ptx-compat: no {name} section")


def containers(data, start, end):
    """Yields (offset, header size, payload size, entries) per fat binary; entries as dicts."""
    p = start
    while p < end:
        magic, _, hsize, fsize = struct.unpack_from("<IHHQ", data, p)
        if magic != FATBIN_MAGIC:
            p += 8
            continue
        entries, q = [], p + hsize
        while q < p + hsize + fsize:
            kind, _, ehsize, psize = struct.unpack_from("<HHIQ", data, q)
            csize = struct.unpack_from("<I", data, q + 16)[0]
            minor, major, arch = struct.unpack_from("<HHI", data, q + 24)
            entries.append(dict(at=q, kind=kind, hsize=ehsize, psize=psize, csize=csize,
                                isa=(major, minor), arch=arch))
            q += ehsize + psize
        yield p, hsize, fsize, entries
        p += hsize + fsize


def choose(entries, arch):
    sass = [e for e in entries if e["kind"] == KIND_ELF and e["arch"] == arch]
    if sass:
        return sass[0], False
    ptx = [e for e in entries if e["kind"] == KIND_PTX and e["arch"] <= arch]
    return (max(ptx, key=lambda e: e["arch"]), True) if ptx else (None, False)


def has_sass(data, start, end, arch):
    return all(choose(entries, arch)[1] is False for _, _, _, entries in containers(data, start, end)
               if entries)


def lower_ptx(data, e, isa):
    payload = bytes(data[e["at"] + e["hsize"]:e["at"] + e["hsize"] + e["csize"]])
    if payload[:4] != b"\x28\xb5\x2f\xfd":
        raise SystemExit("cuda-ptx-compat: a PTX entry is not a zstd frame; this build is not one the script knows")
    ptx = subprocess.run(["zstd", "-dc"], input=payload, capture_output=True, check=True).stdout
    text = re.sub(rb"^\.version \d+\.\d+$", b".version %d.%d" % isa, ptx, count=1, flags=re.M)
    packed = subprocess.run(["zstd", "-c", "-19", "--no-check"], input=text, capture_output=True, check=True).stdout
    header = bytearray(data[e["at"]:e["at"] + e["hsize"]])
    padded = (len(packed) + 7) // 8 * 8
    struct.pack_into("<Q", header, 8, padded)
    struct.pack_into("<I", header, 16, len(packed))
    struct.pack_into("<HH", header, 24, isa[1], isa[0])
    struct.pack_into("<Q", header, 56, len(text))
    return bytes(header) + packed + bytes(padded - len(packed))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("library")
    ap.add_argument("--auto", action="store_true")
    ap.add_argument("--arch", type=int)
    ap.add_argument("--ptx-isa", default="9.0")
    args = ap.parse_args()
    isa = tuple(int(x) for x in args.ptx_isa.split("."))
    data = bytearray(open(args.library, "rb").read())
    start, end = section(data, ".nv_fatbin")

    arch = args.arch
    if args.auto:
        facts = gpu_facts()
        if facts is None:
            print("cuda-ptx-compat: no NVIDIA GPU found; library left as it is")
            return 0
        arch, driver = facts
        if driver >= (13, 1):
            print(f"cuda-ptx-compat: driver supports CUDA {driver[0]}.{driver[1]}; library left as it is")
            return 0
        if has_sass(data, start, end, arch):
            print(f"cuda-ptx-compat: the library has machine code for sm_{arch}; left as it is")
            return 0
        isa = (9, 0) if driver >= (13, 0) else isa
    if arch is None:
        ap.error("--arch or --auto is required")
    if shutil.which("zstd") is None:
        raise SystemExit("cuda-ptx-compat: needs the zstd program (apt-get install zstd)")

    lowered = kept = 0
    for p, hsize, fsize, entries in containers(data, start, end):
        entry, is_ptx = choose(entries, arch)
        if entry is None:
            body = b""
        elif is_ptx and entry["isa"] > isa:
            body = lower_ptx(data, entry, isa)
            lowered += 1
        else:
            body = bytes(data[entry["at"]:entry["at"] + entry["hsize"] + entry["psize"]])
            kept += 1
        if len(body) > fsize:
            raise SystemExit("cuda-ptx-compat: a rewritten entry does not fit its fat binary")
        data[p + hsize:p + hsize + fsize] = body + bytes(fsize - len(body))
        struct.pack_into("<Q", data, p + 8, len(body))

    if not os.path.exists(args.library + ".orig"):
        shutil.copy2(args.library, args.library + ".orig")
    tmp = args.library + ".tmp"
    open(tmp, "wb").write(data)
    os.replace(tmp, args.library)
    print(f"cuda-ptx-compat: sm_{arch}: {lowered} PTX entries lowered to ISA {isa[0]}.{isa[1]}, {kept} kept as they were; "
          f"other architectures removed (original in {args.library}.orig)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""CPU time (utime + stime, all threads) of the stack's processes, read from /proc.

  cpu.py snap                 prints a JSON snapshot of clock ticks per process
  cpu.py diff A B N           prints microseconds of CPU per operation between two snapshots, N operations,
                              and the kernel's part of it (stime: the sockets' system calls and wake-ups)
"""
import json
import os
import sys

SERVICES = ['gateway', 'user-service', 'location-service', 'signal-service', 'push-service', 'analytics-service']


def name_of(cmdline):
    if 'java' in cmdline and 'BareEdge' in cmdline:
        return 'bare-edge'
    if 'java' in cmdline:
        for service in SERVICES:
            if f'{service}.jar' in cmdline or f'/{service}/target/' in cmdline:
                return service
        return None
    if 'postgres' in cmdline:
        return 'postgres'
    if 'redis-server' in cmdline:
        return 'redis'
    return None


def snapshot():
    ticks = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmdline = f.read().replace(b'\0', b' ').decode(errors='replace')
            name = name_of(cmdline)
            if name:
                with open(f'/proc/{pid}/stat') as f:
                    fields = f.read().rsplit(')', 1)[1].split()
                user, kernel = ticks.get(name, (0, 0))
                ticks[name] = (user + int(fields[11]), kernel + int(fields[12]))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return ticks


if sys.argv[1] == 'snap':
    print(json.dumps(snapshot()))
else:
    before, after = (json.load(open(path)) for path in sys.argv[2:4])
    operations = float(sys.argv[4])
    micros_per_tick = 1e6 / os.sysconf('SC_CLK_TCK')
    total = kernel_total = 0.0
    for name in SERVICES + ['bare-edge', 'postgres', 'redis']:
        if name in after:
            user, kernel = (a - b for a, b in zip(after[name], before.get(name, (0, 0))))
            us = (user + kernel) * micros_per_tick / operations
            kernel_us = kernel * micros_per_tick / operations
            total += us
            kernel_total += kernel_us
            print(f'  {name:18s} {us:8.0f} µs per request (kernel {kernel_us:5.0f})')
    print(f'  {"all":18s} {total:8.0f} µs per request (kernel {kernel_total:5.0f})')

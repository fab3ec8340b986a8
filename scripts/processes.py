"""Helpers shared by the cluster test and make bench-load: free ports and child processes that
are always stopped, whatever happens."""
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_command(port):
    """A throwaway redis-server on loopback, nothing saved."""
    return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def platform_environment(binary):
    """This environment without any database, Redis or keys of its own, plus fresh keys from `careerops keys`."""
    skip = {"DATABASE_URL", "DATABASE_READ_URL", "REDIS_URL", "CAREEROPS_DATA_KEYS", "CAREEROPS_HMAC_KEY", "CAREEROPS_JWT_KEYS"}
    env = {key: value for key, value in os.environ.items() if key not in skip}
    for line in subprocess.run([binary, "keys"], capture_output=True, text=True, check=True).stdout.splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    return env


class Processes:
    """Starts children with their output in `folder/<name>.log`; `stop_all` ends them (TERM, then KILL)."""

    def __init__(self, folder, cwd):
        self.folder, self.cwd, self.children = folder, cwd, []

    def start(self, name, command, env=None):
        log = open(os.path.join(self.folder, name + ".log"), "w")
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.cwd)
        self.children.append(process)
        return process

    def wait(self, url, process, name, seconds=300, want=None):
        """Until `url` answers 200 (with `want` in its body); exits naming the log if `process` stops or time runs out."""
        for _ in range(seconds * 2):
            if process.poll() is not None:
                sys.exit(f"{name} stopped; see {self.folder}/{name}.log")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200 and (want is None or want in response.read().decode(errors="replace")):
                        return
            except OSError:
                pass  # not up yet
            time.sleep(0.5)
        sys.exit(f"{name} not ready after {seconds} s; see {self.folder}/{name}.log")

    def stop_all(self, grace=20):
        for process in self.children:
            if process.poll() is None:
                process.terminate()
        for process in self.children:
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()

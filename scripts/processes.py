"""Helpers shared by the cluster test and make bench-load: free ports and child processes that
are always stopped, whatever happens."""
import os
import socket
import subprocess


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Starts children with their output in `folder/<name>.log`; `stop_all` ends them (TERM, then KILL)."""

    def __init__(self, folder, cwd):
        self.folder, self.cwd, self.children = folder, cwd, []

    def start(self, name, command, env=None):
        log = open(os.path.join(self.folder, name + ".log"), "w")
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.cwd)
        self.children.append(process)
        return process

    def stop_all(self, grace=20):
        for process in self.children:
            if process.poll() is None:
                process.terminate()
        for process in self.children:
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()

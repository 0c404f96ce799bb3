"""The class folder over a real SMB share: Samba's ``smbd`` on this machine, mounted through FUSE.

The kernel's own SMB client (``mount -t cifs``) needs the ``cifs`` kernel module, which containers and CI
machines rarely have; ``smbnetfs`` is an SMB client in user space (libsmbclient, Samba's own client) that
mounts through FUSE. So the files go through a real SMB server and client: renames, temporary names,
several processes writing at once while another reads. Skipped, with the reason, where Samba, smbnetfs,
FUSE or root (to start ``smbd`` on port 445) is missing; ``.ci/run`` installs both packages.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from digitpad.core.classfolder import ClassFolder
from digitpad.core.classreader import ClassReader
from tests import classworkers
from tests.classworkers import check_student, student_number

SMB_CONF = """[global]
   server role = standalone server
   smb ports = 445
   pid directory = {run}
   lock directory = {run}
   state directory = {run}
   cache directory = {run}
   private dir = {run}
   log file = {run}/log.%m
   map to guest = Bad User
   interfaces = lo
   bind interfaces only = yes
[digitpad]
   path = {share}
   read only = no
   guest ok = yes
   force user = root
"""
SMBNETFS_CONF = 'show_$_shares "true"\nsmb_query_browsers "false"\nhost 127.0.0.1 visible=true\nauth "guest" ""\n'


def _why_not() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "starting smbd on port 445 and mounting need root"
    for program in ("smbd", "smbnetfs", "fusermount"):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install samba smbnetfs)"
    if not os.access("/dev/fuse", os.R_OK | os.W_OK):
        return "no usable /dev/fuse for the SMB client in user space"
    if _listening():
        return "port 445 is in use by another SMB server"
    return None


def _listening() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", 445)) == 0


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def smb_share(tmp_path):
    """A folder served by smbd and mounted back through smbnetfs; yields (mounted path, server's folder)."""
    why = _why_not()
    if why:
        pytest.skip(f"no SMB share can be made here: {why}")
    served, run, home, mount = (tmp_path / n for n in ("served", "run", "home", "mnt"))
    for folder in (served, run, home / ".smb", mount):
        folder.mkdir(parents=True)
    conf = tmp_path / "smb.conf"
    conf.write_text(SMB_CONF.format(run=run, share=served))
    client = home / ".smb" / "smbnetfs.conf"
    client.write_text(SMBNETFS_CONF)
    client.chmod(0o600)
    shutil.copy(conf, home / ".smb" / "smb.conf")
    # A session of its own: smbd ends its whole process group when it stops.
    server = subprocess.Popen(["smbd", "-s", str(conf), "--foreground", "--no-process-group"], start_new_session=True)
    fuse = None
    try:
        if not _wait_for(_listening, 20):
            pytest.skip("smbd did not start")
        env = dict(os.environ, HOME=str(home))
        fuse = subprocess.run(["smbnetfs", str(mount)], env=env, timeout=30, check=False, capture_output=True)
        share = mount / "127.0.0.1" / "digitpad"
        if fuse.returncode != 0 or not _wait_for(share.is_dir, 20):
            pytest.skip(f"smbnetfs could not mount the share: {fuse.stderr.decode(errors='replace')[-200:]}")
        yield share, served
    finally:
        subprocess.run(["fusermount", "-u", "-z", str(mount)], check=False, capture_output=True)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_students_write_over_smb_while_the_teacher_reads(smb_share, tmp_path):
    share, served = smb_share
    total, processes, per_process = 60, 3, 2
    context = multiprocessing.get_context("spawn")
    done = context.Manager().Event()
    with ProcessPoolExecutor(processes + 1, mp_context=context) as pool:
        teacher = pool.submit(classworkers.teacher_reads, str(share), "5B", done, processes * per_process, total)
        writers = [
            pool.submit(
                classworkers.write_students,
                str(share),
                "5B",
                str(tmp_path / f"app-{p}"),
                list(range(p * per_process + 1, (p + 1) * per_process + 1)),
                (total, 3),
            )
            for p in range(processes)
        ]
        try:
            written = [w.result(timeout=300) for w in writers]
        finally:
            done.set()
        read = teacher.result(timeout=300)
    assert all(w["still_waiting"] == 0 for w in written), [w["failures"] for w in written]
    assert read["problems"] == []
    assert read["complete"] == processes * per_process
    # The server holds exactly the students' files, complete, and no temporary file.
    snapshot = ClassReader(ClassFolder.at(served, "5B")).read()
    assert len(snapshot.students()) == processes * per_process
    for student in snapshot.students():
        drawn = snapshot.drawings[student]
        check_student(student_number(snapshot.nickname(student)), drawn.images, drawn.labels)
    assert not [p for p in Path(served).rglob(".*")]

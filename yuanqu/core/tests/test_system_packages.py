"""bin/system-packages: what `make run`, `make test` and CI install, driven with stand-in commands."""
import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "bin" / "system-packages"


def stub_bin(tmp_path, *, installed, uid):
    """A PATH holding dpkg-query (knows `installed`), id (prints `uid`) and apt-get (logs its calls)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    (bin_dir / "dpkg-query").write_text(
        "#!/bin/sh\nfor p; do :; done\n"
        f"case \" {' '.join(installed)} \" in *\" $p \"*) echo 'install ok installed';; *) exit 1;; esac\n")
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "apt-get").write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n")
    (bin_dir / "fc-cache").write_text("#!/bin/sh\n")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return bin_dir, log


def run(tmp_path, what, *, installed=(), uid=0, env=None):
    bin_dir, log = stub_bin(tmp_path, installed=installed, uid=uid)
    environ = {"PATH": f"{bin_dir}:/usr/bin:/bin", **(env or {})}
    done = subprocess.run(["bash", str(SCRIPT), what], capture_output=True, text=True, env=environ, timeout=30)
    return done, (log.read_text() if log.exists() else "")


def packages(what):
    """The package list the script declares for `what` (read from the script itself)."""
    done = subprocess.run(["bash", "-c", f"source <(sed -n '/^run_pkgs=/,/^ci_pkgs=/p' {SCRIPT}); "
                                         f"echo ${{{what}_pkgs[@]}}"], capture_output=True, text=True)
    return done.stdout.split()


def test_lists_grow_from_run_to_test_to_ci():
    run_, test_, ci = packages("run"), packages("test"), packages("ci")
    assert {"fonts-noto-cjk", "libreoffice-writer-nogui"} <= set(run_)
    assert set(run_) < set(test_) and "chromium" in test_
    assert set(test_) < set(ci) and "postgresql" in ci


def test_nothing_done_when_everything_is_there(tmp_path):
    done, log = run(tmp_path, "test", installed=packages("test"))
    assert done.returncode == 0, done.stderr
    assert log == "" and done.stdout == ""


def test_root_installs_only_what_is_missing(tmp_path):
    have = [p for p in packages("test") if p != "chromium"]
    done, log = run(tmp_path, "test", installed=have)
    assert done.returncode == 0, done.stderr
    calls = log.splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].split()[-1] == "chromium" and "fonts-noto-cjk" not in calls[1]


def test_not_root_prints_the_exact_command_and_fails(tmp_path):
    done, log = run(tmp_path, "run", installed=["fontconfig"], uid=1000)
    assert done.returncode == 1
    assert log == ""
    assert "sudo apt-get install -y --no-install-recommends fonts-noto-cjk" in done.stderr
    assert "fontconfig" not in done.stderr.split("install -y --no-install-recommends", 1)[1]


def test_skip_setting(tmp_path):
    done, log = run(tmp_path, "ci", uid=1000, env={"YUANQU_SKIP_SYSTEM_PACKAGES": "1"})
    assert done.returncode == 0 and log == ""


@pytest.mark.parametrize("arg", ["", "everything"])
def test_usage(tmp_path, arg):
    done, _ = run(tmp_path, arg)
    assert done.returncode == 2 and "usage" in done.stderr

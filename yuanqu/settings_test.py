"""Settings of the test suite: the production settings (debug off), over plain http (the test client
and the live server speak http) and with a key of their own."""
import os

os.environ.setdefault("YUANQU_HTTPS", "0")
os.environ.setdefault("YUANQU_SECRET_KEY", "test-suite-only-" + "k7Qw2mZr9Xv4Lp8Ns3Bt6Hy1Jc5Fd0Ga")

from yuanqu.settings import *  # noqa: E402,F401,F403

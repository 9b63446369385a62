"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from loopback import Listener


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()

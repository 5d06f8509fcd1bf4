from datetime import UTC, datetime

import pytest

from kg.http import RetryPolicy, backoff, retry_after

POLICY = RetryPolicy(backoff=0.5, max_wait=30)
NOW = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5),
        ("120", 30),  # capped
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("Wed, 21 Oct 2015 09:00:00 GMT", 30),  # capped
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),  # in the past
        ("tomorrow", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header, seconds):
    assert retry_after(header, POLICY, now=NOW) == seconds


def test_backoff_doubles_and_is_capped():
    assert [backoff(POLICY, n) for n in (1, 2, 3, 8)] == [0.5, 1.0, 2.0, 30]

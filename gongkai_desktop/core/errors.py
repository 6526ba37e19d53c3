"""The one base class of domain errors.

A `DomainError` is an expected refusal (bad input, a step out of order, a file that cannot be read) and its
message is Chinese, written for the officer: the GUI shows it as it is and the CLI prints it after “错误：”.
Any other exception is a bug: logged with its traceback and shown as “内部错误”, never as a raw Python message.
It derives from ValueError so older callers that catch ValueError keep working.
"""

from __future__ import annotations


class DomainError(ValueError):
    """An expected refusal with a Chinese message for the officer."""

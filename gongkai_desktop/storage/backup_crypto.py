"""Password encryption of backup copies (for a USB stick that may be lost), with the cryptography library.

Format 2 (`GKBAK2`), written since issue 27: scrypt derives a 256-bit key from the password, with its cost
parameters and salt stored in the file header; the backup is then encrypted as a stream of 1 MiB chunks with
AES-256-GCM in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015, as used by Tink and age):
each chunk's 96-bit nonce is a random 7-byte prefix, a 4-byte chunk counter and a 1-byte "last chunk" flag, and
the header is authenticated with every chunk, so chunks cannot be reordered, dropped or cut off at the end
without the decryption failing. Encryption and decryption stream: no plaintext copy of the whole backup is
ever needed.

Format 1 (`GKBAK1`, before issue 27): scrypt (N=2^15) and one Fernet token over the whole file; still read.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..core.errors import DomainError

MAGIC = b"GKBAK1\n"  # format 1
MAGIC_V2 = b"GKBAK2\n"
MIN_PASSWORD = 8
# One derivation takes about 0.5–0.9 s on the development machine (docs in /work/notes/issue-27.md): each
# password guess costs an attacker as much, and 128 MiB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
LEGACY_N = 2**15
CHUNK = 1 << 20
PASSWORD_RULE = f"备份密码至少{MIN_PASSWORD}位（建议用一句话或字母、数字混合）；忘记密码将无法恢复备份。"


class BackupPasswordError(DomainError):
    pass


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"备份密码至少{MIN_PASSWORD}位，请换一个更长的密码。")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not (2**10 <= n <= 2**22 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise DomainError("加密备份的参数不正确，文件可能已损坏。")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


# --- format 2: streaming -------------------------------------------------------------------------------------
class EncryptingWriter:
    """A binary file-like object: what is written to it goes encrypted to `out`. Call close() to finish."""

    def __init__(self, out: IO[bytes], password: str, n: int = SCRYPT_N):
        check_password(password)
        salt, prefix = os.urandom(16), os.urandom(7)
        params = {"kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": base64.b64encode(salt).decode(),
                  "cipher": "AES-256-GCM-STREAM", "chunk": CHUNK, "nonce": base64.b64encode(prefix).decode()}
        body = json.dumps(params, sort_keys=True).encode()
        self.header = MAGIC_V2 + struct.pack(">H", len(body)) + body
        self._aead = AESGCM(_derive(password, salt, n, SCRYPT_R, SCRYPT_P))
        self._prefix = prefix
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self._pos = 0
        out.write(self.header)

    def _emit(self, data: bytes, last: bool) -> None:
        nonce = self._prefix + struct.pack(">I", self._counter) + (b"\x01" if last else b"\x00")
        sealed = self._aead.encrypt(nonce, data, self.header)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._pos += len(data)
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk carries the flag
            self._emit(bytes(self._buffer[:CHUNK]), False)
            del self._buffer[:CHUNK]
        return len(data)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if self._aead is not None:
            self._emit(bytes(self._buffer), True)
            self._buffer.clear()
            self._aead = None  # type: ignore[assignment]
            self._out.flush()

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def _read_header(f: IO[bytes]) -> tuple[bytes, dict]:
    magic = f.read(len(MAGIC_V2))
    if magic != MAGIC_V2:
        raise DomainError("不是加密备份文件。")
    raw_len = f.read(2)
    if len(raw_len) != 2:
        raise DomainError("加密备份文件不完整。")
    body = f.read(struct.unpack(">H", raw_len)[0])
    try:
        params = json.loads(body)
        assert params["kdf"] == "scrypt" and params["cipher"] == "AES-256-GCM-STREAM"
    except (ValueError, KeyError, AssertionError, TypeError) as exc:
        raise DomainError("加密备份的文件头已损坏。") from exc
    return magic + raw_len + body, params


def decrypt_stream(f: IO[bytes], password: str) -> Iterator[bytes]:
    """The plaintext of a format-2 file, chunk by chunk; raises BackupPasswordError on a wrong password and
    ValueError when the file was altered or cut off."""
    header, params = _read_header(f)
    salt, prefix = base64.b64decode(params["salt"]), base64.b64decode(params["nonce"])
    aead = AESGCM(_derive(password, salt, int(params["n"]), int(params["r"]), int(params["p"])))
    limit = int(params.get("chunk", CHUNK)) + 16
    counter = 0
    while True:
        raw_len = f.read(4)
        if len(raw_len) < 4:
            raise DomainError("加密备份文件不完整（可能复制时中断），无法恢复。")
        size = struct.unpack(">I", raw_len)[0]
        if size > limit:
            raise DomainError("加密备份文件已损坏。")
        sealed = f.read(size)
        for last in (False, True):
            nonce = prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")
            try:
                plain = aead.decrypt(nonce, sealed, header)
                break
            except InvalidTag:
                continue
        else:
            if counter == 0:
                raise BackupPasswordError("密码不正确，或备份文件已损坏。")
            raise DomainError("加密备份文件已损坏（校验未通过），无法恢复。")
        counter += 1
        yield plain
        if last:
            if f.read(1):
                raise DomainError("加密备份文件末尾有多余数据，文件可能已被改动。")
            return


def scrypt_params(path_or_file: IO[bytes]) -> dict:
    return _read_header(path_or_file)[1]


# --- format 1 (read only; also written by tests that need an old backup) -------------------------------------
def _legacy_key(password: str, salt: bytes) -> bytes:
    return base64.urlsafe_b64encode(_derive(password, salt, LEGACY_N, 8, 1))


def encrypt(data: bytes, password: str) -> bytes:
    """Format 1, kept only to make old-style backups in tests; the app writes format 2."""
    salt = os.urandom(16)
    return MAGIC + salt + Fernet(_legacy_key(password, salt)).encrypt(data)


def decrypt(blob: bytes, password: str) -> bytes:
    if not blob.startswith(MAGIC):
        raise DomainError("不是加密备份文件。")
    salt = blob[len(MAGIC):len(MAGIC) + 16]
    try:
        return Fernet(_legacy_key(password, salt)).decrypt(blob[len(MAGIC) + 16:])
    except InvalidToken as exc:
        raise BackupPasswordError("密码不正确，或备份文件已损坏。") from exc

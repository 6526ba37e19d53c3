"""Password encryption of backup copies (for a USB stick that may be lost), with the cryptography library:
scrypt derives the key from the password, Fernet (AES-128-CBC + HMAC-SHA256) encrypts and authenticates.

Format 2 (written since issue 15) encrypts 1 MB chunks, each a Fernet token over its index, a last-chunk flag and
the data, so a large ledger is encrypted in small steps (a background thread never holds Python's lock for long,
progress can be shown and 取消 honoured) and chunks cannot be reordered or cut off unnoticed. Format 1 (one
token over the whole file) is still read."""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import Callable
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"GKBAK1\n"
MAGIC2 = b"GKBAK2\n"
CHUNK = 1 << 20
_LEN = struct.Struct(">I")
_HEAD = struct.Struct(">QB")  # chunk index, last chunk


class BackupPasswordError(ValueError):
    pass


def _key(password: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1)
    return base64.urlsafe_b64encode(kdf.derive(password.encode("utf-8")))


def encrypt(data: bytes, password: str) -> bytes:
    if len(password) < 6:
        raise ValueError("备份密码至少6位。")
    salt = os.urandom(16)
    return MAGIC + salt + Fernet(_key(password, salt)).encrypt(data)


def decrypt(blob: bytes, password: str) -> bytes:
    if not blob.startswith(MAGIC):
        raise ValueError("不是加密备份文件。")
    salt = blob[len(MAGIC):len(MAGIC) + 16]
    try:
        return Fernet(_key(password, salt)).decrypt(blob[len(MAGIC) + 16:])
    except InvalidToken as exc:
        raise BackupPasswordError("密码不正确，或备份文件已损坏。") from exc


def encrypt_file(src: BinaryIO, dst: BinaryIO, password: str, size: int,
                 progress: Callable[[int, int], None] | None = None) -> None:
    """Format 2: read `src` (of `size` bytes) chunk by chunk and write the encrypted backup to `dst`."""
    if len(password) < 6:
        raise ValueError("备份密码至少6位。")
    salt = os.urandom(16)
    fernet = Fernet(_key(password, salt))
    dst.write(MAGIC2 + salt)
    done, index = 0, 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK) if chunk else b""
        token = fernet.encrypt(_HEAD.pack(index, not following) + chunk)
        dst.write(_LEN.pack(len(token)) + token)
        done += len(chunk)
        if progress is not None:
            progress(done, size)
        if not following:
            return
        chunk, index = following, index + 1


def decrypt_file(src: BinaryIO, dst: BinaryIO, password: str, size: int = 0,
                 progress: Callable[[int, int], None] | None = None) -> None:
    """Decrypt a backup of either format from `src` into `dst`."""
    magic = src.read(len(MAGIC2))
    if magic == MAGIC:
        dst.write(decrypt(magic + src.read(), password))
        return
    if magic != MAGIC2:
        raise ValueError("不是加密备份文件。")
    fernet = Fernet(_key(password, src.read(16)))
    expected = 0
    while True:
        head = src.read(_LEN.size)
        if len(head) < _LEN.size:
            raise BackupPasswordError("备份文件不完整（可能复制时中断），不能用来恢复。")
        length = _LEN.unpack(head)[0]
        token = src.read(length)
        if len(token) < length:
            raise BackupPasswordError("备份文件不完整（可能复制时中断），不能用来恢复。")
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as exc:
            raise BackupPasswordError("密码不正确，或备份文件已损坏。") from exc
        index, last = _HEAD.unpack_from(plain)
        if index != expected:
            raise BackupPasswordError("备份文件已损坏（数据块顺序不对），不能用来恢复。")
        dst.write(plain[_HEAD.size:])
        if progress is not None:
            progress(src.tell(), size)
        if last:
            if src.read(1):
                raise BackupPasswordError("备份文件已损坏（结尾有多余数据），不能用来恢复。")
            return
        expected += 1

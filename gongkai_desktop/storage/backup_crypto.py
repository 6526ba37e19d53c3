"""Password encryption of backup copies (for a USB stick that may be lost), with the cryptography library:
scrypt derives the key from the password, Fernet (AES-128-CBC + HMAC-SHA256) encrypts and authenticates."""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"GKBAK1\n"


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

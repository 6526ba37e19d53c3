"""The .docx writer that reuses members compressed once (issue 26) writes exactly what zipfile writes."""

import io
import time
import zipfile

from gongkai_desktop.documents.zip_members import Member, write_zip

from ..conftest import ROOT


def test_write_zip_is_byte_for_byte_what_zipfile_writes():
    with zipfile.ZipFile(ROOT / "resources" / "templates" / "receipt.docx") as template:
        parts = {name: template.read(name) for name in template.namelist()}
    parts["word/中文名.xml"] = "<a>公开</a>".encode()  # a UTF-8 member name is flagged as zipfile flags it
    parts["empty.txt"] = b""
    when = time.localtime()
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=when[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # what writestr(name, data) gives
            info.create_system = 3  # as on Unix, also when the test runs on Windows
            archive.writestr(info, data)
    written = io.BytesIO()
    write_zip(written, [Member.compress(name, data) for name, data in parts.items()], when)
    assert written.getvalue() == expected.getvalue()
    with zipfile.ZipFile(io.BytesIO(written.getvalue())) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == parts

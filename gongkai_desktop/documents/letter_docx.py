"""Rendering letter templates (.docx with Jinja placeholders) with docxtpl, and checking templates first.

docxtpl copes with Word splitting a placeholder across runs when an officer edits the template; values are
XML-escaped (autoescape) so an applicant's “&” or “<” cannot break the document. Output goes through
documents.atomic: a temporary file renamed over the target.

A template is parsed once (per file version: path, size and modification time) into a PreparedTemplate: the
placeholders it uses and its body, header and footer XML compiled as Jinja templates, exactly as docxtpl
prepares them. What every letter of a template then gets — fonts chosen for this machine, the font table, the
zh-CN language (gbt9704) — is applied once per font choice to a shell that python-docx saves; its shared parts
are kept compressed (zip_members). Each letter renders its body and headers/footers, re-serializes them as
python-docx would, refits the signature, sets its document properties and copies the shared parts: no Word
document is parsed and no 800 kB of styles compressed per letter (issue 26: 500 letters 27 s → about 3 s,
the output part for part what the python-docx path writes). A template using features this path does not
handle (placeholders in document properties or footnotes) is rendered by docxtpl itself, as before."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import DomainError
from ..core.letters import FIELD_HELP, LetterType, required_fields
from .atomic import write_atomically
from .zip_members import Member, write_zip


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
    parts: list[str] | None = None  # the zip's member names (None: render with docxtpl)
    body: Any = None  # compiled Jinja template of <w:body>
    document_xml: tuple[str, str] | None = None  # document.xml before and after <w:body>
    headers_footers: dict[str, tuple[Any, str]] | None = None  # zip member → (template, encoding)
    shells: dict[tuple, _Shell] = field(default_factory=dict)  # per font choice (render_letter's `fonts`)


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
    prepared.parts, prepared.body = list(parts), body  # the bytes are not kept: the shell has what it needs
    prepared.document_xml = (document[:match.start()], document[match.end():])
    prepared.headers_footers = headers_footers


def _finish(xml: str) -> str:
    """docxtpl's clean-up after rendering a part (render_xml_part)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    return xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")


def _render_parts(prepared: PreparedTemplate, context: dict[str, Any]) -> dict[str, bytes]:
    """The filled document.xml and headers/footers of a letter, as docxtpl would write them into the zip."""
    from docxtpl import DocxTemplate
    from lxml import etree

    assert prepared.parts is not None and prepared.document_xml is not None
    helper = DocxTemplate(str(prepared.path))  # only its XML fix-ups are used; no document is parsed
    helper.docx_ids_index = 1000
    tree = helper.fix_tables(_finish(prepared.body.render(context)))
    helper.fix_docpr_ids(tree)
    before, after = prepared.document_xml
    filled = {_main_part(prepared): (before + etree.tostring(tree, encoding="unicode") + after).encode("utf-8")}
    for name, (template, encoding) in (prepared.headers_footers or {}).items():
        filled[name] = _finish(template.render(context)).encode(encoding)
    return filled


def _main_part(prepared: PreparedTemplate) -> str:
    assert prepared.parts is not None
    return next(n for n in prepared.parts if n.endswith("document.xml") and n.startswith("word/"))


@dataclass
class _Shell:
    """A prepared template with what every letter made from it gets (fonts, font table, language: gbt9704),
    saved once by python-docx. A letter then only fills, re-serializes and compresses its own few parts."""

    sections: list[Any]  # the template's w:sectPr, with the header/footer references apply_fonts may add
    members: list[Member | str]  # zip members in python-docx's order: compressed once, or the name of a part
    core: bytes  # docProps/core.xml as python-docx saves it
    rename: dict[str, str]
    renamed: dict[str, int]  # header/footer part → how often apply_fonts renamed in it (once per reference)
    style_names: dict[str | None, str | None]  # paragraph style id → name, as Paragraph.style answers

    def style_name(self, paragraph: Any) -> str | None:
        style_id = paragraph._p.style
        return self.style_names.get(style_id, self.style_names[None])


def _paragraph_style_names(doc: Any) -> dict[str | None, str | None]:
    """Style id → name as python-docx's Paragraph.style resolves it: the first style of that id if it is a
    paragraph style, else the default paragraph style (the None entry)."""
    from docx.enum.style import WD_STYLE_TYPE

    default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    names: dict[str | None, str | None] = {None: default.name if default is not None else None}
    seen = set()
    for style in doc.styles:
        if style.style_id is None or style.style_id in seen:
            continue
        seen.add(style.style_id)
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            names[style.style_id] = style.name
    return names


_CORE = "docProps/core.xml"
_SECTIONS = "./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr"  # python-docx's Document.sections


def _shell(prepared: PreparedTemplate, choice: Any) -> _Shell:
    key = (tuple(sorted(choice.fonts.items())), tuple(sorted(choice.alternates.items())))
    with _cache_lock:
        found = prepared.shells.get(key)
    if found is not None:
        return found
    from docx import Document

    from .gbt9704 import apply_fonts, font_renames, header_footer_parts, set_language

    assert prepared.headers_footers is not None
    doc = Document(str(prepared.path))
    apply_fonts(doc, choice)
    renamed: dict[str, int] = {}
    for part in header_footer_parts(doc):
        name = str(part.partname).lstrip("/")
        renamed[name] = renamed.get(name, 0) + 1
    set_language(doc)
    doc.core_properties  # noqa: B018 - added (as for every letter) when the template has none
    buffer = io.BytesIO()
    doc.save(buffer)
    own = {_main_part(prepared), _CORE, *prepared.headers_footers}
    with zipfile.ZipFile(buffer) as saved:
        members: list[Member | str] = [info.filename if info.filename in own else
                                       Member.compress(info.filename, saved.read(info.filename))
                                       for info in saved.infolist()]
        core = saved.read(_CORE)
    # only small pieces are kept (a parsed template is several MB): copies of its sections, its style names
    result = _Shell([deepcopy(s) for s in doc.element.xpath(_SECTIONS)], members, core, font_renames(choice), renamed,
                    _paragraph_style_names(doc))
    with _cache_lock:
        if len(prepared.shells) > 8:
            prepared.shells.clear()
        prepared.shells[key] = result
    return result


def _fast_letter(prepared: PreparedTemplate, context: dict[str, Any], choice: Any, out: BinaryIO) -> bool:
    """What the python-docx path (render, Document(...), apply_fonts, fit_signature, set_properties, save)
    writes, part for part, without parsing or compressing the parts every letter shares. False (nothing
    written) for a letter whose sections differ from the template's (a placeholder loop around a section
    break): that one takes the python-docx path."""
    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.oxml import serialize_part_xml
    from docx.opc.packuri import PackURI
    from docx.opc.parts.coreprops import CorePropertiesPart
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph

    from .gbt9704 import fit_signature_paragraphs, rename_fonts, set_core_properties

    shell = _shell(prepared, choice)
    filled = _render_parts(prepared, context)
    main = _main_part(prepared)
    own: dict[str, bytes] = {}
    detached: Any = None  # paragraphs and core properties outside a package: nothing asks for their part
    for name, data in filled.items():
        element: Any = parse_xml(data)  # CT_Document for the main part
        if name == main:
            sections = element.xpath(_SECTIONS)
            if len(sections) != len(shell.sections):
                return False
            for mine, finished in zip(sections, shell.sections, strict=True):
                mine.getparent().replace(mine, deepcopy(finished))
            if shell.rename:
                rename_fonts(element.body, shell.rename)
            fit_signature_paragraphs([Paragraph(p, detached) for p in element.body.p_lst], shell.style_name)
        elif shell.rename:
            for _ in range(shell.renamed.get(name, 0)):
                rename_fonts(element, shell.rename)
        own[name] = serialize_part_xml(element)
    core = CorePropertiesPart.load(PackURI("/" + _CORE), CONTENT_TYPE.OPC_CORE_PROPERTIES, shell.core,
                                   detached)
    set_core_properties(core.core_properties, title=f"{context.get('title', '')}（{context.get('doc_number', '')}）",
                        author=str(context.get("organ_name") or ""))
    own[_CORE] = core.blob
    write_zip(out, [m if isinstance(m, Member) else Member.compress(m, own[m]) for m in shell.members])
    return True


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
            if ready.parts is not None:  # the cached, pre-parsed template and its finished shared parts
                from .gbt9704 import choose_fonts

                buffer = io.BytesIO()
                if _fast_letter(ready, context, choose_fonts(fonts), buffer):
                    tmp.write_bytes(buffer.getvalue())
                    return
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

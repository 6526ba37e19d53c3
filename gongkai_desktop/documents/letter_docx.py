"""Rendering letter templates (.docx with Jinja placeholders) with docxtpl, and checking templates first.

docxtpl copes with Word splitting a placeholder across runs when an officer edits the template; values are
XML-escaped (autoescape) so an applicant's “&” or “<” cannot break the document. Output goes through
documents.atomic: a temporary file renamed over the target."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.letters import FIELD_HELP, LetterType, required_fields
from .atomic import write_atomically
from .gbt9704 import apply_fonts, choose_fonts, fit_signature, set_properties


class TemplateProblem(ValueError):
    """A template that cannot be used; the message is Chinese."""


def _environment():
    from jinja2 import Environment, StrictUndefined  # loaded on first use: keeps start-up light

    return Environment(undefined=StrictUndefined, autoescape=True)


def template_fields(path: Path) -> set[str]:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        tpl = DocxTemplate(str(path))
        return set(tpl.get_undeclared_template_variables(_environment()))
    except TemplateError as exc:
        raise TemplateProblem(f"模板 {path.name} 中的占位符写法有误：{exc.message or exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged or non-Word file
        raise TemplateProblem(f"无法读取模板 {path.name}：{exc}") from exc


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

    `fonts`: the font families installed on the officer's machine (None: unknown) — the best available of each
    GB/T 9704 font chain is used. The document's author is the issuing organ, created now, language zh-CN."""

    missing = sorted(template_fields(template) - set(context) - {"loop"})
    if missing:
        raise TemplateProblem("以下内容没有数据，无法填充模板：" + "、".join(FIELD_HELP.get(m, m) for m in missing) + "。")

    def write(tmp: Path) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError

        try:
            tpl = DocxTemplate(str(template))
            tpl.render(context, _environment(), autoescape=True)
        except TemplateError as exc:
            raise TemplateProblem(f"模板 {template.name} 无法填充：{exc.message or exc}") from exc
        apply_fonts(tpl.docx, choose_fonts(fonts))
        fit_signature(tpl.docx)
        set_properties(tpl.docx, title=f"{context.get('title', '')}（{context.get('doc_number', '')}）",
                       author=str(context.get("organ_name") or ""))
        tpl.save(str(tmp))

    return write_atomically(target, write)

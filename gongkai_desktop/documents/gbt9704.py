"""Word documents laid out per GB/T 9704-2012 《党政机关公文格式》 (domain.md §5), with python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm); body 3号 (16 pt) 仿宋_GB2312
on a fixed 22-line × 28-character grid; title 2号 (22 pt) 小标宋; level-1 headings 黑体, level-2 楷体; Latin
text and digits in Times New Roman; page numbers "— 1 —" in 4号宋体, odd pages right and even pages left, one
character in, the 一字线 7 mm below the 版心. Fonts are named, not embedded: the caller passes the font
families installed on the officer's machine (the GUI asks Qt; documents/ never imports Qt) and the best
available one of each chain is used, with the next one as the font table's alternate (w:altName) so Word and
WPS substitute sensibly on another machine. Elements are written in WordprocessingML schema order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.coreprops import CoreProperties
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt
from docx.text.paragraph import Paragraph

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines
CHAR = Pt(16)  # one character of body text
LINE_PITCH_TWIPS = 579
TEXT_WIDTH = Mm(156)
# 28 characters must fit the 156 mm (442.2 pt) line: 16 pt characters condensed by 0.25 pt → 15.75 pt each.
# (A character grid, docGrid linesAndChars, does the same in Word but LibreOffice spreads it out.)
CONDENSE_TWIPS = -5
CHAR_WIDTH = 15.75  # pt, one condensed body character
# the date “2026年11月20日” is about 7 characters wide (8 half-width digits); ending four characters from the right
# edge, its centre is 4 + 3.5 = 7.5 characters in from the right: the signature is centred there too.
SIGNATURE_CENTRE = Pt(442.2 - 7.5 * CHAR_WIDTH)
# 附件：1.名称 — wrapped lines align with the first character of the name (2 + 3 characters + “1.”)
ATTACHMENT_INDENT = Pt(5.75 * CHAR_WIDTH)
# 页码: the 一字线 sits 7 mm below the 版心 (bottom margin 35 mm → 28 mm above the page edge). The footer line is
# an exact 14 pt (4.94 mm) line; the dash is drawn about 2.7 mm below its top, so the line's top is 30.7 mm and
# its bottom — Word's footer distance — 25.8 mm above the page edge.
PAGE_NUMBER_LINE = Pt(14)
DASH_BELOW_LINE_TOP_MM = 2.7
FOOTER_DISTANCE_MM = 35 - 7 + DASH_BELOW_LINE_TOP_MM - 14 * 25.4 / 72

# CT_RPr and CT_PPrBase child order (ECMA-376 Part 1, §17.3.2.28 / §17.3.1.26): Word may drop or reject elements
# out of this order (a w:spacing after w:sz loses the condensing: 27 characters a line instead of 28).
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Insert `child` into rPr/pPr `parent` at its schema position (replacing one of the same name)."""
    name = child.tag.removeprefix(_W)
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(name)
    for i, existing in enumerate(parent):
        other = existing.tag.removeprefix(_W)
        if other in order and order.index(other) > rank:
            parent.insert(i, child)
            return
    parent.append(child)


def order_problems(root) -> list[str]:
    """Every w:rPr / w:pPr under `root` whose children are out of schema order, described."""
    problems = []
    for tag, order in (("rPr", RPR_ORDER), ("pPr", PPR_ORDER)):
        for el in root.iter(_W + tag):
            names = [c.tag.removeprefix(_W) for c in el if c.tag.startswith(_W)]
            unknown = [n for n in names if n not in order]
            ranks = [order.index(n) for n in names if n in order]
            if unknown or ranks != sorted(ranks):
                problems.append(f"{tag}: {' '.join(names)}")
    return problems


# ---- fonts -------------------------------------------------------------------------------------------------
# Best first. A stock Windows 10/11 has 仿宋/楷体/黑体/宋体 (SimSun, FangSong …) but not the _GB2312 fonts;
# 统信UOS/麒麟 often have only Noto/思源 CJK fonts.
FONT_CHAINS: dict[str, tuple[str, ...]] = {
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong", "Noto Serif CJK SC", "思源宋体"),
    "title": ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC",
              "思源宋体"),
    "kai": ("楷体_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti", "AR PL UKai CN"),
    "hei": ("黑体", "SimHei", "华文黑体", "STHeiti", "Noto Sans CJK SC", "思源黑体"),
    "song": ("宋体", "SimSun", "Noto Serif CJK SC", "思源宋体"),
}
FONT_ROLES = {"body": "正文（3号仿宋）", "title": "标题（2号小标宋）", "kai": "二级标题（楷体）", "hei": "一级标题（黑体）",
              "song": "页码、表格（宋体）"}


@dataclass(frozen=True)
class FontChoice:
    """The font used for each role and its alternate for the font table."""

    fonts: dict[str, str]
    alternates: dict[str, str]
    missing_preferred: dict[str, str]  # role → the preferred font that is not installed
    none_installed: frozenset[str] = frozenset()  # roles with no font of the chain installed at all

    def install_hint(self) -> str:
        if not self.missing_preferred:
            return ""
        names = "、".join(dict.fromkeys(self.missing_preferred.values()))
        return f"本机未安装{names}，文书改用已安装的替代字体；如需与正式公文一致，请安装上述字体后重新生成。"


def choose_fonts(available: Iterable[str] | None) -> FontChoice:
    """The best installed font of each chain. `available` is the list of installed family names (None: not
    known, e.g. the command line — then the preferred fonts are named and Word/WPS substitute via w:altName)."""
    fonts, alternates, missing, none = {}, {}, {}, set()
    have = None if available is None else {f.strip().lower() for f in available}
    for role, chain in FONT_CHAINS.items():
        if have is None:
            choice = chain[0]
        else:
            choice = next((f for f in chain if f.lower() in have), chain[0])
            if choice != chain[0] or chain[0].lower() not in have:
                missing[role] = chain[0]
            if not any(f.lower() in have for f in chain):
                none.add(role)
        fonts[role] = choice
        rest = [f for f in chain if f != choice and (have is None or f.lower() in have)]
        alternates[choice] = rest[0] if rest else next(f for f in chain if f != choice)
    return FontChoice(fonts, alternates, missing, frozenset(none))


PREFERRED = choose_fonts(None)


def apply_fonts(doc: DocumentType, choice: FontChoice) -> None:
    """Replace the preferred fonts by the chosen ones everywhere (styles and runs) and write the font table's
    alternates."""
    rename = font_renames(choice)
    roots = [doc.styles.element, doc.element.body] + [part.element for part in header_footer_parts(doc)]
    if rename:
        for root in roots:
            rename_fonts(root, rename)
    _font_table(doc, choice)


def font_renames(choice: FontChoice) -> dict[str, str]:
    """Preferred font → the chosen one, for the roles where they differ."""
    return {PREFERRED.fonts[role]: name for role, name in choice.fonts.items() if PREFERRED.fonts[role] != name}


def header_footer_parts(doc: DocumentType) -> list:
    """The parts apply_fonts renames fonts in besides styles and body: each section's footers and header (a
    section without one gets the empty part python-docx adds)."""
    return [hf.part for section in doc.sections
            for hf in (section.footer, section.even_page_footer, section.header)]


def rename_fonts(root, rename: dict[str, str]) -> None:
    for fonts in root.iter(_W + "rFonts"):
        for attr in ("eastAsia", "ascii", "hAnsi", "cs"):
            value = fonts.get(_W + attr)
            if value in rename:
                fonts.set(_W + attr, rename[value])


def _font_table(doc: DocumentType, choice: FontChoice) -> None:
    from lxml import etree

    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for name in dict.fromkeys(choice.fonts.values()):
        for old in root.findall(_W + "font"):
            if old.get(_W + "name") == name:
                root.remove(old)
        font = etree.SubElement(root, _W + "font")
        font.set(_W + "name", name)
        alt = etree.SubElement(font, _W + "altName")
        alt.set(_W + "val", choice.alternates[name])
        charset = etree.SubElement(font, _W + "charset")
        charset.set(_W + "val", "86")  # GB2312
        family = etree.SubElement(font, _W + "family")
        family.set(_W + "val", "modern")
        pitch = etree.SubElement(font, _W + "pitch")
        pitch.set(_W + "val", "fixed")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_properties(doc: DocumentType, *, title: str, author: str, created: datetime | None = None) -> None:
    """Document properties: author = the issuing organ, created/modified = now, language zh-CN."""
    set_core_properties(doc.core_properties, title=title, author=author, created=created)
    set_language(doc)


def set_core_properties(props: CoreProperties, *, title: str, author: str, created: datetime | None = None) -> None:
    """The docProps/core.xml half of set_properties."""
    when = (created or datetime.now(timezone.utc)).replace(microsecond=0)  # docProps store UTC
    props.title = title
    props.author = props.last_modified_by = author
    props.created = props.modified = when
    props.language = "zh-CN"
    props.revision = 1
    props.comments = ""


def set_language(doc: DocumentType) -> None:
    """The other half: zh-CN as the styles' default language and the theme fonts' language."""
    defaults = doc.styles.element.find(_W + "docDefaults")
    rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr") if defaults is not None else None
    if rpr is not None:
        lang = rpr.find(_W + "lang")
        if lang is None:
            lang = OxmlElement("w:lang")
            insert_ordered(rpr, lang, RPR_ORDER)
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(_W + "themeFontLang")
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "zh-CN")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


# paragraph kinds → style names created in the document
STYLE_NAMES = {
    "title": "公文标题",
    "docno": "发文字号",
    "addressee": "主送机关",
    "body": "公文正文",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "signature": "发文机关署名",
    "date": "成文日期",
    "note": "附注",
    "attachment": "附件说明",
    "blank": "公文正文",
    "table": "表格文字",
}
CLOSINGS = ("特此答复。", "特此告知。", "特此函告。", "特此通知。")
TABLE_SIZE = Pt(9)


def _set_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)


def _paragraph_style(doc: DocumentType, name: str, east_asia: str, size: Pt, *, bold: bool = False,
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line: Length | None = None, right: Length | None = None,
                     latin: str = LATIN_FONT):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = size
    style.font.bold = bold
    _set_fonts(style.element, east_asia, latin)
    if size == BODY_SIZE:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
        insert_ordered(style.element.get_or_add_rPr(), spacing, RPR_ORDER)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH if size <= BODY_SIZE else Pt(36)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = first_line
    fmt.right_indent = right
    fmt.widow_control = False
    return style


def _off_grid(style) -> None:
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    insert_ordered(style.element.get_or_add_pPr(), snap, PPR_ORDER)


def _page_number_paragraph(paragraph: Paragraph, odd: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = PAGE_NUMBER_LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if odd:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE

    def run(text: str | None = None, field: str | None = None) -> None:
        r = paragraph.add_run(text or "")
        r.font.size = PAGE_NUMBER_SIZE
        _set_fonts(r._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        if field is not None:
            begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
            begin.set(qn("w:fldCharType"), "begin")
            instr.set(qn("xml:space"), "preserve")
            instr.text = field
            end.set(qn("w:fldCharType"), "end")
            r._r.append(begin)
            r._r.append(instr)
            r._r.append(end)

    run("— ")
    run(field=" PAGE ")
    run(" —")


def _style_name(p: Paragraph) -> str | None:
    """The name of a paragraph's style (python-docx types `style` as optional; a body paragraph always has one)."""
    return p.style.name if p.style is not None else None


def new_document() -> DocumentType:
    """An empty document with the GB/T 9704 page, grid, styles and odd/even page numbers."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))

    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element, BODY_FONT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_after = Pt(0)

    title = _paragraph_style(doc, STYLE_NAMES["title"], TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _off_grid(title)  # a 2号 title line is 36 pt, not two 29 pt grid lines (Word ignores the grid here; LibreOffice not)
    _paragraph_style(doc, STYLE_NAMES["docno"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, STYLE_NAMES["addressee"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(doc, STYLE_NAMES["body"], BODY_FONT, BODY_SIZE, first_line=Emu(2 * CHAR))
    _paragraph_style(doc, STYLE_NAMES["heading1"], HEADING1_FONT, BODY_SIZE, first_line=Emu(2 * CHAR)
                     ).paragraph_format.keep_with_next = True
    _paragraph_style(doc, STYLE_NAMES["heading2"], HEADING2_FONT, BODY_SIZE, first_line=Emu(2 * CHAR))
    # GB/T 9704 7.3.5.1: the date 右空四字, the organ's name centred over it: both centre on one tab stop
    for kind in ("signature", "date"):
        style = _paragraph_style(doc, STYLE_NAMES[kind], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_CENTRE, WD_TAB_ALIGNMENT.CENTER)
    _paragraph_style(doc, STYLE_NAMES["note"], BODY_FONT, BODY_SIZE, first_line=Emu(2 * CHAR))
    attachment = _paragraph_style(doc, STYLE_NAMES["attachment"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    attachment.paragraph_format.left_indent = ATTACHMENT_INDENT
    attachment.paragraph_format.first_line_indent = Emu(Pt(2 * CHAR_WIDTH) - ATTACHMENT_INDENT)
    table_style = _paragraph_style(doc, STYLE_NAMES["table"], "宋体", TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    table_style.paragraph_format.line_spacing = Pt(15)
    _off_grid(table_style)  # table text keeps its own line height, not the 22-line grid

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_paragraph(section.footer.paragraphs[0], odd=True)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], odd=False)
    return doc


def add(doc: DocumentType, kind: str, text: str = "") -> Paragraph:
    """Append a paragraph of one of the kinds in STYLE_NAMES."""
    return doc.add_paragraph(text, style=doc.styles[STYLE_NAMES[kind]])


def text_width(text: str) -> float:
    """Width in body characters: a 汉字 is 1, a digit or Latin letter about 0.5."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text.strip())


def fit_signature(doc: DocumentType) -> None:
    """A signature too long to centre over the date (it would run past the right margin) is set 右空二字 and the
    date centred under it instead (GB/T 9704 7.3.5.1 practice for long names)."""
    fit_signature_paragraphs(doc.paragraphs)


def fit_signature_paragraphs(paragraphs: list[Paragraph],
                             style_name: Callable[[Paragraph], str | None] = _style_name) -> None:
    """fit_signature on a document's body paragraphs; `style_name` may answer from a cache (looking a style up
    in a 350 kB styles.xml costs about 0.5 ms)."""
    for i, p in enumerate(paragraphs[:-1]):
        if style_name(p) != STYLE_NAMES["signature"] or style_name(paragraphs[i + 1]) != STYLE_NAMES["date"]:
            continue
        width = text_width(p.text)
        if SIGNATURE_CENTRE.pt + width / 2 * CHAR_WIDTH <= 442.2 - 2 * CHAR_WIDTH:
            continue
        centre = Pt(442.2 - (2 + width / 2) * CHAR_WIDTH)
        for q in (p, paragraphs[i + 1]):
            stops = q.paragraph_format.tab_stops
            stops.add_tab_stop(SIGNATURE_CENTRE, WD_TAB_ALIGNMENT.CLEAR)
            stops.add_tab_stop(centre, WD_TAB_ALIGNMENT.CENTER)


def keep_closing_together(doc: DocumentType) -> None:
    """GB/T 9704 7.3.5: the signature and date never stand alone on a page. The closing line, 附件说明, blank
    lines, signature, date and 附注 keep with the next paragraph, and so does the last paragraph of body text —
    with widow/orphan control, so when the letter runs over, at least two lines of body text go with them."""
    paragraphs = doc.paragraphs
    signature = next((i for i, p in enumerate(paragraphs) if _style_name(p) == STYLE_NAMES["signature"]), None)
    if signature is None:
        return
    for i in range(signature + 1, min(signature + 2, len(paragraphs))):
        paragraphs[i].paragraph_format.keep_with_next = True  # the date keeps with the 附注 under it
    for p in reversed(paragraphs[:signature + 1]):
        p.paragraph_format.keep_with_next = True
        text = p.text.strip()
        if _style_name(p) == STYLE_NAMES["body"] and text and text not in CLOSINGS and not text.startswith("{%"):
            p.paragraph_format.widow_control = True
            break

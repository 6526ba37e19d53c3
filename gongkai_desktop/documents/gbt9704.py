"""Word documents laid out per GB/T 9704-2012 《党政机关公文格式》 (domain.md §5), with python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm); body 3号 (16 pt) 仿宋_GB2312
on a fixed 22-line × 28-character grid; title 2号 (22 pt) 小标宋; level-1 headings 黑体, level-2 楷体; Latin
text and digits in Times New Roman; page numbers "— 1 —" in 4号宋体, odd pages right and even pages left, one
character in. Fonts are named, not embedded: Word and WPS substitute a missing font and the document still
opens cleanly."""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
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
# 28 characters must fit the 156 mm (442.2 pt) line: 16 pt characters condensed by 0.25 pt → 15.75 pt each.
# (A character grid, docGrid linesAndChars, does the same in Word but LibreOffice spreads it out.)
CONDENSE_TWIPS = -5

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
    "blank": "公文正文",
    "table": "表格文字",
}
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
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line: Pt | None = None, right: Pt | None = None,
                     latin: str = LATIN_FONT):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = size
    style.font.bold = bold
    _set_fonts(style.element, east_asia, latin)
    if size == BODY_SIZE:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
        style.element.get_or_add_rPr().append(spacing)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH if size <= BODY_SIZE else Pt(36)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = first_line
    fmt.right_indent = right
    fmt.widow_control = False
    return style


def _page_number_paragraph(paragraph: Paragraph, odd: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
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


def new_document() -> DocumentType:
    """An empty document with the GB/T 9704 page, grid, styles and odd/even page numbers."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)  # the page-number line sits about 7 mm below the 版心
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

    _paragraph_style(doc, STYLE_NAMES["title"], TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, STYLE_NAMES["docno"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, STYLE_NAMES["addressee"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(doc, STYLE_NAMES["body"], BODY_FONT, BODY_SIZE, first_line=2 * CHAR)
    _paragraph_style(doc, STYLE_NAMES["heading1"], HEADING1_FONT, BODY_SIZE, first_line=2 * CHAR
                     ).paragraph_format.keep_with_next = True
    _paragraph_style(doc, STYLE_NAMES["heading2"], HEADING2_FONT, BODY_SIZE, first_line=2 * CHAR)
    _paragraph_style(doc, STYLE_NAMES["signature"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT,
                     right=2 * CHAR)
    _paragraph_style(doc, STYLE_NAMES["date"], BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT, right=4 * CHAR)
    table_style = _paragraph_style(doc, STYLE_NAMES["table"], "宋体", TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    table_style.paragraph_format.line_spacing = Pt(15)
    snap = OxmlElement("w:snapToGrid")  # table text keeps its own line height, not the 22-line grid
    snap.set(qn("w:val"), "0")
    table_style.element.get_or_add_pPr().append(snap)

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_paragraph(section.footer.paragraphs[0], odd=True)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], odd=False)
    return doc


def add(doc: DocumentType, kind: str, text: str = "") -> Paragraph:
    """Append a paragraph of one of the kinds in STYLE_NAMES."""
    return doc.add_paragraph(text, style=doc.styles[STYLE_NAMES[kind]])

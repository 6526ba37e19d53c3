"""The wording of the default letter templates, and the builder that writes them as .docx files into
resources/templates/ (`python -m gongkai_desktop.documents.letter_templates`).

The shipped .docx files are ordinary Word documents with Jinja placeholders ({{ applicant_name }} …) that an
officer may copy, edit in Word or WPS and use instead; a test checks that the shipped files still carry this
wording. The text is written for this project from the articles of the 条例 it cites (domain.md §4)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from ..core.letters import LETTER_TYPES
from .gbt9704 import add, keep_closing_together, new_document, set_properties

TEMPLATE_DATE = datetime(2026, 12, 1, 0, 0, 0)  # fixed, so rebuilding the templates changes nothing

RECEIVED = "本机关于{{ received_date }}{{ channel_phrase }}收到{{ you }}提交的政府信息公开申请（申请编号：{{ app_no }}），申请获取“{{ content }}”。"
TIAOLI = "《中华人民共和国政府信息公开条例》"
# GB/T 9704 附注: under the date, two characters in, in parentheses
CONTACT = "（联系人：{{ contact }}；联系电话：{{ contact_phone }}）"
ATTACHMENTS = [
    "{%p for part in attachments %}",
    "{% if loop.first %}附件：{% else %}　　　{% endif %}{{ loop.index }}.{{ part }}",
    "{%p endfor %}",
]
THIRD_PARTY_RECEIVED = ("本机关于{{ received_date }}收到一份政府信息公开申请（申请编号：{{ app_no }}），"
                        "申请获取“{{ content }}”。")

BODIES: dict[str, list[str]] = {
    "receipt": [
        "本机关于{{ received_date }}{{ channel_phrase }}收到{{ you }}提交的政府信息公开申请，申请获取“{{ content }}”。"
        "该申请已登记，申请编号为{{ app_no }}。",
        f"根据{TIAOLI}第三十三条的规定，本机关将自收到申请之日起20个工作日内作出答复，即于{{{{ due_date }}}}前答复；"
        "需要延长答复期限的，将另行书面告知。征求第三方和其他机关意见所需时间不计算在答复期限内。",
        "如有疑问，请与本机关联系（联系人：{{ contact }}；联系电话：{{ contact_phone }}）。",
    ],
    "correction": [
        RECEIVED,
        f"经审查，{{{{ you }}}}的申请内容不够明确，本机关无法据此确定所需的政府信息。"
        "{% if contact_text %}{{ contact_text }}。{% endif %}"
        f"根据{TIAOLI}第三十条的规定，请{{{{ you }}}}对以下事项作出补正：{{{{ correction_items }}}}",
        "请于{{ correction_deadline }}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。"
        "{{ you }}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ],
    "extension": [
        RECEIVED,
        "因{{ extension_reason }}，本机关不能在法定期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
        f"根据{TIAOLI}第三十三条第二款的规定，答复期限延长{{{{ extension_days }}}}个工作日，"
        "本机关将于{{ new_due_date }}前作出答复。",
    ],
    "delay": [
        RECEIVED,
        "因{{ you }}申请公开政府信息的数量、频次明显超过合理范围，本机关已请{{ you }}说明理由，{{ you }}{{ reasons_result }}。"
        "经审查，本机关认为理由合理，但无法在条例第三十三条规定的期限内答复。",
        f"根据{TIAOLI}第三十五条的规定，本机关确定延迟答复的期限为{{{{ delay_days }}}}个工作日，"
        "将于{{ new_due_date }}前作出答复。",
    ],
    "consult-third-party": [
        THIRD_PARTY_RECEIVED + "经审查，该信息可能涉及贵方的商业秘密、个人隐私等合法权益，公开后可能对贵方的合法权益造成损害。",
        f"根据{TIAOLI}第三十二条的规定，现书面征求贵方意见。请自收到本征求意见书之日起15个工作日内，"
        "以书面形式向本机关提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，"
        "本机关将依照条例的规定决定是否公开。",
        "第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，"
        "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。",
    ],
    "consult-confirm": [
        "本机关于{{ consult_sent_date }}就申请人申请获取的“{{ content }}”（申请编号：{{ app_no }}）向贵方发出征求意见书。"
        f"根据{TIAOLI}第三十二条的规定，请贵方自收到征求意见书之日起15个工作日内，在下列意见中选择一项，"
        "签名或者盖章后送回本机关。",
    ],
    "consult-notice": [
        RECEIVED,
        "经审查，{{ you }}申请获取的信息需要征求第三方或者其他机关的意见，本机关已于{{ consult_sent_date }}书面征求意见。"
        f"根据{TIAOLI}第三十三条第三款的规定，征求第三方和其他机关意见所需时间不计算在答复期限内。"
        "本机关将在收到意见或者征求意见期限届满后依法作出答复。",
    ],
    "disclosure-third-party": [
        "本机关于{{ consult_sent_date }}就申请人申请获取的“{{ content }}”（申请编号：{{ app_no }}）书面征求贵方意见。",
        "经研究，本机关认为不公开上述信息可能对公共利益造成重大影响。"
        f"根据{TIAOLI}第十五条、第三十二条的规定，本机关决定予以公开。理由如下：{{{{ disclosure_reason }}}}",
        "决定公开的内容：{{ disclosure_content }}",
        "{{ remedy }}",
    ],
    "consult-co-producer": [
        THIRD_PARTY_RECEIVED + "该信息由本机关与贵单位共同制作。",
        f"根据{TIAOLI}第三十四条的规定，现征求贵单位意见。请自收到本函之日起15个工作日内提出意见；"
        "逾期未提出意见的，视为同意公开。",
    ],
    "assist": [
        THIRD_PARTY_RECEIVED + "经审查，所申请的信息可能由贵单位制作或者保存。",
        "为依法按期答复申请人，请贵单位{{ assist_items }}",
        "请于{{ assist_deadline }}前将协办意见书面函复本机关。",
    ],
    "reasons-request": [
        RECEIVED,
        "经审查，{{ you }}提出的政府信息公开申请的数量、频次明显超过合理范围。"
        f"根据{TIAOLI}第三十五条的规定，请{{{{ you }}}}于{{{{ reasons_deadline }}}}前以书面形式说明理由。",
        "本机关认为理由不合理的，将告知{{ you }}不予处理；认为理由合理，但无法在条例第三十三条规定的期限内答复的，"
        "将确定延迟答复的合理期限并告知{{ you }}。",
    ],
    "fee-notice": [
        RECEIVED,
        f"根据{TIAOLI}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"
        "本机关决定对{{ you }}的本次申请收取信息处理费。",
        "收费标准：{{ fee_standard }}。",
        "计算：{{ fee_explanation }}",
        "应缴金额：人民币{{ fee_amount }}元（大写：{{ fee_amount_upper }}）。",
        "缴纳方式：{{ payment_method }}。",
        "请{{ you }}自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "{{ you }}对收费的依据、标准或者数额有异议的，可以在缴费期限内向本机关提出。",
        "{{ remedy }}",
    ],
    "reply-proactive": [
        RECEIVED,
        f"经审查，{{{{ you }}}}申请获取的政府信息已经主动公开。根据{TIAOLI}第三十六条第（一）项的规定，"
        "{{ you }}可以通过以下方式、途径获取：{{ public_location }}",
    ],
    "reply-disclose": [
        RECEIVED,
        f"经审查，{{{{ you }}}}申请获取的政府信息属于公开范围。根据{TIAOLI}第三十六条第（二）项的规定，"
        "本机关决定予以公开。{{ provide_text }}。",
    ],
    "reply-partial": [
        RECEIVED,
        "经审查，{{ you }}申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。"
        f"根据{TIAOLI}第三十七条的规定，本机关对可以公开的内容予以公开，{{{{ provide_text }}}}；"
        "对以下内容不予公开：",
        "{%p for part in withheld_parts %}",
        "{{ loop.index }}.{{ part }}",
        "{%p endfor %}",
    ],
    "reply-items": [
        RECEIVED,
        "经审查，{{ you }}的申请包含以下几项内容，现根据《中华人民共和国政府信息公开条例》的有关规定分项答复如下：",
        "{%p for part in item_answers %}",
        "{{ part }}",
        "{%p endfor %}",
    ],
    "reply-withhold": [
        RECEIVED,
        "经审查，{{ withhold_reason }}根据{{ withhold_article }}的规定，本机关决定不予公开。",
    ],
    "reply-not-exist": [
        RECEIVED,
        "收到申请后，{{ search_text }}。"
        f"根据{TIAOLI}第三十六条第（四）项的规定，现告知{{{{ you }}}}该政府信息不存在。",
    ],
    "reply-not-responsible": [
        RECEIVED,
        "{% if search_text %}收到申请后，{{ search_text }}。{% endif %}"
        "{% if contact_text %}{{ contact_text }}。{% endif %}"
        "经审查，{{ you }}申请获取的政府信息不属于本机关负责公开，理由是：{{ not_responsible_reason }}。"
        f"根据{TIAOLI}第三十六条第（五）项的规定，现予告知。"
        "{% if responsible_organ %}该信息由{{ responsible_organ }}负责公开"
        "{% if responsible_contact %}，联系方式：{{ responsible_contact }}{% endif %}。{% endif %}",
    ],
    "reply-repeat": [
        RECEIVED,
        "经审查，{{ you }}此前已就相同政府信息提出申请，本机关已作出答复（{{ earlier_reply }}）。"
        f"{{{{ you }}}}此次重复申请相同政府信息。根据{TIAOLI}第三十六条第（六）项的规定，本机关不予重复处理。",
    ],
    "reply-special": [
        RECEIVED,
        f"经审查，{{{{ you }}}}申请获取的信息，法律、行政法规对其获取有特别规定。根据{TIAOLI}第三十六条第（七）项的规定，"
        "请{{ you }}依照有关法律、行政法规的规定办理：{{ special_law }}",
    ],
    "reply-confirm": [
        RECEIVED,
        "经审查，{{ you }}已经获取了所申请的信息：{{ obtained_info }}。{{ you }}此次申请实际是要求本机关{{ confirm_kind }}。"
        f"依照{TIAOLI}第二条、第三十八条的规定，政府信息公开是向申请人提供行政机关已制作或者获取的、"
        "以一定形式记录和保存的现有信息，对申请人已获取信息的确认或者重新出具不属于政府信息公开申请的处理范围。"
        "本机关对{{ you }}的该项申请不予处理。",
    ],
    "reply-not-application": [
        RECEIVED,
        "经审查，{{ you }}提交的申请实际是以政府信息公开申请的形式进行信访、投诉、举报等活动。"
        f"根据{TIAOLI}第三十九条第一款的规定，本机关不作为政府信息公开申请处理。{{{{ you }}}}可以通过{{{{ proper_channel }}}}提出。",
    ],
    "reply-publication": [
        RECEIVED,
        "经审查，{{ you }}要求提供的是{{ publication }}，属于公开出版物。"
        f"根据{TIAOLI}第三十九条第二款的规定，{{{{ you }}}}可以通过{{{{ publication_access }}}}获取。",
    ],
    "reply-excessive": [
        RECEIVED,
        "因{{ you }}申请公开政府信息的数量、频次明显超过合理范围，本机关已请{{ you }}说明申请理由，"
        "{{ you }}{{ reasons_result }}。"
        f"根据{TIAOLI}第三十五条的规定，本机关对{{{{ you }}}}的申请不予处理。",
    ],
    "reply-needs-processing": [
        RECEIVED,
        "{% if search_text %}收到申请后，{{ search_text }}。{% endif %}"
        "{% if contact_text %}{{ contact_text }}。{% endif %}"
        "经审查，本机关未制作或者获取{{ you }}所要求的信息，提供该信息需要本机关对现有政府信息进行加工、分析。"
        f"根据{TIAOLI}第三十八条的规定，本机关不予提供。",
    ],
    "reply-still-unclear": [
        RECEIVED,
        "本机关已于{{ correction_sent_date }}告知{{ you }}补正申请，并于{{ correction_received_date }}收到补正后的申请。"
        "{% if contact_text %}{{ contact_text }}。{% endif %}"
        "经审查，补正后的申请内容仍不明确，本机关无法确定{{ you }}所需的政府信息。"
        f"根据{TIAOLI}第三十条的规定，本机关无法按照该申请提供政府信息。",
    ],
    "terminate-correction": [
        RECEIVED,
        "本机关于{{ correction_sent_date }}告知{{ you }}补正申请，补正期限至{{ correction_deadline }}。"
        "补正期限届满，{{ you }}无正当理由未作补正。"
        f"根据{TIAOLI}第三十条的规定，视为{{{{ you }}}}放弃申请，本机关不再处理该政府信息公开申请。",
    ],
    "terminate-fee": [
        RECEIVED,
        "本机关于{{ fee_notice_date }}向{{ you }}发出收费通知，应缴信息处理费{{ fee_amount }}元。"
        "{{ you }}未在收到通知次日起20个工作日内缴纳。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"
        "视为{{ you }}放弃申请，本机关不再处理该政府信息公开申请。",
    ],
}

REPLY_TAIL = ["{{ remedy }}"]
SLIP_TITLE = "征求意见确认意见"


def paragraphs(slug: str) -> list[tuple[str, str]]:
    """(kind, text) of every paragraph of a default template, in order."""
    t = next(t for t in LETTER_TYPES if t.slug == slug)
    body = list(BODIES[slug])
    if slug.startswith(("reply-", "terminate-")):
        body += REPLY_TAIL
    addressee = "{{ third_party }}：" if t.to_third_party else "{{ applicant_name }}："
    # 信函式: the 文号 right under the title, one blank line before the addressee
    out = [("title", "{{ organ_name }}"), ("title", t.title), ("docno", "{{ doc_number }}"), ("blank", ""),
           ("addressee", addressee)]
    out += [("body", text) for text in body]
    if t.closing:
        out.append(("body", t.closing))
    if t.provides_items:
        out += [("blank", "")] + [("attachment", text) for text in ATTACHMENTS]
    # the seal presses on the signature and date (GB/T 9704 7.3.5.1): they sit two lines under the body; the
    # signature is centred over the date; the contact line is the 附注 under the date
    out += [("blank", ""), ("blank", ""), ("signature", "\t{{ organ_name }}"), ("date", "\t{{ issued_date }}")]
    if slug != "receipt":  # the receipt names the contact in its last sentence
        out.append(("note", CONTACT))
    if slug == "consult-confirm":  # the slip the third party fills in, signs and returns
        out += [("title", SLIP_TITLE), ("blank", ""), ("addressee", "{{ organ_name }}："),
                ("body", "□ 同意公开。"), ("body", "□ 不同意公开，理由是："), ("blank", ""), ("blank", ""),
                ("blank", ""), ("body", "第三方名称：{{ third_party }}"), ("signature", "\t（签名或者盖章）"),
                ("date", "\t年　　月　　日")]
    return out


def build(slug: str, target: Path) -> None:
    doc = new_document()
    for kind, text in paragraphs(slug):
        paragraph = add(doc, kind, text)
        if text == SLIP_TITLE:  # the slip the third party returns is a sheet of its own
            paragraph.paragraph_format.page_break_before = True
    keep_closing_together(doc)
    set_properties(doc, title=next(t.name for t in LETTER_TYPES if t.slug == slug), author="政务公开台账",
                   created=TEMPLATE_DATE)
    doc.save(str(target))


def build_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for t in LETTER_TYPES:
        path = folder / f"{t.slug}.docx"
        build(t.slug, path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - build step
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "resources" / "templates"
    for p in build_all(out):
        print(p)

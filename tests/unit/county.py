"""A 20-unit county's 工作要点 for the 督办 tests (issue 25): every unit leads one task and helps on the next."""

UNITS = ["县发展改革局", "县教育局", "县科技局", "县公安局", "县民政局", "县司法局", "县财政局", "县人社局",
         "县自然资源局", "县生态环境局", "县住建局", "县交通运输局", "县水务局", "县农业农村局", "县商务局",
         "县文旅局", "县卫健委", "县应急局", "县市场监管局", "县医保局"]
DEADLINES = ["6月底前", "年底前", "9月底前", "每季度", "持续推进"]


def county_plan() -> str:
    lines = ["某县人民政府办公室关于印发《某县2026年政务公开工作要点》的通知", "某政办发〔2026〕12号",
             "某县人民政府办公室", "2026年4月20日", "", "某县2026年政务公开工作要点", "一、加强重点领域信息公开"]
    numbers = "一二三四五六七八九十"
    for i, unit in enumerate(UNITS):
        n = i + 1
        code = numbers[n - 1] if n <= 10 else ("十" + numbers[n - 11] if n < 20 else "二十")
        helper = UNITS[(i + 1) % len(UNITS)]
        deadline = DEADLINES[i % len(DEADLINES)]
        if deadline == "持续推进":
            lines.append(f"（{code}）做好第{n}项公开工作。{unit}负责的公开事项及时更新。（完成时限：持续推进）"
                         f"（牵头单位：{unit}；责任单位：{helper}）")
        else:
            lines.append(f"（{code}）做好第{n}项公开工作。{deadline}完成{unit}负责的公开事项。"
                         f"（牵头单位：{unit}；责任单位：{helper}）")
    return "\n".join(lines) + "\n"

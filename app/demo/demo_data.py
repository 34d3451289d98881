"""Fixed reference data for the demo: organizations, occupations, schemes, names, regions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SEED = 2026

# (code, name, English name): codes from 中华人民共和国职业分类大典 (2022).
OCCUPATIONS: tuple[tuple[str, str, str], ...] = (
    ("6-18-02-04", "焊工", "Welder"),
    ("6-31-01-03", "电工", "Electrician"),
    ("6-18-01-01", "数控车工", "CNC lathe operator"),
    ("4-12-01-01", "汽车维修工", "Automobile mechanic"),
)
WELDER, ELECTRICIAN, CNC, MECHANIC = (code for code, _, _ in OCCUPATIONS)
# Short letters for anonymous codes and account names.
OCCUPATION_LETTER = {WELDER: "H", ELECTRICIAN: "D", CNC: "C", MECHANIC: "Q"}

MOHRSS = "人力资源和社会保障部"
HEBEI = "河北省人力资源和社会保障厅"
TANGSHAN = "唐山市人力资源和社会保障局"
CANGZHOU = "沧州市人力资源和社会保障局"
ASSESSMENT_CENTRE = "河北省职业技能鉴定指导中心"


@dataclass(frozen=True)
class OrgSpec:
    """An organization: employers and schools list the occupations their people practise."""

    name: str
    kind: str  # EMPLOYER, SCHOOL, ORGANIZER
    region: str
    parent: str | None
    occupations: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()  # where its people's ID numbers were issued
    people: int = 0


ORGS: tuple[OrgSpec, ...] = (
    OrgSpec(MOHRSS, "ORGANIZER", "全国", None),
    OrgSpec(HEBEI, "ORGANIZER", "河北省", MOHRSS),
    OrgSpec(TANGSHAN, "ORGANIZER", "河北省唐山市", HEBEI),
    OrgSpec(CANGZHOU, "ORGANIZER", "河北省沧州市", HEBEI),
    OrgSpec(ASSESSMENT_CENTRE, "EMPLOYER", "河北省", HEBEI),
    OrgSpec("唐山华冶重工机械有限公司", "EMPLOYER", "河北省唐山市", TANGSHAN,
            (WELDER, CNC), ("130203", "130202", "500103"), 42),
    OrgSpec("唐山鑫达电气设备有限公司", "EMPLOYER", "河北省唐山市", TANGSHAN,
            (ELECTRICIAN, WELDER), ("130202", "130203", "410102"), 36),
    OrgSpec("唐山冀东装备制造有限公司", "EMPLOYER", "河北省唐山市", TANGSHAN,
            (CNC, ELECTRICIAN), ("130203", "120101"), 32),
    OrgSpec("唐山市机电技工学校", "SCHOOL", "河北省唐山市", TANGSHAN,
            (CNC, MECHANIC), ("130202", "130203"), 48),
    OrgSpec("沧州明远电气有限公司", "EMPLOYER", "河北省沧州市", CANGZHOU,
            (ELECTRICIAN,), ("130902", "130903", "370102"), 30),
    OrgSpec("沧州恒通机械制造有限公司", "EMPLOYER", "河北省沧州市", CANGZHOU,
            (WELDER, CNC), ("130903", "130902", "110105"), 36),
    OrgSpec("沧州渤海石化设备有限公司", "EMPLOYER", "河北省沧州市", CANGZHOU,
            (WELDER, ELECTRICIAN), ("130902", "120101"), 32),
    OrgSpec("沧州市交通职业技术学校", "SCHOOL", "河北省沧州市", CANGZHOU,
            (MECHANIC, CNC), ("130903", "130902"), 44),
)


@dataclass(frozen=True)
class CompetitionSpec:
    """A competition in the pyramid; `parent` names the one it selects for."""

    key: str
    name: str
    tier: str
    category: str
    region: str
    organizer: str
    parent: str | None
    projects: tuple[tuple[str, str], ...]  # (occupation code, group)
    start_offset: int  # contest day relative to the demo's today
    registration: tuple[int, int]  # window opens/closes, days relative to today
    award_scheme: str
    award_params: dict
    quota: int  # finishers of each project qualifying for the parent's project


_ALL = ((WELDER, "EMPLOYEE"), (ELECTRICIAN, "EMPLOYEE"), (CNC, "EMPLOYEE"),
        (CNC, "STUDENT"), (MECHANIC, "STUDENT"))
_PERCENT = {"percents": ["0.1", "0.2", "0.3"]}
_FIXED = {"counts": [2, 4, 6]}

COMPETITIONS: tuple[CompetitionSpec, ...] = (
    CompetitionSpec("national", "第三届全国技能大赛", "NATIONAL", "GENERAL", "全国", MOHRSS,
                    None, _ALL, 150, (90, 120), "MEDALS_PLUS_MERIT", {}, 0),
    CompetitionSpec("hebei", "河北省第四届职业技能大赛", "PROVINCIAL", "CLASS_1", "河北省",
                    HEBEI, "national", _ALL, 75, (30, 45), "PERCENT_PRIZES", _PERCENT, 2),
    CompetitionSpec("tangshan", "唐山市职业技能大赛", "MUNICIPAL", "CLASS_1", "唐山市",
                    TANGSHAN, "hebei", _ALL, -1, (-40, -10), "PERCENT_PRIZES", _PERCENT, 3),
    CompetitionSpec("cangzhou", "沧州市职业技能竞赛", "MUNICIPAL", "GENERAL", "沧州市",
                    CANGZHOU, "hebei", _ALL, 14, (-20, 3), "PERCENT_PRIZES", _PERCENT, 3),
    CompetitionSpec("huaye", "唐山华冶重工岗位练兵技术比武", "ENTERPRISE", "GENERAL",
                    "河北省唐山市", "唐山华冶重工机械有限公司", "tangshan",
                    ((WELDER, "EMPLOYEE"), (CNC, "EMPLOYEE")), 7, (-14, 3),
                    "FIXED_COUNT", _FIXED, 5),
    CompetitionSpec("ts_school", "唐山市机电技工学校技能节", "ENTERPRISE", "GENERAL",
                    "河北省唐山市", "唐山市机电技工学校", "tangshan",
                    ((CNC, "STUDENT"), (MECHANIC, "STUDENT")), 8, (-14, 3),
                    "FIXED_COUNT", _FIXED, 5),
    CompetitionSpec("mingyuan", "沧州明远电气职工技能竞赛", "ENTERPRISE", "GENERAL",
                    "河北省沧州市", "沧州明远电气有限公司", "cangzhou",
                    ((ELECTRICIAN, "EMPLOYEE"),), 6, (-14, 2), "FIXED_COUNT", _FIXED, 5),
    CompetitionSpec("cz_school", "沧州市交通职业技术学校技能大赛", "ENTERPRISE", "GENERAL",
                    "河北省沧州市", "沧州市交通职业技术学校", "cangzhou",
                    ((MECHANIC, "STUDENT"), (CNC, "STUDENT")), 9, (-14, 3),
                    "FIXED_COUNT", _FIXED, 5),
)

# 唐山 runs over two days: electricians yesterday (scored and locked), the rest today.
PROJECT_DAY = {
    ("tangshan", WELDER, "EMPLOYEE"): 1,
    ("tangshan", CNC, "EMPLOYEE"): 1,
    ("tangshan", CNC, "STUDENT"): 1,
    ("tangshan", MECHANIC, "STUDENT"): 1,
}

# The practical marking scheme: criterion (code, max) → sub-criteria → aspects
# (code, kind, max). Names per occupation follow in SCHEME_NAMES; maxima sum to 100.
SCHEME: tuple[tuple[str, tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...]], ...] = (
    ("A", (("A1", (("A1.1", "M", 2), ("A1.2", "M", 3))), ("A2", (("A2.1", "J", 5),)))),
    ("B", (("B1", (("B1.1", "M", 5), ("B1.2", "J", 5))), ("B2", (("B2.1", "PANEL", 20),)))),
    ("C", (("C1", (("C1.1", "M", 10), ("C1.2", "M", 15))), ("C2", (("C2.1", "PANEL", 15),)))),
    ("D", (("D1", (("D1.1", "M", 10), ("D1.2", "J", 5), ("D1.3", "M", 5))),)),
)

_COMMON_A = ("安全文明生产", "安全防护", "正确穿戴劳动防护用品", "操作前安全检查规范",
             "现场整理", "工位整洁、工具摆放有序")
SCHEME_NAMES: dict[str, tuple[str, ...]] = {
    # A, A1, A1.1, A1.2, A2, A2.1, B, B1, B1.1, B1.2, B2, B2.1, C, C1, C1.1, C1.2, C2, C2.1,
    # D, D1, D1.1, D1.2, D1.3
    ELECTRICIAN: _COMMON_A + (
        "电路安装工艺", "元件布置", "元件选型正确", "布局合理美观", "布线", "布线工艺",
        "功能调试", "通电试验", "主电路通电正常", "控制功能全部实现", "PLC 程序",
        "程序结构与可读性", "故障排除", "排故", "故障点全部查出", "排故思路与方法",
        "排故用时达标"),
    WELDER: _COMMON_A + (
        "焊前准备", "坡口与组对", "坡口尺寸符合图纸", "组对间隙与错边", "焊接操作",
        "焊道成形", "焊缝质量", "外观检验", "焊缝余高合格", "无咬边、气孔", "内部质量",
        "射线探伤评定", "综合评价", "工艺文件", "焊接工艺卡填写正确", "操作规范性",
        "用时达标"),
    CNC: _COMMON_A + (
        "工艺准备", "工艺编制", "刀具选择合理", "工艺路线合理", "编程", "程序编制与仿真",
        "零件精度", "尺寸检测", "主要尺寸合格", "形位公差合格", "表面质量", "表面粗糙度与外观",
        "综合评价", "加工完成", "零件完整加工", "操作规范性", "用时达标"),
    MECHANIC: _COMMON_A + (
        "检测诊断", "仪器使用", "诊断仪连接正确", "检测流程规范", "故障诊断", "诊断思路",
        "维修作业", "拆装", "零部件拆装正确", "扭矩符合规范", "调整", "调整与复检质量",
        "竣工检验", "交车", "故障全部排除", "作业记录完整", "用时达标"),
}

# WorldSkills judgement descriptors for 0–3 (J aspects).
J_DESCRIPTORS = (
    {"score": 0, "text": "低于行业标准"},
    {"score": 1, "text": "达到行业标准"},
    {"score": 2, "text": "达到并在某些方面超过行业标准"},
    {"score": 3, "text": "全面超越行业标准，表现卓越"},
)

THEORY_WEIGHT = Decimal("0.3")
PRACTICAL_WEIGHT = Decimal("0.7")

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋"
    "蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙"
)
MALE_GIVEN = "伟强磊军勇杰涛明超刚平辉鹏斌波亮健宇浩凯鑫峰建国志华海东晨旭阳成龙振兴永庆"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞燕玲婷雪慧红梅琳颖倩佳欣雅丹萍璐月晶莹洁岚蕾"
PHONE_PREFIXES = ("130", "131", "132", "135", "136", "138", "139", "150", "151", "152",
                  "155", "157", "158", "177", "180", "182", "185", "186", "187", "189")

# Current grades (PersonGrade, source CERTIFICATE) and their weights; None = no grade yet.
EMPLOYEE_GRADES = ((None, 8), ("L5", 12), ("L4", 35), ("L3", 32), ("L2", 10), ("L1", 3))
STUDENT_GRADES = ((None, 30), ("L5", 45), ("L4", 25))
REJECTION_REASONS = ("身份证复印件不清晰，请重新上传", "不符合本赛项组别要求",
                     "单位推荐表未加盖公章")
